package ai.galileo.tracing.core.transport;

import ai.galileo.tracing.Galileo;
import ai.galileo.tracing.Tracer;
import ai.galileo.tracing.core.GalileoConfig;
import ai.galileo.tracing.core.GalileoTracer;
import ai.galileo.tracing.spi.ConfigValues;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * The request paths a server leaves untraced: they get no span, and their tracing headers are not
 * read. A pattern is an exact path ({@code /health}) or a prefix glob ({@code /actuator/**}, which
 * matches {@code /actuator} and every path under it). Matching is case-sensitive, ignores a
 * trailing {@code /} and a query string. gRPC methods match as {@code /service/method}, such as
 * {@code /grpc.health.v1.Health/Check}.
 *
 * <p>By default health and readiness probes are left out ({@link #PROBE_PATHS}), so Kubernetes
 * probes do not flood Galileo; {@value #DEFAULTS_SETTING}{@code =false} traces them again.
 *
 * @since 0.1.0
 */
public final class ServerExclusions {
  /** The setting with comma-separated patterns to leave out, on top of the defaults. */
  public static final String SETTING = "GALILEO_SERVER_EXCLUDE";
  /** The setting that, when {@code false}, drops the default probe patterns. */
  public static final String DEFAULTS_SETTING = "GALILEO_SERVER_EXCLUDE_DEFAULTS";
  /** Health and readiness probe paths, and gRPC's health service, left out by default. */
  public static final List<String> PROBE_PATHS = List.of("/health", "/healthz", "/livez",
      "/readyz", "/ready", "/grpc.health.v1.Health/Check", "/grpc.health.v1.Health/Watch");

  private static final ServerExclusions NONE = new ServerExclusions(List.of());

  private final List<String> patterns;
  private final Set<String> exact;
  /** Prefix globs without their {@code /**}: {@code /actuator}. */
  private final List<String> prefixes;

  private ServerExclusions(List<String> patterns) {
    this.patterns = List.copyOf(patterns);
    Set<String> e = new LinkedHashSet<>();
    List<String> p = new ArrayList<>();
    for (String pattern : this.patterns) {
      if (pattern.endsWith("/**")) {
        p.add(trimSlash(pattern.substring(0, pattern.length() - 3)));
      } else {
        e.add(trimSlash(pattern));
      }
    }
    this.exact = Set.copyOf(e);
    this.prefixes = List.copyOf(p);
  }

  /** Leaves nothing out. */
  public static ServerExclusions none() {
    return NONE;
  }

  /**
   * The given patterns, plus {@link #PROBE_PATHS} when {@code withProbeDefaults}.
   *
   * @throws IllegalArgumentException if a pattern does not start with {@code /}, or holds a
   *     {@code *} anywhere but in a trailing {@code /**}
   */
  public static ServerExclusions of(Collection<String> patterns, boolean withProbeDefaults) {
    Set<String> all = new LinkedHashSet<>();
    if (withProbeDefaults) {
      all.addAll(PROBE_PATHS);
    }
    if (patterns != null) {
      for (String pattern : patterns) {
        all.add(validated(pattern));
      }
    }
    return all.isEmpty() ? NONE : new ServerExclusions(new ArrayList<>(all));
  }

  /**
   * The exclusions {@value #SETTING} and {@value #DEFAULTS_SETTING} give.
   *
   * @throws IllegalArgumentException if either is invalid; the message names the setting
   */
  public static ServerExclusions fromConfig(ConfigValues config) {
    boolean withDefaults = defaultsOn(config);
    try {
      return of(split(config.get(SETTING)), withDefaults);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("Invalid " + SETTING + ": " + e.getMessage(), e);
    }
  }

  /**
   * Whether {@value #DEFAULTS_SETTING} leaves the defaults on: true unless it is {@code false}.
   * Frameworks add defaults of their own (Spring Boot's Actuator paths) under the same switch.
   *
   * @throws IllegalArgumentException if it is neither true nor false
   */
  public static boolean defaultsOn(ConfigValues config) {
    String defaults = Objects.requireNonNull(config, "config").get(DEFAULTS_SETTING);
    if (defaults == null || defaults.isBlank()) {
      return true;
    }
    String d = defaults.trim().toLowerCase(Locale.ROOT);
    if (!d.equals("true") && !d.equals("false")) {
      throw new IllegalArgumentException("Invalid " + DEFAULTS_SETTING + " \"" + defaults
          + "\": allowed values are true (the default) and false");
    }
    return d.equals("true");
  }

  /**
   * The exclusions configured for servers traced by this tracer: from its configuration when it is
   * a {@link GalileoTracer}, else from the process's.
   *
   * @throws IllegalArgumentException if the settings are invalid
   */
  public static ServerExclusions configured(Tracer tracer) {
    Tracer t = tracer == null ? Galileo.tracer() : tracer;
    ConfigValues values = t instanceof GalileoTracer
        ? ((GalileoTracer) t).config().values()
        : GalileoConfig.fromEnvironment().values();
    return fromConfig(values);
  }

  /** These exclusions plus more patterns (a management base path, say). */
  public ServerExclusions plus(Collection<String> more) {
    if (more == null || more.isEmpty()) {
      return this;
    }
    List<String> all = new ArrayList<>(patterns);
    for (String pattern : more) {
      String p = validated(pattern);
      if (!all.contains(p)) {
        all.add(p);
      }
    }
    return new ServerExclusions(all);
  }

  /** The patterns, in the order given. */
  public List<String> patterns() {
    return patterns;
  }

  /** True if the request path (with or without its query string) is left out. Null is not. */
  public boolean excludes(String path) {
    if (path == null || patterns.isEmpty()) {
      return false;
    }
    int query = path.indexOf('?');
    String p = trimSlash(query >= 0 ? path.substring(0, query) : path);
    if (exact.contains(p)) {
      return true;
    }
    for (String prefix : prefixes) {
      if (p.startsWith(prefix) && (p.length() == prefix.length() || prefix.isEmpty()
          || p.charAt(prefix.length()) == '/')) {
        return true;
      }
    }
    return false;
  }

  private static String validated(String pattern) {
    String p = pattern == null ? "" : pattern.trim();
    if (!p.startsWith("/")) {
      throw new IllegalArgumentException("the pattern \"" + pattern
          + "\" does not start with /; use an exact path (/health) or a prefix glob (/actuator/**)");
    }
    int star = p.indexOf('*');
    if (star >= 0 && !(p.endsWith("/**") && star == p.length() - 2)) {
      throw new IllegalArgumentException("the pattern \"" + pattern
          + "\" has a * other than a trailing /**; use an exact path or a prefix glob (/actuator/**)");
    }
    return p;
  }

  private static String trimSlash(String path) {
    return path.length() > 1 && path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
  }

  static List<String> split(String value) {
    List<String> parts = new ArrayList<>();
    if (value != null) {
      for (String part : value.split(",")) {
        if (!part.isBlank()) {
          parts.add(part.trim());
        }
      }
    }
    return parts;
  }

  @Override
  public String toString() {
    return "ServerExclusions" + patterns;
  }
}
