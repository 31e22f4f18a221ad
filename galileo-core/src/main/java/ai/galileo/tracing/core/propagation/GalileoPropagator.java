package ai.galileo.tracing.core.propagation;

import ai.galileo.tracing.Context;
import ai.galileo.tracing.Propagator;
import ai.galileo.tracing.Span;
import ai.galileo.tracing.SpanContext;
import ai.galileo.tracing.core.internal.HeaderFields;
import ai.galileo.tracing.core.internal.HeaderProblem;
import ai.galileo.tracing.core.internal.LogOnce;
import ai.galileo.tracing.core.internal.RecordingSpan;
import ai.galileo.tracing.internal.Uuids;
import ai.galileo.tracing.spi.ConfigValues;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.logging.Logger;

/**
 * Galileo's own headers, byte for byte what Galileo's Python SDK sends and reads:
 * {@code X-Galileo-Trace-ID} holds the trace's UUID and {@code X-Galileo-Parent-ID} the UUID of the
 * span that downstream spans attach to, both in canonical lower-case form. A parent equal to the
 * trace means "directly under the trace".
 *
 * <p>Extraction also reads the names of Galileo's successor, {@code Splunk-AO-Trace-ID} and
 * {@code Splunk-AO-Parent-ID}, preferring the Galileo pair when both are valid. Which names
 * injection writes is the {@link HeaderStyle}, set by {@value #HEADERS_SETTING}.
 *
 * <p>Selected as {@code galileo} in {@code GALILEO_PROPAGATORS}.
 *
 * @since 0.1.0
 */
public final class GalileoPropagator implements Propagator {
  /** The header with the trace's UUID. */
  public static final String TRACE_ID_HEADER = "X-Galileo-Trace-ID";
  /** The header with the parent's UUID. */
  public static final String PARENT_ID_HEADER = "X-Galileo-Parent-ID";
  /** Splunk AO's name for {@link #TRACE_ID_HEADER}. */
  public static final String SPLUNK_AO_TRACE_ID_HEADER = "Splunk-AO-Trace-ID";
  /** Splunk AO's name for {@link #PARENT_ID_HEADER}. */
  public static final String SPLUNK_AO_PARENT_ID_HEADER = "Splunk-AO-Parent-ID";
  /** The setting that chooses the {@link HeaderStyle}. */
  public static final String HEADERS_SETTING = "GALILEO_PROPAGATOR_HEADERS";

  /** A canonical UUID is 36 characters; anything far longer is refused unread. */
  static final int MAX_VALUE_LENGTH = 256;
  private static final String NIL_UUID = "00000000-0000-0000-0000-000000000000";
  private static final Logger LOGGER = Logger.getLogger(GalileoPropagator.class.getName());

  private final HeaderStyle style;
  private final List<String> fields;
  private final LogOnce log = new LogOnce(LOGGER);

  private GalileoPropagator(HeaderStyle style) {
    this.style = Objects.requireNonNull(style, "style");
    this.fields = style.fields;
  }

  /** A propagator that writes the {@code X-Galileo-*} headers. */
  public static GalileoPropagator create() {
    return new GalileoPropagator(HeaderStyle.GALILEO);
  }

  /** A propagator that writes the headers of the given style. */
  public static GalileoPropagator create(HeaderStyle style) {
    return new GalileoPropagator(style);
  }

  /**
   * A propagator configured by {@value #HEADERS_SETTING}.
   *
   * @throws IllegalArgumentException if the setting has a value other than those of {@link
   *     HeaderStyle}
   */
  public static GalileoPropagator create(ConfigValues config) {
    return new GalileoPropagator(HeaderStyle.fromConfig(config.get(HEADERS_SETTING)));
  }

  /** The headers this propagator writes. */
  public HeaderStyle style() {
    return style;
  }

  @Override
  public Collection<String> fields() {
    return fields;
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
    String traceId = context.span() instanceof RecordingSpan s
        ? s.traceIdString() // formatted once per local root, not once per span
        : span.traceIdString();
    if (style != HeaderStyle.SPLUNK_AO) {
      setter.set(carrier, TRACE_ID_HEADER, traceId);
      setter.set(carrier, PARENT_ID_HEADER, span.spanIdString());
    }
    if (style != HeaderStyle.GALILEO) {
      setter.set(carrier, SPLUNK_AO_TRACE_ID_HEADER, traceId);
      setter.set(carrier, SPLUNK_AO_PARENT_ID_HEADER, span.spanIdString());
    }
  }

