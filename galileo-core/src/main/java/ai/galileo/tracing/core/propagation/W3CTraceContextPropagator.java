package ai.galileo.tracing.core.propagation;

import ai.galileo.tracing.Context;
import ai.galileo.tracing.ContextKey;
import ai.galileo.tracing.Propagator;
import ai.galileo.tracing.Span;
import ai.galileo.tracing.SpanContext;
import ai.galileo.tracing.core.internal.HeaderFields;
import ai.galileo.tracing.core.internal.HeaderProblem;
import ai.galileo.tracing.core.internal.Hex;
import ai.galileo.tracing.core.internal.LogOnce;
import ai.galileo.tracing.core.internal.TraceContextState;
import ai.galileo.tracing.core.internal.TraceParent;
import ai.galileo.tracing.core.internal.TraceState;
import ai.galileo.tracing.core.internal.W3CIds;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.List;
import java.util.UUID;
import java.util.logging.Logger;

/**
 * W3C Trace Context ({@code traceparent} and {@code tracestate}), so that services instrumented
 * with OpenTelemetry, or anything else that speaks the standard, keep the trace between Galileo
 * services.
 *
 * <p>A Galileo trace UUID fills the 128-bit trace-id. A W3C parent-id has only 64 bits: it is the
 * low half of the span's UUID, and the high half of every span UUID this SDK makes is derived from
 * the trace-id and the parent-id ({@code W3CIds.spanUuid}), so {@code traceparent} alone names the
 * span. Only a UUID that is not so derived (the trace itself as the parent, or a span made
 * elsewhere) also travels in full as the {@code galileo} member of {@code tracestate}, which is
 * trusted only while it still agrees with the parent-id; nothing is lost between Galileo services,
 * even across OpenTelemetry services that pass tracestate on. What came from elsewhere is mapped:
 *
 * <ul>
 *   <li>a trace-id that is not shaped like a v4 UUID (OpenTelemetry's are random bits) gets the
 *       version and variant bits Galileo requires; the trace-id as received is kept in the
 *       context and written again for that trace, so downstream W3C services see one trace;
 *   <li>a parent-id without a matching {@code galileo} member becomes the UUID derived from it
 *       and the trace-id, the same UUID every time, as the OpenTelemetry bridge and the console's
 *       OTLP intake map an OpenTelemetry span id;
 *   <li>other vendors' tracestate members are kept and sent on, after Galileo's own; several
 *       tracestate header lines are read as one list, in order. A member that breaks the grammar,
 *       or more than 32 members, makes the tracestate invalid and it is not passed on (the
 *       traceparent still is); a key seen again keeps only its first member (see
 *       {@code TraceState} for why each);
 *   <li>the flags: a span of ours is sent as sampled, since every span is recorded; the
 *       random-trace-id flag of Level 2 is kept as it came for the received trace, and other bits
 *       are zero. A received parent passed on unchanged keeps its flags and tracestate as they came.
 * </ul>
 *
 * <p>Two traceparent header lines make the traceparent invalid, as do the checks the spec lists
 * (lower-case hex only, no all-zero id, version ff, a version 00 of other than 55 characters);
 * spaces and tabs around the value are not part of it. A later version is read by the version 00
 * layout and sent on as version 00.
 *
 * <p>Selected as {@code tracecontext} in {@code GALILEO_PROPAGATORS}.
 *
 * @see <a href="https://www.w3.org/TR/trace-context/">W3C Trace Context</a>
 * @since 0.1.0
 */
public final class W3CTraceContextPropagator implements Propagator {
  /** The header with the version, trace-id, parent-id and flags. */
  public static final String TRACEPARENT = "traceparent";
  /** The header with vendors' own key-value pairs. */
  public static final String TRACESTATE = "tracestate";
  /**
   * The tracestate key of Galileo's member: the span's full UUID, as 32 hex digits, sent only for
   * a UUID that the traceparent does not name by itself.
   */
  public static final String GALILEO_KEY = "galileo";

  static final int MAX_TRACEPARENT_LENGTH = 512;
  static final int MAX_TRACESTATE_LENGTH = 8192;
  /** {@code galileo=} and 32 hex digits. */
  private static final int GALILEO_MEMBER_LENGTH = GALILEO_KEY.length() + 1 + 32;
  private static final List<String> FIELDS = List.of(TRACEPARENT, TRACESTATE);
  private static final ContextKey<TraceContextState> STATE = ContextKey.named("w3c-tracecontext");
  /** The key under which a span context keeps the headers {@link #ownHeaders} made of it. */
  private static final Object OWN_HEADERS = new Object();
  private static final Logger LOGGER = Logger.getLogger(W3CTraceContextPropagator.class.getName());

