package ai.galileo.tracing.core.propagation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.galileo.tracing.Context;
import ai.galileo.tracing.ContextKey;
import ai.galileo.tracing.Propagator;
import ai.galileo.tracing.Span;
import ai.galileo.tracing.SpanContext;
import ai.galileo.tracing.core.propagation.GalileoPropagator.HeaderStyle;
import ai.galileo.tracing.spi.ConfigValues;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class GalileoPropagatorTest {
  // What Galileo's Python SDK puts on the wire: str(uuid.uuid4()), lower case.
  static final String TRACE = "6f1e0b2c-3a4d-4e5f-8a9b-0c1d2e3f4a5b";
  static final String PARENT = "0d9c8b7a-6f5e-4d3c-9b2a-190817263544";

  final GalileoPropagator propagator = GalileoPropagator.create();

  static Context contextOf(String traceId, String spanId) {
    SpanContext span = SpanContext.create(UUID.fromString(traceId), UUID.fromString(spanId));
    return Context.root().with(Span.wrap(span));
  }

  @Test
  void injectWritesExactlyTheTwoHeadersOfGalileosPythonSdk() {
    Map<String, String> headers = propagator.injectHeaders(contextOf(TRACE, PARENT));

    assertThat(headers).containsExactly(
        Map.entry("X-Galileo-Trace-ID", TRACE), Map.entry("X-Galileo-Parent-ID", PARENT));
  }

  @Test
  void injectOfTheTraceItselfSendsTheTraceAsParent() {
    Map<String, String> headers = propagator.injectHeaders(contextOf(TRACE, TRACE));

    assertThat(headers).containsExactly(
        Map.entry("X-Galileo-Trace-ID", TRACE), Map.entry("X-Galileo-Parent-ID", TRACE));
  }

  @Test
  void injectWritesNothingWithoutAValidSpan() {
    assertThat(propagator.injectHeaders(Context.root())).isEmpty();
  }

  @Test
  void injectPassesARemoteParentOnUnchanged() {
    Context extracted = propagator.extractHeaders(Context.root(),
        Map.of("X-Galileo-Trace-ID", TRACE, "X-Galileo-Parent-ID", PARENT));

    assertThat(propagator.injectHeaders(extracted)).containsExactly(
        Map.entry("X-Galileo-Trace-ID", TRACE), Map.entry("X-Galileo-Parent-ID", PARENT));
  }

  @Test
  void extractReadsTheHeadersGalileosPythonSdkSends() {
    Context context = propagator.extractHeaders(Context.root(),
        Map.of("X-Galileo-Trace-ID", TRACE, "X-Galileo-Parent-ID", PARENT));

    SpanContext parent = context.span().context();
    assertThat(parent.traceIdString()).isEqualTo(TRACE);
    assertThat(parent.spanIdString()).isEqualTo(PARENT);
    assertThat(parent.isRemote()).isTrue();
    assertThat(context.span().isRecording()).isFalse();
  }

  @Test
  void roundTripKeepsTraceAndSpan() {
    UUID trace = UUID.randomUUID();
    UUID span = UUID.randomUUID();
    Context sent = Context.root().with(Span.wrap(SpanContext.create(trace, span)));

    Context received = propagator.extractHeaders(Context.root(), propagator.injectHeaders(sent));

    assertThat(received.span().context()).isEqualTo(SpanContext.createRemote(trace, span));
  }

  @Test
  void roundTripOfTheTraceRootAttachesDirectlyUnderTheTrace() {
    UUID trace = UUID.randomUUID();
    Context sent = Context.root().with(Span.wrap(SpanContext.create(trace, trace)));

    Context received = propagator.extractHeaders(Context.root(), propagator.injectHeaders(sent));

    assertThat(received.span().context().isTraceRoot()).isTrue();
    assertThat(received.span().context().traceId()).isEqualTo(trace);
  }

  @Test
  void aTraceIdWithoutParentIdMeansDirectlyUnderTheTrace() {
    Context context =
        propagator.extractHeaders(Context.root(), Map.of("X-Galileo-Trace-ID", TRACE));

    assertThat(context.span().context()).isEqualTo(
        SpanContext.createRemote(UUID.fromString(TRACE), UUID.fromString(TRACE)));
  }

  @Test
  void extractMatchesHeaderNamesInAnyCase() {
    Map<String, String> lower = Map.of("x-galileo-trace-id", TRACE, "x-galileo-parent-id", PARENT);
    Map<String, String> upper = Map.of("X-GALILEO-TRACE-ID", TRACE, "X-GALILEO-PARENT-ID", PARENT);

    assertThat(propagator.extractHeaders(Context.root(), lower).span().context().spanIdString())
        .isEqualTo(PARENT);
    assertThat(propagator.extractHeaders(Context.root(), upper).span().context().spanIdString())
        .isEqualTo(PARENT);
  }

  @Test
  void extractAcceptsUpperCaseHexAndGivesCanonicalLowerCase() {
    Context context = propagator.extractHeaders(Context.root(), Map.of(
        "X-Galileo-Trace-ID", TRACE.toUpperCase(), "X-Galileo-Parent-ID", PARENT.toUpperCase()));

    assertThat(propagator.injectHeaders(context)).containsEntry("X-Galileo-Trace-ID", TRACE);
  }

  @Test
  void extractReadsSplunkAoSpellings() {
    Context context = propagator.extractHeaders(Context.root(),
        Map.of("splunk-ao-trace-id", TRACE, "Splunk-AO-Parent-ID", PARENT));

    assertThat(context.span().context().traceIdString()).isEqualTo(TRACE);
    assertThat(context.span().context().spanIdString()).isEqualTo(PARENT);
  }

  @Test
  void extractPrefersGalileoSpellingsOverSplunkAo() {
    String other = "11111111-2222-4333-8444-555555555555";
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("Splunk-AO-Trace-ID", other);
    headers.put("Splunk-AO-Parent-ID", other);
    headers.put("X-Galileo-Trace-ID", TRACE);
    headers.put("X-Galileo-Parent-ID", PARENT);

    assertThat(propagator.extractHeaders(Context.root(), headers).span().context().spanIdString())
        .isEqualTo(PARENT);
  }

  @Test
  void extractFallsBackToSplunkAoWhenGalileoHeadersAreInvalid() {
    Map<String, String> headers = Map.of(
        "X-Galileo-Trace-ID", "garbage", "X-Galileo-Parent-ID", "garbage",
        "Splunk-AO-Trace-ID", TRACE, "Splunk-AO-Parent-ID", PARENT);

    assertThat(propagator.extractHeaders(Context.root(), headers).span().context().spanIdString())
        .isEqualTo(PARENT);
  }

  @Test
  void extractKeepsTheOtherValuesOfTheIncomingContext() {
    ContextKey<String> key = ContextKey.named("tenant");
    Context incoming = Context.root().with(key, "acme");

    Context context = propagator.extractHeaders(incoming,
        Map.of("X-Galileo-Trace-ID", TRACE, "X-Galileo-Parent-ID", PARENT));

    assertThat(context.get(key)).isEqualTo("acme");
  }

  @Test
  void splunkAoStyleWritesOnlySplunkAoHeaders() {
    Propagator splunk = GalileoPropagator.create(config("splunk-ao"));

    assertThat(splunk.injectHeaders(contextOf(TRACE, PARENT))).containsExactly(
        Map.entry("Splunk-AO-Trace-ID", TRACE), Map.entry("Splunk-AO-Parent-ID", PARENT));
    assertThat(splunk.fields()).containsExactly("splunk-ao-trace-id", "splunk-ao-parent-id");
  }

  @Test
  void bothStyleWritesBothPairs() {
    Propagator both = GalileoPropagator.create(config("BOTH"));

    assertThat(both.injectHeaders(contextOf(TRACE, PARENT))).containsExactly(
        Map.entry("X-Galileo-Trace-ID", TRACE), Map.entry("X-Galileo-Parent-ID", PARENT),
        Map.entry("Splunk-AO-Trace-ID", TRACE), Map.entry("Splunk-AO-Parent-ID", PARENT));
    assertThat(both.fields()).containsExactly("x-galileo-trace-id", "x-galileo-parent-id",
        "splunk-ao-trace-id", "splunk-ao-parent-id");
  }

  @Test
  void defaultStyleIsGalileo() {
    GalileoPropagator unset = GalileoPropagator.create(name -> null);

    assertThat(unset.style()).isEqualTo(HeaderStyle.GALILEO);
    assertThat(unset.fields()).containsExactly("x-galileo-trace-id", "x-galileo-parent-id");
  }

  @Test
  void unknownStyleFailsNamingTheSettingAndTheAllowedValues() {
    assertThatThrownBy(() -> GalileoPropagator.create(config("b3")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("GALILEO_PROPAGATOR_HEADERS")
        .hasMessageContaining("b3")
        .hasMessageContaining("galileo")
        .hasMessageContaining("splunk-ao")
        .hasMessageContaining("both");
  }

  @Test
  void providerIsNamedGalileoAndReadsTheStyle() {
    GalileoPropagatorProvider provider = new GalileoPropagatorProvider();

    assertThat(provider.name()).isEqualTo("galileo");
    assertThat(((GalileoPropagator) provider.create(config("both"))).style())
        .isEqualTo(HeaderStyle.BOTH);
  }

  private static ConfigValues config(String headers) {
    Map<String, String> values = new HashMap<>();
    values.put(GalileoPropagator.HEADERS_SETTING, headers);
    return values::get;
  }
}
