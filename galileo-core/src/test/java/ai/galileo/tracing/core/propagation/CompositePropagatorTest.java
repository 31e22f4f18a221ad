package ai.galileo.tracing.core.propagation;

import static org.assertj.core.api.Assertions.assertThat;

import ai.galileo.tracing.Context;
import ai.galileo.tracing.Propagator;
import ai.galileo.tracing.Span;
import ai.galileo.tracing.SpanContext;
import ai.galileo.tracing.core.internal.Ids;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class CompositePropagatorTest {
  static final UUID TRACE = UUID.fromString("6f1e0b2c-3a4d-4e5f-8a9b-0c1d2e3f4a5b");
  static final UUID SPAN = UUID.fromString("0d9c8b7a-6f5e-4d3c-9b2a-190817263544");
  static final String OTEL_TRACE = "5759e988bd862e3fe1be46a994272793";

  final Propagator galileo = GalileoPropagator.create();
  final Propagator w3c = W3CTraceContextPropagator.create();
  final Propagator both = Propagators.composite(galileo, w3c);

  static Context contextOf(UUID trace, UUID span) {
    return Context.root().with(Span.wrap(SpanContext.create(trace, span)));
  }

  @Test
  void injectWritesEveryMembersHeadersInOrder() {
    Map<String, String> headers = both.injectHeaders(contextOf(TRACE, SPAN));

    assertThat(headers.keySet()).containsExactly(
        "X-Galileo-Trace-ID", "X-Galileo-Parent-ID", "traceparent", "tracestate");
  }

  @Test
  void fieldsAreTheUnionInOrderWithoutRepeats() {
    Propagator composite = Propagators.composite(galileo, w3c, GalileoPropagator.create());

    assertThat(composite.fields()).containsExactly(
        "x-galileo-trace-id", "x-galileo-parent-id", "traceparent", "tracestate");
  }

  @Test
  void extractPrefersTheFirstMemberThatFindsAParent() {
    UUID otherTrace = UUID.fromString("11111111-2222-4333-8444-555555555555");
    Map<String, String> headers = new LinkedHashMap<>();
    headers.putAll(galileo.injectHeaders(contextOf(TRACE, SPAN)));
    headers.putAll(w3c.injectHeaders(contextOf(otherTrace, SPAN)));

    assertThat(both.extractHeaders(Context.root(), headers).span().context().traceId())
        .isEqualTo(TRACE);
    assertThat(Propagators.composite(w3c, galileo).extractHeaders(Context.root(), headers)
        .span().context().traceId())
        .isEqualTo(otherTrace);
  }

  @Test
  void extractFallsThroughToAMemberThatFindsAParent() {
    Map<String, String> headers = w3c.injectHeaders(contextOf(TRACE, SPAN));

    assertThat(both.extractHeaders(Context.root(), headers).span().context())
        .isEqualTo(SpanContext.createRemote(TRACE, SPAN));
  }

  @Test
  void extractWithNothingFoundGivesBackTheIncomingContext() {
    Context incoming = contextOf(TRACE, SPAN);

    assertThat(both.extractHeaders(incoming, Map.of("accept", "*/*"))).isSameAs(incoming);
  }

  @Test
  void aMemberThatGivesBackTheIncomingParentDoesNotWin() {
    Context incoming = contextOf(TRACE, SPAN);
    Propagator echo = new Throwing() {
      @Override
      public <C> Context extract(Context context, C carrier, Getter<C> getter) {
        return context; // what a member that found nothing returns
      }
    };
    Map<String, String> headers = w3c.injectHeaders(contextOf(TRACE, UUID.randomUUID()));

    Context extracted = Propagators.composite(echo, w3c).extractHeaders(incoming, headers);

    assertThat(extracted.span().context().spanId()).isNotEqualTo(SPAN);
  }

  @Test
  void aMemberThatThrowsIsSkippedOnExtract() {
    Propagator composite = Propagators.composite(new Throwing(), galileo);

    Context extracted = composite.extractHeaders(
        Context.root(), galileo.injectHeaders(contextOf(TRACE, SPAN)));

    assertThat(extracted.span().context()).isEqualTo(SpanContext.createRemote(TRACE, SPAN));
  }

  @Test
  void aMemberThatThrowsIsSkippedOnInjectAndLoggedOnce() {
    Propagator composite = Propagators.composite(new Throwing(), galileo);
    try (LogCapture log = LogCapture.of(CompositePropagator.class)) {
      Map<String, String> headers = composite.injectHeaders(contextOf(TRACE, SPAN));
      composite.injectHeaders(contextOf(TRACE, SPAN));
      composite.extractHeaders(Context.root(), headers);

      assertThat(headers).containsKeys("X-Galileo-Trace-ID", "X-Galileo-Parent-ID");
      assertThat(log.messages()).hasSize(1);
    }
  }

  @Test
  void theW3CTraceIdSurvivesAServiceWhereGalileoHeadersWinExtraction() {
    // OpenTelemetry client -> service A -> service B -> OpenTelemetry service: B reads A's
    // Galileo headers first, yet must still send the OpenTelemetry trace-id on.
    Context atA = both.extractHeaders(Context.root(),
        Map.of("traceparent", "00-" + OTEL_TRACE + "-00f067aa0ba902b7-01", "tracestate", "rojo=1"));
    Context childAtA = atA.with(Span.wrap(
        SpanContext.create(atA.span().context().traceId(), UUID.randomUUID())));

    Context atB = both.extractHeaders(Context.root(), both.injectHeaders(childAtA));
    Context childAtB =
        atB.with(Span.wrap(SpanContext.create(atB.span().context().traceId(), SPAN)));
    Map<String, String> fromB = both.injectHeaders(childAtB);

    assertThat(atB.span().context()).isEqualTo(SpanContext.createRemote(
        childAtA.span().context().traceId(), childAtA.span().context().spanId()));
    assertThat(fromB).containsEntry("traceparent", "00-" + OTEL_TRACE + "-9b2a190817263544-01");
    assertThat(fromB)
        .containsEntry("tracestate", "galileo=0d9c8b7a6f5e4d3c9b2a190817263544,rojo=1");
  }

  /** The headers a span of ours sends: its UUID derives from its W3C ids. */
  private Map<String, String> ourSpansHeaders() {
    return both.injectHeaders(contextOf(TRACE, Ids.spanUuid(TRACE)));
  }

  /** What the extracted context sends for a child span of ours. */
  private Map<String, String> childHeaders(Context extracted) {
    return both.injectHeaders(extracted.with(Span.wrap(SpanContext.create(TRACE, Ids.spanUuid(TRACE)))));
  }

  @Test
  void aTraceparentThatConfirmsTheGalileoParentGivesTheSameParentAndHeaders() {
    Map<String, String> headers = ourSpansHeaders();
    assertThat(headers).doesNotContainKey("tracestate");

    Context extracted = both.extractHeaders(Context.root(), headers);

    assertThat(extracted.span().context())
        .isEqualTo(galileo.extractHeaders(Context.root(), headers).span().context())
        .isEqualTo(w3c.extractHeaders(Context.root(), headers).span().context());
    assertThat(both.injectHeaders(extracted)).isEqualTo(headers);
    assertThat(childHeaders(extracted).get("traceparent")).startsWith("00-" + TRACE.toString()
        .replace("-", "")).endsWith("-01");
  }

  @Test
  void aMatchingTraceparentWithTheRandomFlagIsStillReadInFull() {
    Map<String, String> headers = new LinkedHashMap<>(ourSpansHeaders());
    headers.computeIfPresent("traceparent", (k, v) -> v.substring(0, 53) + "03");

    Context extracted = both.extractHeaders(Context.root(), headers);

    // Level 2: the random-trace-id flag is kept for the trace, on the parent and its children.
    assertThat(both.injectHeaders(extracted)).containsEntry("traceparent", headers.get("traceparent"));
    assertThat(childHeaders(extracted).get("traceparent")).endsWith("-03");
  }

  @Test
  void aMatchingTraceparentWithAnotherVendorsTracestateKeepsIt() {
    Map<String, String> headers = new LinkedHashMap<>(ourSpansHeaders());
    headers.put("tracestate", "rojo=00f067aa0ba902b7");

    Context extracted = both.extractHeaders(Context.root(), headers);

    assertThat(both.injectHeaders(extracted)).containsEntry("tracestate", "rojo=00f067aa0ba902b7");
    assertThat(childHeaders(extracted)).containsEntry("tracestate", "rojo=00f067aa0ba902b7");
  }

  @Test
  void aLaterMemberThatDisagreesDoesNotReplaceTheFirstParent() {
    UUID otherTrace = UUID.fromString("11111111-2222-4333-8444-555555555555");
    Map<String, String> headers = new LinkedHashMap<>();
    headers.putAll(galileo.injectHeaders(contextOf(TRACE, SPAN)));
    headers.putAll(w3c.injectHeaders(contextOf(otherTrace, SPAN)));

    Context extracted = both.extractHeaders(Context.root(), headers);

    assertThat(extracted.span().context()).isEqualTo(SpanContext.createRemote(TRACE, SPAN));
    assertThat(w3c.injectHeaders(extracted)).containsEntry(
        "traceparent", "00-6f1e0b2c3a4d4e5f8a9b0c1d2e3f4a5b-9b2a190817263544-01");
  }

  @Test
  void compositeOfOneIsThatOneAndOfNoneIsNoop() {
    assertThat(Propagators.composite(List.of(galileo))).isSameAs(galileo);
    assertThat(Propagators.composite(List.of())).isSameAs(Propagator.noop());
  }

  @Test
  void nestedCompositesAreFlattened() {
    Propagator nested = Propagators.composite(both, Propagators.composite(galileo));

    assertThat(((CompositePropagator) nested).members()).containsExactly(galileo, w3c, galileo);
  }

  /** A member broken in every way. */
  static class Throwing implements Propagator {
    @Override
    public Collection<String> fields() {
      return List.of();
    }

    @Override
    public <C> void inject(Context context, C carrier, Setter<C> setter) {
      throw new IllegalStateException("inject");
    }

    @Override
    public <C> Context extract(Context context, C carrier, Getter<C> getter) {
      throw new IllegalStateException("extract");
    }

    @Override
    public String toString() {
      return "Throwing";
    }
  }
}