  private final LogOnce log = new LogOnce(LOGGER);

  private W3CTraceContextPropagator() {}

  /** A new propagator. */
  public static W3CTraceContextPropagator create() {
    return new W3CTraceContextPropagator();
  }

  @Override
  public Collection<String> fields() {
    return FIELDS;
  }

  @Override
  public <C> void inject(Context context, C carrier, Setter<C> setter) {
    if (context == null || setter == null) {
      return;
    }
    SpanContext span = context.span().context();
    if (!span.isValid()) {
      return;
    }
    TraceContextState state = context.get(STATE);
    if (state != null && !state.traceId().equals(span.traceId())) {
      state = null; // received for another trace: none of it applies to this one
    }
    if (state == null) {
      injectOwn(span, carrier, setter);
      return;
    }
    if (span.spanId().equals(state.parentId())) {
      // Passing on the parent we received, unchanged: then the spec allows no change to
      // tracestate, and none to the flags without a new parent-id. Both go on as they came.
      setter.set(carrier, TRACEPARENT, state.traceparent().passedOn());
      if (!state.received().isEmpty()) {
        setter.set(carrier, TRACESTATE, state.received().toString());
      }
      return;
    }
    // A span of ours under the received parent: a new parent-id, sampled (we record every span),
    // the random-trace-id flag as received (Level 2 requires it kept for the same trace-id).
    UUID traceId = span.traceId();
    setter.set(carrier, TRACEPARENT, TraceParent.format(
        state.originalTraceId(),
        traceId.getMostSignificantBits(), traceId.getLeastSignificantBits(),
        null, W3CIds.parentIdOf(span.spanId()),
        TraceParent.SAMPLED | (state.traceparent().flags() & TraceParent.RANDOM)));
    String tracestate = state.vendors().toHeader(
        W3CIds.isDerivable(traceId, span.spanId()) ? null : galileoMember(span.spanId()));
    if (tracestate != null) {
      setter.set(carrier, TRACESTATE, tracestate);
    }
  }

  /** {@code galileo=<the span's UUID as 32 hex digits>}. */
  private static String galileoMember(UUID spanId) {
    return GALILEO_KEY + "=" + Hex.of(spanId);
  }

  /**
   * Injects a span of this trace with nothing received to write back, the usual case. The two
   * header values depend on the span's ids alone, so they are kept with its context.
   */
  private static <C> void injectOwn(SpanContext span, C carrier, Setter<C> setter) {
    Object headers = span.formatted(OWN_HEADERS, W3CTraceContextPropagator::ownHeaders);
    if (headers instanceof String traceparent) {
      setter.set(carrier, TRACEPARENT, traceparent);
    } else {
      String[] both = (String[]) headers;
      setter.set(carrier, TRACEPARENT, both[0]);
      setter.set(carrier, TRACESTATE, both[1]);
    }
  }

  /**
   * The traceparent of a span of this trace, alone (a String, as for nearly every span) or, when
   * its UUID cannot be derived from the traceparent (the trace itself as the parent), with
   * Galileo's tracestate member (a String[] of both), built in one buffer; the member's low half
   * is copied from the parent-id, which it equals.
   */
  private static Object ownHeaders(SpanContext span) {
    UUID traceId = span.traceId();
    UUID spanId = span.spanId();
    long parentId = W3CIds.parentIdOf(spanId);
    if (W3CIds.isDerivable(traceId, spanId)) {
      byte[] b = new byte[TraceParent.LENGTH];
      TraceParent.format(b, traceId.getMostSignificantBits(), traceId.getLeastSignificantBits(), parentId);
      return new String(b, StandardCharsets.ISO_8859_1);
    }
    byte[] b = new byte[TraceParent.LENGTH + GALILEO_MEMBER_LENGTH];
    TraceParent.format(b, traceId.getMostSignificantBits(), traceId.getLeastSignificantBits(), parentId);
    int m = TraceParent.LENGTH;
    for (int i = 0; i < GALILEO_KEY.length(); i++) {
      b[m + i] = (byte) GALILEO_KEY.charAt(i);
    }
    b[m + GALILEO_KEY.length()] = '=';
    int hex = m + GALILEO_KEY.length() + 1;
    Hex.formatLong(spanId.getMostSignificantBits(), b, hex);
    if (parentId == spanId.getLeastSignificantBits()) {
      System.arraycopy(b, 36, b, hex + 16, 16);
    } else {
      Hex.formatLong(spanId.getLeastSignificantBits(), b, hex + 16);
    }
    return new String[] {
        new String(b, 0, TraceParent.LENGTH, StandardCharsets.ISO_8859_1),
        new String(b, m, GALILEO_MEMBER_LENGTH, StandardCharsets.ISO_8859_1)};
  }

