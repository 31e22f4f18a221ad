package ai.galileo.tracing.core.internal.export;

import ai.galileo.tracing.core.GalileoConfig;
import java.net.URI;

/**
 * Where the Galileo exporter sends: {@code GALILEO_API_URL} as given; else derived from
 * {@code GALILEO_CONSOLE_URL} as Galileo's SDKs do; else Galileo's hosted API when an API key is
 * set, and the local console otherwise.
 */
public final class ApiEndpoint {
  /** Galileo's hosted API. */
  public static final URI HOSTED = URI.create("https://api.galileo.ai");
  /** The local console's API: the port Galileo's SDKs use for a local API. */
  public static final URI LOCAL_CONSOLE = URI.create("http://localhost:8088");

  private ApiEndpoint() {}

  public static URI resolve(GalileoConfig config) {
    if (config.apiUrl() != null) {
      return normalize(config.apiUrl());
    }
    if (config.consoleUrl() != null) {
      return fromConsoleUrl(config.consoleUrl());
    }
    return config.apiKey() != null ? HOSTED : LOCAL_CONSOLE;
  }

  /**
   * The API beside a console: {@code console.} or {@code app.} becomes {@code api.}; a console on
   * this machine serves its API itself, except Galileo's development console on port 3000, whose
   * API listens on 8088.
   */
  static URI fromConsoleUrl(URI console) {
    String host = console.getHost();
    if (host == null) {
      return normalize(console);
    }
    if (isLoopback(host)) {
      int port = console.getPort() == 3000 ? 8088 : console.getPort();
      return URI.create(console.getScheme() + "://" + hostForUri(host) + (port > 0 ? ":" + port : ""));
    }
    String apiHost = host;
    if (host.startsWith("console.")) {
      apiHost = "api." + host.substring("console.".length());
    } else if (host.startsWith("app.")) {
      apiHost = "api." + host.substring("app.".length());
    } else if (!host.startsWith("api.")) {
      apiHost = host.replaceFirst("console", "api");
    }
    return URI.create(console.getScheme() + "://" + apiHost + (console.getPort() > 0 ? ":" + console.getPort() : ""));
  }

  private static URI normalize(URI uri) {
    String s = uri.toString();
    while (s.endsWith("/")) {
      s = s.substring(0, s.length() - 1);
    }
    if (s.endsWith("/v2")) {
      s = s.substring(0, s.length() - 3);
    }
    return URI.create(s);
  }

  private static boolean isLoopback(String host) {
    return host.equals("localhost") || host.startsWith("127.") || host.equals("[::1]") || host.equals("::1");
  }

  private static String hostForUri(String host) {
    return host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
  }
}
