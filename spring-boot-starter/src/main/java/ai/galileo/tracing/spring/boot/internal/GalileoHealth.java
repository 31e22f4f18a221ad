package ai.galileo.tracing.spring.boot.internal;

import ai.galileo.tracing.core.GalileoTracer;
import ai.galileo.tracing.core.export.ExportStats;
import ai.galileo.tracing.core.internal.export.ApiEndpoint;
import ai.galileo.tracing.core.internal.export.TargetProbe;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the {@code galileo} health indicator reports, whichever Spring Boot asks: whether the
 * target answers, and the export queue's and drops' state. The target is asked
 * ({@code GET <url>/v2/healthcheck}, 2 s at most) only when spans go to it and it is on this
 * machine or was configured explicitly, as the doctor does; a hosted API is not called on every
 * health check.
 *
 * <p>Internal: not part of the public API and may change without notice.
 */
public final class GalileoHealth {
  private static final Duration TIMEOUT = Duration.ofSeconds(2);

  private final GalileoTracer tracer;
  private final boolean downWhenUnreachable;

  /**
   * @param downWhenUnreachable whether an unreachable target makes the health DOWN; when false
   *     (the default of {@code galileo.health.down-when-unreachable}) it stays UP with
   *     {@code reachable: false} and the error in the details
   */
  public GalileoHealth(GalileoTracer tracer, boolean downWhenUnreachable) {
    this.tracer = tracer;
    this.downWhenUnreachable = downWhenUnreachable;
  }

  /**
   * Whether the health is up: false only when the target was asked, did not answer, and
   * {@code downWhenUnreachable} is set.
   */
  public boolean check(Map<String, Object> details) {
    ExportStats stats = tracer.exportStats();
    details.put("mode", tracer.mode().configValue());
    details.put("exportStats", exportStats(stats));
    boolean toGalileo = TargetProbe.exportsToGalileo(tracer.config()) && !tracer.config().loggingDisabled();
    if (!toGalileo) {
      details.put("target", "not used by the exporters");
      return true;
    }
    URI url = ApiEndpoint.resolve(tracer.config());
    details.put("target", url.toString());
    if (!TargetProbe.mayAsk(tracer.config(), url)) {
      details.put("reachable", "not checked");
      return true;
    }
    TargetProbe.Answer answer = TargetProbe.ask(url, TIMEOUT);
    String problem = !answer.answered() ? answer.error() : answer.status() >= 500 ? "HTTP " + answer.status() : null;
    details.put("reachable", problem == null);
    if (problem != null) {
      details.put("error", problem);
    }
    return problem == null || !downWhenUnreachable;
  }

  /** The export counters, for the health details and the endpoint. */
  public static Map<String, Object> exportStats(ExportStats stats) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("sent", stats.sent());
    m.put("retried", stats.retried());
    m.put("dropped", stats.dropped());
    m.put("failed", stats.failed());
    m.put("late", stats.late());
    m.put("queued", stats.queued());
    return m;
  }
}