  @Override
  public <C> Context extract(Context context, C carrier, Getter<C> getter) {
    Context base = context == null ? Context.root() : context;
    if (carrier == null || getter == null) {
      return base;
    }
    try {
      return read(base, carrier, getter);
    } catch (RuntimeException e) {
      // A broken carrier adapter must not break the request it is reading.
      log.fine(HeaderProblem.GETTER_FAILED, e, () -> "Ignoring W3C trace context: the "
          + getter.getClass().getName() + " failed");
      return base;
    }
  }

  private <C> Context read(Context context, C carrier, Getter<C> getter) {
    // Two traceparent lines are invalid even when equal: joined, as RFC 9110 would, they are no
    // longer one traceparent.
    String field =
        HeaderFields.single(carrier, getter, TRACEPARENT, MAX_TRACEPARENT_LENGTH, false, log);
    if (field == null || field == HeaderFields.REJECTED) {
      return context;
    }
    String header = stripOws(field);
    List<String> tracestateLines = getter.getAll(carrier, TRACESTATE);
    if ((tracestateLines == null || tracestateLines.isEmpty()) && confirmsParent(context, header)) {
      // What a Galileo service usually sends: its Galileo headers, read first, already named this
      // parent. Reading the traceparent in full would only make the same context again.
      return context;
    }
    TraceParent traceparent = TraceParent.parse(header);
    if (traceparent == null) {
      log.fine(HeaderProblem.MALFORMED,
          () -> "Ignoring an invalid traceparent: " + HeaderFields.preview(header));
      return context;
    }
    long high = traceparent.traceIdHigh();
    long low = traceparent.traceIdLow();
    boolean coerced = !W3CIds.isV4(high, low);
    UUID traceId = coerced ? W3CIds.asV4(high, low) : new UUID(high, low);

    // Most often tracestate is just what a Galileo service wrote, "galileo=<32 hex>": read it
    // in place. Anything else is parsed whole.
    String onlyOurs = onlyGalileoMember(tracestateLines);
    UUID galileoMember = onlyOurs == null ? null : ownMember(onlyOurs, traceparent);
    TraceState received = null; // parsed only when needed, if it was our member alone
    TraceState vendors = TraceState.EMPTY;
    if (galileoMember == null) {
      received = readTraceState(tracestateLines);
      galileoMember = Hex.parseUuid(received.get(GALILEO_KEY));
      vendors = received.without(GALILEO_KEY);
    }
    // The member is trusted only while it still agrees with the parent-id: a service in between
    // may have made its own span and passed tracestate on.
    UUID parentId = galileoMember != null && W3CIds.parentIdOf(galileoMember) == traceparent.parentId()
        ? galileoMember
        : null;
    boolean fromMember = parentId != null;
    if (!fromMember) {
      // Our own spans' UUIDs follow from the W3C ids; anyone else's get the same mapping.
      parentId = W3CIds.spanUuid(traceId, traceparent.parentId());
    } else if (coerced && parentId.equals(new UUID(high, low))) {
      parentId = traceId; // the trace itself was the parent: keep it so after the coercion
    }

    Context extracted = context.with(Span.wrap(SpanContext.createRemote(traceId, parentId)));
    boolean ownFlags = (traceparent.flags() & TraceParent.KNOWN_FLAGS) == TraceParent.SAMPLED;
    // Injecting the parent as a span of ours writes back exactly what came when it sends the
    // member exactly when one came: its UUID is derivable just when none is needed.
    boolean sameHeaders = fromMember
        ? !W3CIds.isDerivable(traceId, parentId)
        : W3CIds.isDerivedForm(traceparent.parentId())
            && onlyOurs == null && (received == null || received.isEmpty());
    if (!coerced && sameHeaders && vendors.isEmpty() && ownFlags) {
      // Injection writes exactly what came, for the parent and for its children alike.
      return extracted.with(STATE, null);
    }
    if (received == null) {
      received = TraceState.parse(onlyOurs);
    }
    return extracted.with(STATE, new TraceContextState(
        traceId, coerced ? traceparent.traceIdHex() : null, parentId, traceparent, received, vendors));
  }

