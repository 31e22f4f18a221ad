package ai.galileo.tracing.core.internal.export;

import ai.galileo.tracing.core.GalileoConfig;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Locale;

/**
 * Asks the Galileo API (or the local console) whether it answers: {@code GET <url>/v2/healthcheck}.
 * Shared by the doctor and the Spring Boot starter's health indicator, so both decide alike when
 * the target may be asked at all: when it is on this machine or was configured explicitly, never
 * the hosted API just because nothing was set.
 *
 * <p>Internal: not part of the public API and may change without notice.
 */
public final class TargetProbe {
  /** Galileo's health route, below the API URL. */
  public static final String HEALTHCHECK = "/v2/healthcheck";

  /**
   * What the target answered: the HTTP status and how long it took, or, when nothing answered,
   * what went wrong.
   */
  public record Answer(int status, long millis, String error) {
    public boolean answered() {
      return error == null;
    }

    public boolean healthy() {
      return answered() && status >= 200 && status < 300;
    }
  }

  /**
   * One client for every probe: a health indicator asks on each scrape, and each JDK client
   * keeps a selector thread of its own until it is collected. Loaded only when a probe is made.
   */
  private static final class Client {
    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2))
        .version(HttpClient.Version.HTTP_1_1).build();
  }

  private TargetProbe() {}

  /** Whether the configured exporters send to the Galileo API (and logging is on). */
  public static boolean exportsToGalileo(GalileoConfig config) {
    return config.values().get(Exporters.SETTING, Exporters.DEFAULT).toLowerCase(Locale.ROOT).contains("galileo");
  }

  /** Whether {@code target} may be asked: configured explicitly, or on this machine. */
  public static boolean mayAsk(GalileoConfig config, URI target) {
    return config.apiUrl() != null || config.consoleUrl() != null || isLoopback(target.getHost());
  }

  /** Asks the target's health route once, within {@code timeout} (connecting: 2 s at most). Never throws. */
  public static Answer ask(URI target, Duration timeout) {
    String base = target.toString();
    URI health = URI.create((base.endsWith("/") ? base.substring(0, base.length() - 1) : base) + HEALTHCHECK);
    long start = System.nanoTime();
    try {
      HttpResponse<Void> response = Client.HTTP.send(HttpRequest.newBuilder(health).timeout(timeout).GET().build(),
          HttpResponse.BodyHandlers.discarding());
      return new Answer(response.statusCode(), (System.nanoTime() - start) / 1_000_000, null);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Answer(0, 0, "interrupted");
    } catch (Exception e) {
      return new Answer(0, 0, e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()));
    }
  }

  /** Whether the host is a loopback address; a name other than localhost is not resolved to decide. */
  public static boolean isLoopback(String host) {
    if (host == null) {
      return false;
    }
    String h = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    if (h.equalsIgnoreCase("localhost")) {
      return true;
    }
    if (!h.matches("[0-9.]+|[0-9a-fA-F:]+")) {
      return false;
    }
    try {
      return InetAddress.getByName(h).isLoopbackAddress();
    } catch (UnknownHostException e) {
      return false;
    }
  }
}
