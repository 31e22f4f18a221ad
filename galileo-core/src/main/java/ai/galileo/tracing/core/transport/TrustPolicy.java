package ai.galileo.tracing.core.transport;

import ai.galileo.tracing.Galileo;
import ai.galileo.tracing.Tracer;
import ai.galileo.tracing.core.GalileoConfig;
import ai.galileo.tracing.core.GalileoTracer;
import ai.galileo.tracing.spi.ConfigValues;
import java.util.Locale;
import java.util.Objects;

/**
 * What a server does with the tracing headers of an incoming request. The default for every
 * server comes from {@value #SETTING}; each transport's builder can override it per server.
 *
 * <p>Headers come from whoever calls. A service reached only by your own services continues their
 * traces; one exposed to the internet should not let strangers write spans into arbitrary traces,
 * nor learn which traces exist by probing: give it {@link #LINK} or {@link #IGNORE}.
 *
 * @since 0.1.0
 */
public enum TrustPolicy {
  /** The default: the server's spans join the caller's trace, under the caller's span. */
  CONTINUE("continue"),
  /**
   * The server starts a trace of its own and records the caller's ids in its metadata, as
   * {@value #LINK_TRACE_ID} and {@value #LINK_PARENT_ID}, so the two can still be found together.
   */
  LINK("link"),
  /** The server does not read the tracing headers at all and starts a trace of its own. */
  IGNORE("ignore");

  /** The setting that gives every server's default policy. */
  public static final String SETTING = "GALILEO_SERVER_TRUST";
  /** Metadata key, under {@link #LINK}, of the trace id the caller sent. */
  public static final String LINK_TRACE_ID = "link.trace_id";
  /** Metadata key, under {@link #LINK}, of the parent id the caller sent. */
  public static final String LINK_PARENT_ID = "link.parent_id";

  private final String configValue;

  TrustPolicy(String configValue) {
    this.configValue = configValue;
  }

  /** The value of {@value #SETTING} that selects this policy, such as {@code "link"}. */
  public String configValue() {
    return configValue;
  }

  /**
   * The policy a value names, ignoring case and surrounding blanks.
   *
   * @throws IllegalArgumentException if the value names no policy; the message names the setting
   *     and the allowed values
   */
  public static TrustPolicy parse(String value) {
    if (value != null) {
      String v = value.trim().toLowerCase(Locale.ROOT);
      for (TrustPolicy policy : values()) {
        if (policy.configValue.equals(v)) {
          return policy;
        }
      }
    }
    throw new IllegalArgumentException("Invalid " + SETTING + " \"" + value
        + "\": allowed values are continue (the default), link, ignore");
  }

  /**
   * The policy {@value #SETTING} selects; {@link #CONTINUE} when it is not set.
   *
   * @throws IllegalArgumentException if the setting has another value
   */
  public static TrustPolicy fromConfig(ConfigValues config) {
    String value = Objects.requireNonNull(config, "config").get(SETTING);
    return value == null ? CONTINUE : parse(value);
  }

  /**
   * The default policy for servers traced by this tracer: from its configuration when it is a
   * {@link GalileoTracer}, else from the process's configuration.
   *
   * @throws IllegalArgumentException if {@value #SETTING} is invalid
   */
  public static TrustPolicy configured(Tracer tracer) {
    Tracer t = tracer == null ? Galileo.tracer() : tracer;
    ConfigValues values = t instanceof GalileoTracer
        ? ((GalileoTracer) t).config().values()
        : GalileoConfig.fromEnvironment().values();
    return fromConfig(values);
  }
}