  /**
   * True when the context holds a remote parent (from a propagator that ran earlier) of which
   * the header is exactly the traceparent this propagator would send, with nothing received to
   * keep: a v4 trace-id, the derived span UUID, sampled. Reading it in full would give an equal
   * context, which the composite propagator would keep in place of the same one.
   */
  private static boolean confirmsParent(Context context, String header) {
    SpanContext parent = context.span().context();
    if (!parent.isRemote() || !parent.isValid() || context.get(STATE) != null) {
      return false;
    }
    UUID traceId = parent.traceId();
    long high = traceId.getMostSignificantBits();
    long low = traceId.getLeastSignificantBits();
    return W3CIds.isV4(high, low)
        && W3CIds.isDerivable(traceId, parent.spanId())
        && TraceParent.isSampledV00(header, high, low, parent.spanId().getLeastSignificantBits());
  }

  /** The value without the spaces and tabs around it, which RFC 9110 does not count as part of it. */
  private static String stripOws(String value) {
    int from = 0;
    int to = value.length();
    while (from < to && isOws(value.charAt(from))) {
      from++;
    }
    while (to > from && isOws(value.charAt(to - 1))) {
      to--;
    }
    return from == 0 && to == value.length() ? value : value.substring(from, to);
  }

  private static boolean isOws(char c) {
    return c == ' ' || c == '\t';
  }

  /**
   * The UUID of a lone Galileo member, {@code galileo=<32 lower-case hex digits>}; null when its
   * value is anything else. Its low half is the parent-id whenever the two agree, so those digits
   * are compared rather than read.
   */
  private static UUID ownMember(String member, TraceParent traceparent) {
    int at = GALILEO_KEY.length() + 1;
    if (traceparent.parentIdMatches(member, at + 16)) {
      long high1 = Hex.parse8(member, at);
      long high2 = Hex.parse8(member, at + 8);
      if ((high1 | high2) >= 0) {
        return new UUID(high1 << 32 | high2, traceparent.parentId());
      }
    }
    return Hex.parseUuid(member, at);
  }

  /**
   * The tracestate header when it is one line of the length and key of Galileo's own member
   * alone; otherwise null.
   */
  private static String onlyGalileoMember(List<String> values) {
    if (values == null || values.size() != 1) {
      return null;
    }
    String value = values.get(0);
    return value != null
        && value.length() == GALILEO_MEMBER_LENGTH
        && value.startsWith(GALILEO_KEY)
        && value.charAt(GALILEO_KEY.length()) == '='
        ? value
        : null;
  }

  /** The combined tracestate lines; empty when there are none or they are unusable. */
  private TraceState readTraceState(List<String> values) {
    if (values == null || values.isEmpty()) {
      return TraceState.EMPTY;
    }
    int length = values.size() - 1;
    for (String value : values) {
      length += value == null ? 0 : value.length();
    }
    if (length > MAX_TRACESTATE_LENGTH) {
      int total = length;
      log.fine(HeaderProblem.OVERSIZED, () -> "Ignoring tracestate: longer than "
          + MAX_TRACESTATE_LENGTH + " characters (" + total + ")");
      return TraceState.EMPTY;
    }
    // Several tracestate lines are one list, in order (RFC 9110 field line combination).
    String joined = values.size() == 1 && values.get(0) != null ? values.get(0) : join(values);
    TraceState parsed = TraceState.parse(joined);
    if (parsed == null) {
      log.fine(HeaderProblem.INVALID_TRACESTATE,
          () -> "Ignoring an invalid tracestate: " + HeaderFields.preview(joined));
      return TraceState.EMPTY;
    }
    if (parsed.repeatsDropped() > 0) {
      log.fine(HeaderProblem.REPEATED_TRACESTATE_KEY, () -> "Dropped " + parsed.repeatsDropped()
          + " tracestate members whose key came earlier in the list; kept the first of each");
    }
    return parsed;
  }

  private static String join(List<String> values) {
    StringBuilder sb = new StringBuilder();
    for (String value : values) {
      if (value != null) {
        sb.append(sb.length() == 0 ? "" : ",").append(value);
      }
    }
    return sb.toString();
  }

  @Override
  public String toString() {
    return "W3CTraceContextPropagator";
  }
}
