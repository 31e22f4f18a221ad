package ai.galileo.tracing.otlp.internal;

import ai.galileo.tracing.core.GalileoConfig;
import ai.galileo.tracing.core.internal.export.ApiEndpoint;
import ai.galileo.tracing.core.internal.export.ExportSettings;
import ai.galileo.tracing.spi.ConfigValues;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The OTLP exporter's settings, from OpenTelemetry's standard {@code OTEL_*} variables (read
 * through the same layers as every {@code GALILEO_*} setting) and our own. Invalid values stop
 * start-up with the variable's name, as every other setting does. Header values are never shown.
 *
 * @param endpoint the full URL spans are POSTed to
 * @param json true for {@code http/json}, false for {@code http/protobuf}
 * @param gzip true to gzip request bodies
 * @param timeout the time one request may take
 * @param headers headers sent with every request (values secret)
 * @param resource resource attributes, {@code service.name} included
 * @param galileoTarget true when the endpoint is Galileo's own OTLP endpoint
 * @param maxInFlight the most requests sent at once ({@code GALILEO_EXPORT_MAX_IN_FLIGHT}, the
 *     setting the {@code galileo} exporter reads too)
 */
public record OtlpSettings(
    URI endpoint,
    boolean json,
    boolean gzip,
    Duration timeout,
    Map<String, String> headers,
    Map<String, String> resource,
    boolean galileoTarget,
    int maxInFlight) {

  public static final String ENDPOINT = "OTEL_EXPORTER_OTLP_ENDPOINT";
  public static final String TRACES_ENDPOINT = "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT";
  public static final String TARGET = "GALILEO_OTLP_TARGET";
  public static final String MAX_IN_FLIGHT = "GALILEO_EXPORT_MAX_IN_FLIGHT";
  /**
   * Requests in flight by default, as for the {@code galileo} exporter: a batch of 512 spans per
   * 100 ms round trip is ~5,000 spans/s per request in flight, so eight carry 10,000 spans/s with
   * room for round trips several times slower (a busy machine, a far backend), holding at most
   * eight request bodies of one batch each (well under 1 MiB each for typical spans).
   */
  public static final int DEFAULT_MAX_IN_FLIGHT = ExportSettings.DEFAULT_MAX_IN_FLIGHT;
  /** OpenTelemetry's default for OTLP/HTTP traces. */
  public static final URI DEFAULT_ENDPOINT = URI.create("http://localhost:4318/v1/traces");
  /** Galileo's OTLP route under its API's root (docs.galileo.ai, "Distributed tracing with OTel"). */
  public static final String GALILEO_ROUTE = "/otel/traces";

  private static final String TRACES = "OTEL_EXPORTER_OTLP_TRACES_";
  private static final String ALL = "OTEL_EXPORTER_OTLP_";

  public static OtlpSettings from(GalileoConfig config) {
    ConfigValues v = config.values();
    String protocol = signal(v, "PROTOCOL", "http/protobuf").toLowerCase(Locale.ROOT);
    if (!protocol.equals("http/protobuf") && !protocol.equals("http/json")) {
      throw invalid(signalName(v, "PROTOCOL"), protocol,
          "expected http/protobuf or http/json (grpc is not supported by this exporter)");
    }
    String compression = signal(v, "COMPRESSION", "none").toLowerCase(Locale.ROOT);
    if (!compression.equals("gzip") && !compression.equals("none")) {
      throw invalid(signalName(v, "COMPRESSION"), compression, "expected gzip or none");
    }
    Duration timeout = Duration.ofMillis(ExportSettings.positive(v, signalName(v, "TIMEOUT"), 10_000));
    int maxInFlight = ExportSettings.positive(v, MAX_IN_FLIGHT, DEFAULT_MAX_IN_FLIGHT);

    boolean galileo = galileoTarget(config);
    URI endpoint = galileo ? galileoEndpoint(config) : otelEndpoint(v);

    Map<String, String> headers = new LinkedHashMap<>();
    if (galileo) {
      if (config.apiKey() != null) {
        headers.put("Galileo-API-Key", config.apiKey());
      }
      headers.put("project", config.project());
      headers.put("logstream", config.logStream());
      if (config.projectId() != null) {
        headers.put("projectid", config.projectId().toString());
      }
      if (config.logStreamId() != null) {
        headers.put("logstreamid", config.logStreamId().toString());
      }
    }
    String headerName = signalName(v, "HEADERS");
    headers.putAll(keyValues(headerName, v.get(headerName), true));

    Map<String, String> resource =
        new LinkedHashMap<>(keyValues("OTEL_RESOURCE_ATTRIBUTES", v.get("OTEL_RESOURCE_ATTRIBUTES"), false));
    String serviceName = v.get("OTEL_SERVICE_NAME");
    if (serviceName != null) {
      resource.put("service.name", serviceName);
    } else {
      resource.putIfAbsent("service.name", config.serviceName());
    }
    return new OtlpSettings(endpoint, protocol.equals("http/json"), compression.equals("gzip"),
        timeout, Collections.unmodifiableMap(headers), Collections.unmodifiableMap(resource), galileo,
        maxInFlight);
  }

  /**
   * Galileo's endpoint when {@code GALILEO_OTLP_TARGET=galileo}, or when it is unset, no OTEL
   * endpoint is set and a Galileo API (URL, console URL or API key) is configured.
   */
  private static boolean galileoTarget(GalileoConfig config) {
    ConfigValues v = config.values();
    String target = v.get(TARGET);
    if (target != null) {
      String t = target.trim().toLowerCase(Locale.ROOT);
      if (t.equals("galileo") || t.equals("otel")) {
        return t.equals("galileo");
      }
      throw invalid(TARGET, target, "expected galileo or otel");
    }
    boolean otelEndpoint = v.get(TRACES_ENDPOINT) != null || v.get(ENDPOINT) != null;
    boolean galileoConfigured =
        config.apiUrl() != null || config.consoleUrl() != null || config.apiKey() != null;
    return !otelEndpoint && galileoConfigured;
  }

  private static URI galileoEndpoint(GalileoConfig config) {
    String root = ApiEndpoint.resolve(config).toString();
    return URI.create(stripSlash(root) + GALILEO_ROUTE);
  }

  /** The traces endpoint as given; else the base endpoint plus {@code /v1/traces}; else the default. */
  private static URI otelEndpoint(ConfigValues v) {
    String traces = v.get(TRACES_ENDPOINT);
    if (traces != null) {
      return url(TRACES_ENDPOINT, traces);
    }
    String base = v.get(ENDPOINT);
    if (base != null) {
      url(ENDPOINT, base);
      return url(ENDPOINT, stripSlash(base) + "/v1/traces");
    }
    return DEFAULT_ENDPOINT;
  }

  private static URI url(String name, String raw) {
    try {
      URI uri = new URI(raw.trim());
      String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
      if ((scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null) {
        return uri;
      }
    } catch (java.net.URISyntaxException e) {
      // reported below
    }
    throw invalid(name, raw, "expected an absolute http(s) URL such as http://localhost:4318");
  }

  /** {@code k=v,k2=v2}, keys and values URL-decoded (W3C Baggage style, as OTel specifies). */
  static Map<String, String> keyValues(String name, String raw, boolean secret) {
    Map<String, String> out = new LinkedHashMap<>();
    if (raw == null) {
      return out;
    }
    for (String part : raw.split(",")) {
      if (part.isBlank()) {
        continue;
      }
      int eq = part.indexOf('=');
      String key = eq < 0 ? "" : decode(part.substring(0, eq)).trim();
      if (key.isEmpty()) {
        // Never echo a header's value: it may be a key.
        throw invalid(name, secret ? "***" : raw, "expected key=value pairs separated by commas");
      }
      out.put(key, decode(part.substring(eq + 1)).trim());
    }
    return out;
  }

  private static String decode(String s) {
    try {
      return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return s;
    }
  }

  /** The traces-specific setting if set, else the general one. */
  private static String signal(ConfigValues v, String suffix, String defaultValue) {
    String value = v.get(signalName(v, suffix));
    return value == null ? defaultValue : value.trim();
  }

  private static String signalName(ConfigValues v, String suffix) {
    return v.get(TRACES + suffix) != null ? TRACES + suffix : ALL + suffix;
  }

  private static IllegalArgumentException invalid(String name, String value, String expected) {
    return new IllegalArgumentException("Invalid " + name + " \"" + value + "\": " + expected);
  }

  private static String stripSlash(String s) {
    return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
  }

  /** Never shows header values. */
  @Override
  public String toString() {
    return "OtlpSettings{endpoint=" + endpoint + ", protocol=" + (json ? "http/json" : "http/protobuf")
        + ", gzip=" + gzip + ", timeout=" + timeout + ", headers=" + headers.keySet()
        + ", resource=" + resource + ", galileoTarget=" + galileoTarget
        + ", maxInFlight=" + maxInFlight + "}";
  }
}
