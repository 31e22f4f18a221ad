package ai.galileo.tracing.core.propagation;

import static ai.galileo.tracing.core.propagation.GalileoPropagatorTest.PARENT;
import static ai.galileo.tracing.core.propagation.GalileoPropagatorTest.TRACE;
import static ai.galileo.tracing.core.propagation.MultiMapCarrier.headers;
import static org.assertj.core.api.Assertions.assertThat;

import ai.galileo.tracing.Context;
import ai.galileo.tracing.ContextKey;
import ai.galileo.tracing.Propagator;
import ai.galileo.tracing.Span;
import ai.galileo.tracing.SpanContext;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Whatever arrives, extraction gives back the context it was handed and throws nothing. */
class GalileoPropagatorBadInputTest {
  static final ContextKey<String> KEY = ContextKey.named("marker");
  // A context that already has a span and a value: "unchanged" must mean this very instance.
  static final Context INCOMING = Context.root()
      .with(Span.wrap(SpanContext.create(UUID.randomUUID(), UUID.randomUUID())))
      .with(KEY, "kept");

  final GalileoPropagator propagator = GalileoPropagator.create();

  @Test
  void missingHeadersLeaveTheContextUnchanged() {
    assertThat(propagator.extractHeaders(INCOMING, Map.of("Accept", "text/plain")))
        .isSameAs(INCOMING);
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "",
      "not-a-uuid",
      "1-2-3-4-5",
      "6f1e0b2c3a4d4e5f8a9b0c1d2e3f4a5b",
      "{6f1e0b2c-3a4d-4e5f-8a9b-0c1d2e3f4a5b}",
      "urn:uuid:6f1e0b2c-3a4d-4e5f-8a9b-0c1d2e3f4a5b",
      " 6f1e0b2c-3a4d-4e5f-8a9b-0c1d2e3f4a5b",
      "6f1e0b2c-3a4d-4e5f-8a9b-0c1d2e3f4a5g",
      "6f1e0b2c+3a4d-4e5f-8a9b-0c1d2e3f4a5b",
      "00000000-0000-0000-0000-000000000000"
  })
  void aTraceIdThatIsNotACanonicalNonNilUuidIsIgnored(String traceId) {
    Map<String, String> carrier =
        Map.of("X-Galileo-Trace-ID", traceId, "X-Galileo-Parent-ID", PARENT);

    assertThat(propagator.extractHeaders(INCOMING, carrier)).isSameAs(INCOMING);
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "",
      "1-2-3-4-5",
      "0d9c8b7a6f5e4d3c9b2a190817263544",
      "{0d9c8b7a-6f5e-4d3c-9b2a-190817263544}",
      "00000000-0000-0000-0000-000000000000"
  })
  void aBadParentIdIsIgnoredRatherThanAttachingUnderTheTrace(String parentId) {
    Map<String, String> carrier =
        Map.of("X-Galileo-Trace-ID", TRACE, "X-Galileo-Parent-ID", parentId);

    assertThat(propagator.extractHeaders(INCOMING, carrier)).isSameAs(INCOMING);
  }

  @Test
  void aParentIdWithoutTraceIdIsIgnored() {
    assertThat(propagator.extractHeaders(INCOMING, Map.of("X-Galileo-Parent-ID", PARENT)))
        .isSameAs(INCOMING);
  }

  @Test
  void anOversizedValueIsIgnoredEvenIfItStartsWithAUuid() {
    String oversized = TRACE + "x".repeat(300);

    assertThat(propagator.extractHeaders(INCOMING,
        Map.of("X-Galileo-Trace-ID", oversized, "X-Galileo-Parent-ID", PARENT)))
        .isSameAs(INCOMING);
    assertThat(propagator.extractHeaders(INCOMING,
        Map.of("X-Galileo-Trace-ID", TRACE, "X-Galileo-Parent-ID", oversized)))
        .isSameAs(INCOMING);
  }

  @Test
  void aTraceIdSentTwiceWithDifferentValuesIsIgnored() {
    String other = "11111111-2222-4333-8444-555555555555";
    Map<String, List<String>> carrier = headers(
        "X-Galileo-Trace-ID", TRACE, "X-Galileo-Trace-ID", other, "X-Galileo-Parent-ID", PARENT);

    assertThat(propagator.extract(INCOMING, carrier, MultiMapCarrier.INSTANCE)).isSameAs(INCOMING);
  }

  @Test
  void aParentIdSentTwiceWithDifferentValuesIsIgnored() {
    String other = "11111111-2222-4333-8444-555555555555";
    Map<String, List<String>> carrier = headers(
        "X-Galileo-Trace-ID", TRACE, "x-galileo-parent-id", PARENT, "X-Galileo-Parent-ID", other);

    assertThat(propagator.extract(INCOMING, carrier, MultiMapCarrier.INSTANCE)).isSameAs(INCOMING);
  }

  @Test
  void aHeaderRepeatedWithTheSameValueIsAccepted() {
    Map<String, List<String>> carrier = headers(
        "X-Galileo-Trace-ID", TRACE, "X-Galileo-Trace-ID", TRACE, "X-Galileo-Parent-ID", PARENT);

    Context context = propagator.extract(INCOMING, carrier, MultiMapCarrier.INSTANCE);

    assertThat(context.span().context().spanIdString()).isEqualTo(PARENT);
  }

  @Test
  void aGetterThatThrowsLeavesTheContextUnchanged() {
    Propagator.Getter<Object> broken = (carrier, name) -> {
      throw new IllegalStateException("boom");
    };

    assertThat(propagator.extract(INCOMING, new Object(), broken)).isSameAs(INCOMING);
  }

  @Test
  void aGetterWhoseGetAllThrowsLeavesTheContextUnchanged() {
    Propagator.Getter<Object> broken = new Propagator.Getter<>() {
      @Override
      public String get(Object carrier, String name) {
        return TRACE;
      }

      @Override
      public List<String> getAll(Object carrier, String name) {
        throw new UnsupportedOperationException();
      }
    };

    assertThat(propagator.extract(INCOMING, new Object(), broken)).isSameAs(INCOMING);
  }

  @Test
  void aNullCarrierOrGetterLeavesTheContextUnchanged() {
    assertThat(propagator.extract(INCOMING, null, MultiMapCarrier.INSTANCE)).isSameAs(INCOMING);
    assertThat(propagator.extract(INCOMING, Map.of(), null)).isSameAs(INCOMING);
    assertThat(propagator.extractHeaders(INCOMING, null)).isSameAs(INCOMING);
  }

  @Test
  void eachKindOfProblemIsLoggedOncePerPropagator() {
    Map<String, String> malformed = Map.of("X-Galileo-Trace-ID", "1-2-3-4-5");
    Map<String, String> oversized = Map.of("X-Galileo-Trace-ID", "y".repeat(1000));
    try (LogCapture log = LogCapture.of(GalileoPropagator.class)) {
      propagator.extractHeaders(INCOMING, malformed);
      propagator.extractHeaders(INCOMING, malformed);
      propagator.extractHeaders(INCOMING, oversized);
      propagator.extractHeaders(INCOMING, oversized);
      assertThat(log.messages()).hasSize(2);

      GalileoPropagator.create().extractHeaders(INCOMING, malformed);
      assertThat(log.messages()).hasSize(3);
    }
  }

  @Test
  void logsShowOnlyAShortPrefixOfAHeaderValue() {
    String secretTail = "z".repeat(200);
    try (LogCapture log = LogCapture.of(GalileoPropagator.class)) {
      propagator.extractHeaders(INCOMING, Map.of("X-Galileo-Trace-ID", "not-a-uuid" + secretTail));

      assertThat(log.messages()).singleElement().asString()
          .contains("X-Galileo-Trace-ID")
          .doesNotContain(secretTail);
    }
  }
}