  @Override
  public <C> Context extract(Context context, C carrier, Getter<C> getter) {
    Context base = context == null ? Context.root() : context;
    if (carrier == null || getter == null) {
      return base;
    }
    SpanContext parent;
    try {
      parent = read(carrier, getter, TRACE_ID_HEADER, PARENT_ID_HEADER);
      if (!parent.isValid()) {
        parent = read(carrier, getter, SPLUNK_AO_TRACE_ID_HEADER, SPLUNK_AO_PARENT_ID_HEADER);
      }
    } catch (RuntimeException e) {
      // A broken carrier adapter must not break the request it is reading.
      log.fine(HeaderProblem.GETTER_FAILED, e, () -> "Ignoring Galileo headers: the "
          + getter.getClass().getName() + " failed");
      return base;
    }
    return parent.isValid() ? base.with(Span.wrap(parent)) : base;
  }

  /** The remote parent named by one pair of headers, or {@link SpanContext#INVALID}. */
  private <C> SpanContext read(C carrier, Getter<C> getter, String traceName, String parentName) {
    String trace = HeaderFields.single(carrier, getter, traceName, MAX_VALUE_LENGTH, true, log);
    if (trace == null) {
      if (getter.get(carrier, parentName) != null) {
        log.fine(HeaderProblem.PARENT_WITHOUT_TRACE,
            () -> "Ignoring " + parentName + ": there is no " + traceName);
      }
      return SpanContext.INVALID;
    }
    if (trace == HeaderFields.REJECTED) {
      return SpanContext.INVALID;
    }
    String parent = HeaderFields.single(carrier, getter, parentName, MAX_VALUE_LENGTH, true, log);
    if (parent == HeaderFields.REJECTED) {
      return SpanContext.INVALID;
    }
    if (parent == null) {
      parent = trace; // no parent: attach directly under the trace
    }
    SpanContext parsed = SpanContext.parseRemote(trace, parent);
    if (!parsed.isValid()) {
      logUnparsable(traceName, trace, parentName, parent);
    }
    return parsed;
  }

  private void logUnparsable(String traceName, String trace, String parentName, String parent) {
    boolean traceOk = Uuids.parse(trace) != null;
    String badName = traceOk ? parentName : traceName;
    String badValue = traceOk ? parent : trace;
    if (NIL_UUID.equals(badValue)) {
      log.fine(HeaderProblem.NIL_ID,
          () -> "Ignoring Galileo headers: " + badName + " is the nil UUID");
    } else {
      log.fine(HeaderProblem.MALFORMED, () -> "Ignoring Galileo headers: " + badName
          + " is not a canonical UUID: " + HeaderFields.preview(badValue));
    }
  }

  @Override
  public String toString() {
    return "GalileoPropagator{" + style.configValue() + "}";
  }

  /**
   * Which header names injection writes. Extraction always reads both.
   *
   * @since 0.1.0
   */
  public enum HeaderStyle {
    /** {@code X-Galileo-Trace-ID} and {@code X-Galileo-Parent-ID}: the default. */
    GALILEO("galileo", List.of("x-galileo-trace-id", "x-galileo-parent-id")),
    /** {@code Splunk-AO-Trace-ID} and {@code Splunk-AO-Parent-ID}. */
    SPLUNK_AO("splunk-ao", List.of("splunk-ao-trace-id", "splunk-ao-parent-id")),
    /** Both pairs, for a fleet moving from one to the other. */
    BOTH("both", List.of("x-galileo-trace-id", "x-galileo-parent-id", "splunk-ao-trace-id",
        "splunk-ao-parent-id"));

    private final String configValue;
    private final List<String> fields;

    HeaderStyle(String configValue, List<String> fields) {
      this.configValue = configValue;
      this.fields = fields;
    }

    /** The value of {@value GalileoPropagator#HEADERS_SETTING} that selects this style. */
    public String configValue() {
      return configValue;
    }

    /**
     * The style a setting's value names, case-insensitively; {@link #GALILEO} when it is null.
     *
     * @throws IllegalArgumentException for any other value
     */
    public static HeaderStyle fromConfig(String value) {
      if (value == null) {
        return GALILEO;
      }
      String v = value.trim().toLowerCase(Locale.ROOT);
      for (HeaderStyle style : values()) {
        if (style.configValue.equals(v)) {
          return style;
        }
      }
      throw new IllegalArgumentException(HEADERS_SETTING + "=" + value
          + " is not supported; use one of: galileo (the default), splunk-ao, both");
    }
  }
}
