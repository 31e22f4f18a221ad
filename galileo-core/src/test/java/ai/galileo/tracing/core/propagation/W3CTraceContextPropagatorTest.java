package ai.galileo.tracing.core.propagation;

import static ai.galileo.tracing.core.propagation.MultiMapCarrier.headers;
import static org.assertj.core.api.Assertions.assertThat;

import ai.galileo.tracing.Context;
import ai.galileo.tracing.ContextKey;
import ai.galileo.tracing.Propagator;
import ai.galileo.tracing.Span;
import ai.galileo.tracing.SpanContext;
import ai.galileo.tracing.core.internal.Ids;
import ai.galileo.tracing.core.internal.TraceState;
import ai.galileo.tracing.core.internal.W3CIds;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class W3CTraceContextPropagatorTest {
  static final UUID TRACE = UUID.fromString("6f1e0b2c-3a4d-4e5f-8a9b-0c1d2e3f4a5b");
  static final UUID SPAN = UUID.fromString("0d9c8b7a-6f5e-4d3c-9b2a-190817263544");
  // An OpenTelemetry trace-id: 128 random bits, not shaped like a v4 UUID.
  static final String OTEL_TRACE = "5759e988bd862e3fe1be46a994272793";
  static final UUID OTEL_TRACE_AS_V4 = UUID.fromString("5759e988-bd86-4e3f-a1be-46a994272793");
  static final String OTEL_PARENT = "00f067aa0ba902b7";
  static final UUID OTEL_PARENT_AS_UUID = UUID.fromString("00f067aa-0ba9-402b-8700-000000000000");
  static final String OTEL_TRACEPARENT = "00-" + OTEL_TRACE + "-" + OTEL_PARENT + "-01";

  static final ContextKey<String> KEY = ContextKey.named("marker");
  static final Context INCOMING = Context.root()
      .with(Span.wrap(SpanContext.create(UUID.randomUUID(), UUID.randomUUID())))
      .with(KEY, "kept");

  final W3CTraceContextPropagator propagator = W3CTraceContextPropagator.create();

  static Context contextOf(UUID trace, UUID span) {
    return Context.root().with(Span.wrap(SpanContext.create(trace, span)));
  }

  static Context childOf(Context context, UUID span) {
    return context.with(Span.wrap(SpanContext.create(context.span().context().traceId(), span)));
  }

  Context extract(String traceparent, String tracestate) {
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("traceparent", traceparent);
    if (tracestate != null) {
      headers.put("tracestate", tracestate);
    }
    return propagator.extractHeaders(Context.root(), headers);
  }

  @Test
  void injectWritesTheTraceUuidTheSpansLow64BitsAndTheFullSpanInTracestate() {
    assertThat(propagator.injectHeaders(contextOf(TRACE, SPAN))).containsExactly(
        Map.entry("traceparent", "00-6f1e0b2c3a4d4e5f8a9b0c1d2e3f4a5b-9b2a190817263544-01"),
        Map.entry("tracestate", "galileo=0d9c8b7a6f5e4d3c9b2a190817263544"));
  }

  @Test
  void aSpanUuidDerivedFromItsTraceTravelsInTraceparentAlone() {
    UUID span = W3CIds.spanUuid(TRACE, 0x9b2a190817263544L);

    Map<String, String> headers = propagator.injectHeaders(contextOf(TRACE, span));

    assertThat(headers).containsExactly(
        Map.entry("traceparent", "00-6f1e0b2c3a4d4e5f8a9b0c1d2e3f4a5b-9b2a190817263544-01"));
    assertThat(propagator.extractHeaders(Context.root(), headers).span().context())
        .isEqualTo(SpanContext.createRemote(TRACE, span));
  }

  @Test
  void aSpanMadeByTheTracerTravelsInTraceparentAloneAndComesBackWhole() {
    UUID span = Ids.spanUuid(TRACE);
    Context server = propagator.extractHeaders(
        Context.root(), propagator.injectHeaders(contextOf(TRACE, span)));

    assertThat(server.span().context().spanId()).isEqualTo(span);
    // Passed on unchanged, it writes what came: no tracestate either.
    assertThat(propagator.injectHeaders(server)).containsOnlyKeys("traceparent");
  }

  @Test
  void aDerivedSpanUnderAReceivedParentSendsOtherVendorsMembersWithoutGalileos() {
    Context received = extract(OTEL_TRACEPARENT, "rojo=00f067aa0ba902b7");
    UUID span = Ids.spanUuid(OTEL_TRACE_AS_V4);

    Map<String, String> headers = propagator.injectHeaders(childOf(received, span));

    assertThat(headers).containsEntry("tracestate", "rojo=00f067aa0ba902b7");
    assertThat(propagator.extractHeaders(Context.root(), headers).span().context())
        .isEqualTo(SpanContext.createRemote(OTEL_TRACE_AS_V4, span));
  }

  @Test
  void aDerivedSpanUnderACoercedTraceComesBackWhole() {
    UUID span = Ids.spanUuid(OTEL_TRACE_AS_V4);

    Map<String, String> headers = propagator.injectHeaders(childOf(extract(OTEL_TRACEPARENT, null), span));

    assertThat(headers).containsOnlyKeys("traceparent");
    assertThat(headers.get("traceparent")).startsWith("00-" + OTEL_TRACE + "-");
    assertThat(propagator.extractHeaders(Context.root(), headers).span().context().spanId())
        .isEqualTo(span);
  }

  @Test
  void anOpenTelemetryParentIdShapedLikeAUuidsLowHalfMapsAsTheBridgeAndConsoleMapIt() {
    String parentId = "a0f067aa0ba902b7";

    UUID parent = extract("00-" + OTEL_TRACE + "-" + parentId + "-01", null).span().context().spanId();

    assertThat(parent).isEqualTo(W3CIds.spanUuid(OTEL_TRACE_AS_V4, 0xa0f067aa0ba902b7L));
    assertThat(parent.getLeastSignificantBits()).isEqualTo(0xa0f067aa0ba902b7L);
    assertThat(parent.version()).isEqualTo(4);
  }

  @Test
  void aStaleGalileoMemberPassedOnByAServiceInBetweenIsPassedOnUnchanged() {
    // An OpenTelemetry service made its own span (a UUID-low-half-shaped id) and passed on the
    // member of ours it got: the parent is its span, and the list goes on as it came.
    String traceparent = "00-6f1e0b2c3a4d4e5f8a9b0c1d2e3f4a5b-a0f067aa0ba902b7-01";
    String stale = "galileo=0d9c8b7a6f5e4d3c9b2a190817263544";

    Context received = extract(traceparent, stale);

    assertThat(received.span().context().spanId()).isEqualTo(W3CIds.spanUuid(TRACE, 0xa0f067aa0ba902b7L));
    assertThat(propagator.injectHeaders(received))
        .containsExactly(Map.entry("traceparent", traceparent), Map.entry("tracestate", stale));
  }

  @Test
  void aMemberForADerivableUuidIsPassedOnUnchanged() {
    // What the OpenTelemetry bridge, or another writer, may send for one of our spans.
    UUID span = W3CIds.spanUuid(TRACE, 0x9b2a190817263544L);
    String traceparent = "00-6f1e0b2c3a4d4e5f8a9b0c1d2e3f4a5b-9b2a190817263544-01";
    String member = "galileo=" + span.toString().replace("-", "");

    Context received = extract(traceparent, member);

    assertThat(received.span().context().spanId()).isEqualTo(span);
    assertThat(propagator.injectHeaders(received))
        .containsExactly(Map.entry("traceparent", traceparent), Map.entry("tracestate", member));
  }

  @Test
  void injectOfTheTraceItselfUsesTheTraceUuidAsParent() {
    assertThat(propagator.injectHeaders(contextOf(TRACE, TRACE))).containsExactly(
        Map.entry("traceparent", "00-6f1e0b2c3a4d4e5f8a9b0c1d2e3f4a5b-8a9b0c1d2e3f4a5b-01"),
        Map.entry("tracestate", "galileo=6f1e0b2c3a4d4e5f8a9b0c1d2e3f4a5b"));
  }

  @Test
  void injectUsesTheHigh64BitsWhenTheLowOnesAreZero() {
    UUID lowZero = UUID.fromString("0d9c8b7a-6f5e-4d3c-0000-000000000000");

    Map<String, String> headers = propagator.injectHeaders(contextOf(TRACE, lowZero));

    assertThat(headers).containsEntry(
        "traceparent", "00-6f1e0b2c3a4d4e5f8a9b0c1d2e3f4a5b-0d9c8b7a6f5e4d3c-01");
    assertThat(propagator.extractHeaders(Context.root(), headers).span().context().spanId())
        .isEqualTo(lowZero);
  }

  @Test
  void injectWritesNothingWithoutAValidSpan() {
    assertThat(propagator.injectHeaders(Context.root())).isEmpty();
  }

  @Test
  void roundTripKeepsTheFullParentUuid() {
    UUID trace = UUID.randomUUID();
    UUID span = UUID.randomUUID();

    Context received =
        propagator.extractHeaders(Context.root(), propagator.injectHeaders(contextOf(trace, span)));

    assertThat(received.span().context()).isEqualTo(SpanContext.createRemote(trace, span));
  }

  @Test
  void roundTripOfTheTraceRootAttachesDirectlyUnderTheTrace() {
    UUID trace = UUID.randomUUID();

    Context received = propagator.extractHeaders(
        Context.root(), propagator.injectHeaders(contextOf(trace, trace)));

    assertThat(received.span().context().isTraceRoot()).isTrue();
    assertThat(received.span().context().traceId()).isEqualTo(trace);
  }

  @Test
  void roundTripMatchesHeaderNamesInAnyCase() {
    Map<String, String> upper = new LinkedHashMap<>();
    propagator.injectHeaders(contextOf(TRACE, SPAN))
        .forEach((k, v) -> upper.put(k.toUpperCase(), v));

    assertThat(propagator.extractHeaders(Context.root(), upper).span().context())
        .isEqualTo(SpanContext.createRemote(TRACE, SPAN));
  }

  @Test
  void extractOfTheSpecExampleKeepsATraceIdAlreadyShapedLikeAV4Uuid() {
    Context context = extract("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01", null);

    assertThat(context.span().context().traceId())
        .isEqualTo(UUID.fromString("4bf92f35-77b3-4da6-a3ce-929d0e0e4736"));
    assertThat(context.span().context().isRemote()).isTrue();
  }

  @Test
  void aParentIdWithoutGalileoMemberMapsToTheDocumentedV4Uuid() {
    UUID parent = extract(OTEL_TRACEPARENT, null).span().context().spanId();

    assertThat(parent).isEqualTo(OTEL_PARENT_AS_UUID);
    assertThat(parent.version()).isEqualTo(4);
    assertThat(parent.variant()).isEqualTo(2);
  }

  @Test
  void theParentMappingIsDeterministicAndDistinguishesParentIds() {
    String other = "00-" + OTEL_TRACE + "-00f067aa0ba902b8-01";

    UUID first = extract(OTEL_TRACEPARENT, null).span().context().spanId();
    UUID again = W3CTraceContextPropagator.create()
        .extractHeaders(Context.root(), Map.of("traceparent", OTEL_TRACEPARENT))
        .span().context().spanId();
    UUID different = extract(other, null).span().context().spanId();

    assertThat(again).isEqualTo(first);
    assertThat(different).isNotEqualTo(first);
    assertThat(different.version()).isEqualTo(4);
  }

  @Test
  void aTraceIdNotShapedLikeV4IsCoercedToV4() {
    UUID trace = extract(OTEL_TRACEPARENT, null).span().context().traceId();

    assertThat(trace).isEqualTo(OTEL_TRACE_AS_V4);
    assertThat(trace.version()).isEqualTo(4);
    assertThat(trace.variant()).isEqualTo(2);
  }

  @Test
  void aCoercedTraceIsSentOnWithItsOriginalTraceId() {
    Context server = childOf(extract(OTEL_TRACEPARENT, null), SPAN);

    Map<String, String> headers = propagator.injectHeaders(server);

    assertThat(headers).containsEntry("traceparent", "00-" + OTEL_TRACE + "-9b2a190817263544-01");
    assertThat(propagator.extractHeaders(Context.root(), headers).span().context())
        .isEqualTo(SpanContext.createRemote(OTEL_TRACE_AS_V4, SPAN));
  }

  @Test
  void aReceivedParentPassedOnUnchangedKeepsItsTraceparent() {
    Map<String, String> headers = propagator.injectHeaders(extract(OTEL_TRACEPARENT, null));

    assertThat(headers).containsExactly(Map.entry("traceparent", OTEL_TRACEPARENT));
  }

  @Test
  void whatWasReceivedForOneTraceIsNotSentForAnother() {
    Context received = extract(OTEL_TRACEPARENT, "rojo=00f067aa0ba902b7");
    Context otherTrace = received.with(Span.wrap(SpanContext.create(TRACE, SPAN)));

    assertThat(propagator.injectHeaders(otherTrace)).containsExactly(
        Map.entry("traceparent", "00-6f1e0b2c3a4d4e5f8a9b0c1d2e3f4a5b-9b2a190817263544-01"),
        Map.entry("tracestate", "galileo=0d9c8b7a6f5e4d3c9b2a190817263544"));
  }

  @Test
  void aTraceRootWithANonV4UuidStaysTheParentAfterCoercion() {
    UUID nonV4 = UUID.fromString("5759e988-bd86-2e3f-e1be-46a994272793");

    Context received = propagator.extractHeaders(
        Context.root(), propagator.injectHeaders(contextOf(nonV4, nonV4)));

    assertThat(received.span().context().isTraceRoot()).isTrue();
    assertThat(received.span().context().traceId()).isEqualTo(OTEL_TRACE_AS_V4);
  }

  @Test
  void otherVendorsTracestateIsSentOnAfterGalileosOwnMemberWhichIsNotDuplicated() {
    String stale = "galileo=11111111222243338444555555555555";
    Context received =
        extract(OTEL_TRACEPARENT, "rojo=00f067aa0ba902b7," + stale + ",congo=t61rcWkgMzE");
    UUID child = UUID.fromString("0d9c8b7a-6f5e-4d3c-9b2a-190817263544");

    Map<String, String> headers = propagator.injectHeaders(childOf(received, child));

    assertThat(headers).containsEntry("tracestate",
        "galileo=0d9c8b7a6f5e4d3c9b2a190817263544,rojo=00f067aa0ba902b7,congo=t61rcWkgMzE");
  }

  @Test
  void galileosOwnMemberAloneReadsAsTheSameMemberAmongOthers() {
    String traceparent = "00-6f1e0b2c3a4d4e5f8a9b0c1d2e3f4a5b-9b2a190817263544-01";
    String member = "galileo=0d9c8b7a6f5e4d3c9b2a190817263544";
    for (String tracestate : List.of(member, " " + member + " ", member + ",", "," + member)) {
      Context extracted = extract(traceparent, tracestate);
      assertThat(extracted.span().context().spanId()).as(tracestate).isEqualTo(SPAN);
      assertThat(propagator.injectHeaders(extracted)).as(tracestate)
          .containsEntry("traceparent", traceparent).containsEntry("tracestate", member);
    }
    // Another vendor's member in a header as long as Galileo's alone is kept and sent on (the
    // short galileo member is not a UUID, so the received parent is passed on as it came, and
    // a span of ours replaces that member with its own).
    String withVendor = "galileo=0123456789abcdef,vendor=12345678";
    assertThat(withVendor).hasSize(member.length());
    Context received = extract(traceparent, withVendor);
    assertThat(propagator.injectHeaders(received).get("tracestate")).isEqualTo(withVendor);
    UUID child = UUID.fromString("11111111-2222-4333-8444-555555555555");
    assertThat(propagator.injectHeaders(childOf(received, child)).get("tracestate"))
        .isEqualTo("galileo=11111111222243338444555555555555,vendor=12345678");
    // Upper-case hex is a valid tracestate value, but not Galileo's member: the parent is derived.
    Context upper = extract(traceparent, member.toUpperCase(java.util.Locale.ROOT).replace("GALILEO=", "galileo="));
    assertThat(upper.span().context().spanId()).isNotEqualTo(SPAN);
    assertThat(propagator.injectHeaders(upper)).containsEntry("traceparent", traceparent);
  }

  @Test
  void aGalileoMemberThatDisagreesWithTheParentIdIsNotTrusted() {
    // A service in between made its own span: the parent-id changed, tracestate did not.
    Context received =
        extract(OTEL_TRACEPARENT, "galileo=0d9c8b7a6f5e4d3c9b2a190817263544");

    assertThat(received.span().context().spanId()).isEqualTo(OTEL_PARENT_AS_UUID);
  }

  @Test
  void tracestateLinesAreCombinedInOrder() {
    Map<String, List<String>> carrier = headers("traceparent", OTEL_TRACEPARENT,
        "tracestate", "rojo=1", "TraceState", "congo=2");

    Context received = propagator.extract(Context.root(), carrier, MultiMapCarrier.INSTANCE);

    assertThat(propagator.injectHeaders(childOf(received, SPAN))).containsEntry(
        "tracestate", "galileo=0d9c8b7a6f5e4d3c9b2a190817263544,rojo=1,congo=2");
  }

  @Test
  void emptyTracestateMembersAndSpacesAroundThemAreSkipped() {
    Context received = extract(OTEL_TRACEPARENT, " rojo=1 ,, \t,congo=a b\t");

    assertThat(propagator.injectHeaders(childOf(received, SPAN))).containsEntry(
        "tracestate", "galileo=0d9c8b7a6f5e4d3c9b2a190817263544,rojo=1,congo=a b");
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "rojo=1,Rojo=2",
      "rojo=1,congo",
      "rojo=1,=2",
      "rojo=a,b",
      "rojo=value with comma=inside",
      "rojo=1,tenant@Sys=2",
      "rojo=1,@congo=2",
      "rojo=1,congo=",
      "rojo=1,foo.bar=2",
      "rojo=1,foo =2",
      "rojo=1,congo=a\tb",
  })
  void anInvalidTracestateIsDroppedWholeButTheTraceparentIsKept(String tracestate) {
    Context received = extract(OTEL_TRACEPARENT, tracestate);

    assertThat(received.span().context().traceId()).isEqualTo(OTEL_TRACE_AS_V4);
    assertThat(propagator.injectHeaders(childOf(received, SPAN)))
        .containsEntry("tracestate", "galileo=0d9c8b7a6f5e4d3c9b2a190817263544");
  }

  @Test
  void multiTenantKeysAreValid() {
    Context received = extract(OTEL_TRACEPARENT, "1tenant@sys-1=x,t*/_-@s=y");

    assertThat(propagator.injectHeaders(childOf(received, SPAN))).containsEntry("tracestate",
        "galileo=0d9c8b7a6f5e4d3c9b2a190817263544,1tenant@sys-1=x,t*/_-@s=y");
  }

  @Test
  void keysAtTheGrammarsLimitsAreSentOnAsTheyCame() {
    List<String> keys = List.of(
        "z".repeat(256),                          // the longest simple key
        "t".repeat(241) + "@" + "v".repeat(14),   // Level 1's longest tenant and system
        "0tenant@vendor",                         // a tenant may start with a digit
        "foo@", "foo@@bar", "foo@bar@baz",         // at signs anywhere after the first character,
        "t".repeat(242) + "@v", "t@" + "v".repeat(15), // and any split, since Level 2
        "1congo");                                // a simple key may start with a digit too
    for (String key : keys) {
      Context received = extract(OTEL_TRACEPARENT, "rojo=1," + key + "=2");

      assertThat(propagator.injectHeaders(childOf(received, SPAN))).as(key).containsEntry(
          "tracestate", "galileo=0d9c8b7a6f5e4d3c9b2a190817263544,rojo=1," + key + "=2");
    }
  }

  @Test
  void aKeyOf257CharactersMakesTheTracestateInvalid() {
    Map<String, List<String>> carrier = headers("traceparent", OTEL_TRACEPARENT,
        "tracestate", "foo=1", "tracestate", "z".repeat(257) + "=1");

    Context received = propagator.extract(Context.root(), carrier, MultiMapCarrier.INSTANCE);

    assertThat(received.span().context().traceId()).isEqualTo(OTEL_TRACE_AS_V4);
    assertThat(propagator.injectHeaders(childOf(received, SPAN)))
        .containsEntry("tracestate", "galileo=0d9c8b7a6f5e4d3c9b2a190817263544");
  }

  @Test
  void galileosKeyFollowsTheKeyGrammarOfBothLevels() {
    assertThat(TraceState.isKey(W3CTraceContextPropagator.GALILEO_KEY)).isTrue();
    assertThat(W3CTraceContextPropagator.GALILEO_KEY).matches("[a-z][a-z0-9_\\-*/]{0,255}");
  }

  @Test
  void aRepeatedKeyKeepsItsFirstMemberAndTheTracestateIsPassedOn() {
    Context received = extract(OTEL_TRACEPARENT, "rojo=1,congo=2,rojo=3,congo=2");

    assertThat(propagator.injectHeaders(childOf(received, SPAN))).containsEntry("tracestate",
        "galileo=0d9c8b7a6f5e4d3c9b2a190817263544,rojo=1,congo=2");
  }

  @Test
  void aKeyRepeatedAcrossHeaderLinesKeepsItsFirstMember() {
    Map<String, List<String>> carrier = headers("traceparent", OTEL_TRACEPARENT,
        "tracestate", "foo=1", "tracestate", "foo=2,bar=3");

    Context received = propagator.extract(Context.root(), carrier, MultiMapCarrier.INSTANCE);

    assertThat(propagator.injectHeaders(childOf(received, SPAN))).containsEntry("tracestate",
        "galileo=0d9c8b7a6f5e4d3c9b2a190817263544,foo=1,bar=3");
  }

  @Test
  void aRepeatedGalileoMemberIsReadFromItsFirstOccurrence() {
    String traceparent = "00-6f1e0b2c3a4d4e5f8a9b0c1d2e3f4a5b-9b2a190817263544-01";

    Context received = extract(traceparent,
        "galileo=0d9c8b7a6f5e4d3c9b2a190817263544,galileo=11111111222243338444555555555555");

    assertThat(received.span().context().spanId()).isEqualTo(SPAN);
  }

  @Test
  void anEmptyTracestateLineIsAcceptedNextToAnother() {
    for (Map<String, List<String>> carrier : List.of(
        headers("traceparent", OTEL_TRACEPARENT, "tracestate", "", "tracestate", "foo=1"),
        headers("traceparent", OTEL_TRACEPARENT, "tracestate", "foo=1", "tracestate", ""))) {
      Context received = propagator.extract(Context.root(), carrier, MultiMapCarrier.INSTANCE);

      assertThat(propagator.injectHeaders(childOf(received, SPAN))).containsEntry("tracestate",
          "galileo=0d9c8b7a6f5e4d3c9b2a190817263544,foo=1");
    }
  }

  @Test
  void thirtyTwoMembersOverSeveralLinesAreKept() {
    Map<String, List<String>> carrier = headers("traceparent", OTEL_TRACEPARENT,
        "tracestate", members(0, 10, 1), "tracestate", members(10, 20, 1),
        "tracestate", members(20, 32, 1));

    Context received = propagator.extract(Context.root(), carrier, MultiMapCarrier.INSTANCE);

    // Passed on unchanged, all 32; under a span of ours, ours in front and the last one out.
    assertThat(propagator.injectHeaders(received).get("tracestate").split(",")).hasSize(32);
    String child = propagator.injectHeaders(childOf(received, SPAN)).get("tracestate");
    assertThat(child.split(",")).hasSize(32);
    assertThat(child).contains("k0=v", "k30=v").doesNotContain("k31=v");
  }

  @Test
  void thirtyThreeMembersOverSeveralLinesMakeTheTracestateInvalid() {
    Map<String, List<String>> carrier = headers("traceparent", OTEL_TRACEPARENT,
        "tracestate", members(0, 30, 1), "tracestate", members(30, 33, 1));

    Context received = propagator.extract(Context.root(), carrier, MultiMapCarrier.INSTANCE);

    assertThat(propagator.injectHeaders(childOf(received, SPAN)))
        .containsEntry("tracestate", "galileo=0d9c8b7a6f5e4d3c9b2a190817263544");
  }

  @Test
  void aSpanOfOursIsSentSampledWhateverTheCallerDecided() {
    Context received = extract("00-" + OTEL_TRACE + "-" + OTEL_PARENT + "-00", null);

    assertThat(propagator.injectHeaders(childOf(received, SPAN)))
        .containsEntry("traceparent", "00-" + OTEL_TRACE + "-9b2a190817263544-01");
  }

  @Test
  void theRandomTraceIdFlagIsKeptForTheReceivedTraceAndUnknownFlagsAreZeroed() {
    for (String flags : List.of("02", "03", "ff", "fe")) {
      Context received = extract("00-" + OTEL_TRACE + "-" + OTEL_PARENT + "-" + flags, null);

      assertThat(propagator.injectHeaders(childOf(received, SPAN))).as(flags)
          .containsEntry("traceparent", "00-" + OTEL_TRACE + "-9b2a190817263544-03");
    }
    Context plain = extract("00-" + OTEL_TRACE + "-" + OTEL_PARENT + "-05", null);
    assertThat(propagator.injectHeaders(childOf(plain, SPAN)))
        .containsEntry("traceparent", "00-" + OTEL_TRACE + "-9b2a190817263544-01");
  }

  @Test
  void theRandomFlagIsKeptEvenBetweenGalileoServices() {
    // A v4 trace-id and an agreeing galileo member need no state, except to keep the flag.
    String traceparent = "00-6f1e0b2c3a4d4e5f8a9b0c1d2e3f4a5b-9b2a190817263544-03";
    Context received = extract(traceparent, "galileo=0d9c8b7a6f5e4d3c9b2a190817263544");
    UUID child = UUID.fromString("11111111-2222-4333-8444-555555555555");

    assertThat(propagator.injectHeaders(childOf(received, child))).containsEntry(
        "traceparent", "00-6f1e0b2c3a4d4e5f8a9b0c1d2e3f4a5b-8444555555555555-03");
  }

  @Test
  void ourOwnTracesAreSentSampledWithoutTheRandomFlag() {
    assertThat(propagator.injectHeaders(contextOf(TRACE, SPAN)).get("traceparent")).endsWith("-01");
  }

  @Test
  void aReceivedParentPassedOnUnchangedKeepsItsFlagsAndTracestateAsTheyCame() {
    String stale = "galileo=11111111222243338444555555555555";
    String tracestate = "rojo=00f067aa0ba902b7 , " + stale + ",congo=t61rcWkgMzE";
    for (String flags : List.of("00", "01", "02", "03")) {
      String traceparent = "00-" + OTEL_TRACE + "-" + OTEL_PARENT + "-" + flags;

      Map<String, String> headers = propagator.injectHeaders(extract(traceparent, tracestate));

      assertThat(headers).as(flags).containsExactly(
          Map.entry("traceparent", traceparent),
          Map.entry("tracestate", "rojo=00f067aa0ba902b7," + stale + ",congo=t61rcWkgMzE"));
    }
  }

  @Test
  void aLaterVersionPassedOnUnchangedIsSentAsVersion00() {
    Context received = extract(
        "cc-" + OTEL_TRACE + "-" + OTEL_PARENT + "-09-what-the-future-will-be-like", null);

    assertThat(propagator.injectHeaders(received))
        .containsExactly(Map.entry("traceparent", "00-" + OTEL_TRACE + "-" + OTEL_PARENT + "-01"));
  }

  @Test
  void aGalileoParentPassedOnUnchangedWritesWhatCameWithoutState() {
    String traceparent = "00-6f1e0b2c3a4d4e5f8a9b0c1d2e3f4a5b-9b2a190817263544-01";
    String member = "galileo=0d9c8b7a6f5e4d3c9b2a190817263544";

    assertThat(propagator.injectHeaders(extract(traceparent, member)))
        .containsExactly(Map.entry("traceparent", traceparent), Map.entry("tracestate", member));
    String unsampled = traceparent.substring(0, 53) + "00";
    assertThat(propagator.injectHeaders(extract(unsampled, member)))
        .containsExactly(Map.entry("traceparent", unsampled), Map.entry("tracestate", member));
  }

  @Test
  void aTracestateOfMoreThan32MembersIsDropped() {
    Context received = extract(OTEL_TRACEPARENT, members(0, 33, 1));

    assertThat(propagator.injectHeaders(childOf(received, SPAN)))
        .containsEntry("tracestate", "galileo=0d9c8b7a6f5e4d3c9b2a190817263544");
  }

  @Test
  void injectSendsAtMost32MembersDroppingFromTheEnd() {
    Context received = extract(OTEL_TRACEPARENT, members(0, 32, 1));

    String tracestate = propagator.injectHeaders(childOf(received, SPAN)).get("tracestate");

    assertThat(tracestate.split(","))
        .hasSize(32)
        .startsWith("galileo=0d9c8b7a6f5e4d3c9b2a190817263544");
    assertThat(tracestate).contains("k30=v").doesNotContain("k31=v");
  }

  @Test
  void injectKeepsTracestateWithin512CharactersDroppingLongMembersFirst() {
    // galileo (40) + k0..k9 (23 each) + k10..k19 (24 each) + commas is 530 without "big".
    String big = "big=" + "v".repeat(200);
    Context received = extract(OTEL_TRACEPARENT,
        members(0, 1, 20) + "," + big + "," + members(1, 20, 20));

    String tracestate = propagator.injectHeaders(childOf(received, SPAN)).get("tracestate");

    assertThat(tracestate.length()).isLessThanOrEqualTo(512);
    assertThat(tracestate).startsWith("galileo=").doesNotContain("big=")
        .contains("k0=", "k18=").doesNotContain("k19=");
  }

  @Test
  void anOversizedTracestateIsIgnoredButTheTraceparentIsKept() {
    try (LogCapture log = LogCapture.of(W3CTraceContextPropagator.class)) {
      Context received = extract(OTEL_TRACEPARENT, "rojo=" + "v".repeat(8200));

      assertThat(received.span().context().traceId()).isEqualTo(OTEL_TRACE_AS_V4);
      assertThat(log.messages()).singleElement().asString().contains("tracestate", "8192");
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
      "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-00",
      "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-ff",
      "01-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
      "cc-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-what-the-future-will-be-like",
      "fe-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-09-",
      " 00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
      "\t00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
      "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01 ",
      "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01\t",
      "\t 00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01 \t",
  })
  void validTraceparentsAreAccepted(String traceparent) {
    Context context = propagator.extractHeaders(INCOMING, Map.of("traceparent", traceparent));

    assertThat(context.span().context().traceId())
        .isEqualTo(UUID.fromString("4bf92f35-77b3-4da6-a3ce-929d0e0e4736"));
    assertThat(context.get(KEY)).isEqualTo("kept");
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "",
      "00-4BF92F3577B34DA6A3CE929D0E0E4736-00F067AA0BA902B7-01",
      "00-4bf92f3577b34da6a3ce929d0e0e4736-00F067AA0BA902B7-01",
      "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-0A",
      "0A-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
      "00-00000000000000000000000000000000-00f067aa0ba902b7-01",
      "00-4bf92f3577b34da6a3ce929d0e0e4736-0000000000000000-01",
      "ff-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
      "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-extra",
      "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01.",
      "00-4bf92f3577b34da6a3ce929d0e0e4736 -00f067aa0ba902b7-01",
      " ",
      "cc-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01x",
      "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-1",
      "00-4bf92f3577b34da6a3ce929d0e0e473-600f067aa0ba902b7-01",
      "00_4bf92f3577b34da6a3ce929d0e0e4736_00f067aa0ba902b7_01",
      "0-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
      "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902g7-01",
      "00-6f1e0b2c-3a4d-4e5f-8a9b-0c1d2e3f4a5b-9b2a190817263544-01",
  })
  void invalidTraceparentsLeaveTheContextUnchanged(String traceparent) {
    assertThat(propagator.extractHeaders(INCOMING, Map.of("traceparent", traceparent)))
        .isSameAs(INCOMING);
  }

  @Test
  void anOversizedTraceparentIsIgnoredUnread() {
    String valid = "cc-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-";

    assertThat(propagator.extractHeaders(INCOMING,
        Map.of("traceparent", valid + "x".repeat(512 - valid.length()))))
        .isNotSameAs(INCOMING);
    assertThat(propagator.extractHeaders(INCOMING,
        Map.of("traceparent", valid + "x".repeat(513 - valid.length()))))
        .isSameAs(INCOMING);
  }

  @Test
  void aRepeatedTraceparentIsIgnoredEvenWithTheSameValue() {
    Map<String, List<String>> carrier =
        headers("traceparent", OTEL_TRACEPARENT, "Traceparent", OTEL_TRACEPARENT);

    assertThat(propagator.extract(INCOMING, carrier, MultiMapCarrier.INSTANCE)).isSameAs(INCOMING);
  }

  @Test
  void missingTraceparentLeavesTheContextUnchangedEvenWithTracestate() {
    assertThat(propagator.extractHeaders(INCOMING, Map.of("tracestate", "rojo=1")))
        .isSameAs(INCOMING);
  }

  @Test
  void aGetterThatThrowsLeavesTheContextUnchanged() {
    Propagator.Getter<Object> broken = (carrier, name) -> {
      throw new IllegalStateException("boom");
    };

    assertThat(propagator.extract(INCOMING, new Object(), broken)).isSameAs(INCOMING);
  }

  @Test
  void anInvalidTraceparentIsLoggedOncePerPropagator() {
    Map<String, String> bad = Map.of("traceparent", "00-" + "A".repeat(100));
    try (LogCapture log = LogCapture.of(W3CTraceContextPropagator.class)) {
      propagator.extractHeaders(INCOMING, bad);
      propagator.extractHeaders(INCOMING, bad);

      assertThat(log.messages()).singleElement().asString()
          .contains("traceparent").doesNotContain("A".repeat(20));
    }
  }

  @Test
  void fieldsAreTraceparentAndTracestate() {
    assertThat(propagator.fields()).containsExactly("traceparent", "tracestate");
  }

  @Test
  void providerIsNamedTracecontext() {
    W3CTraceContextPropagatorProvider provider = new W3CTraceContextPropagatorProvider();

    assertThat(provider.name()).isEqualTo("tracecontext");
    assertThat(provider.create(name -> null)).isInstanceOf(W3CTraceContextPropagator.class);
  }

  /** Valid members {@code kFrom=vvv} to {@code kTo} (excluded), values of the given length. */
  static String members(int from, int to, int valueLength) {
    List<String> members = new ArrayList<>();
    for (int i = from; i < to; i++) {
      members.add("k" + i + "=" + "v".repeat(valueLength));
    }
    return String.join(",", members);
  }
}
