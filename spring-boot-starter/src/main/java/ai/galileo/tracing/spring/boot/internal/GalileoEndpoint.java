package ai.galileo.tracing.spring.boot.internal;

import ai.galileo.tracing.core.Doctor;
import ai.galileo.tracing.core.GalileoTracer;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;

/**
 * The {@code galileo} Actuator endpoint: the doctor's report for this application's configuration
 * (mode, propagators, transports, exporters, target and whether it answers, what to check), and the
 * export counters. Expose it like any endpoint ({@code management.endpoints.web.exposure.include}).
 *
 * <p>Internal: not part of the public API and may change without notice.
 */
@Endpoint(id = "galileo")
public final class GalileoEndpoint {
  private final GalileoTracer tracer;

  public GalileoEndpoint(GalileoTracer tracer) {
    this.tracer = tracer;
  }

  /** The report and the counters. */
  @ReadOperation
  public Map<String, Object> report() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("mode", tracer.mode().configValue());
    m.put("serviceName", tracer.config().serviceName());
    m.put("exportStats", GalileoHealth.exportStats(tracer.exportStats()));
    m.put("report", Doctor.report(tracer.config(), GalileoEndpoint.class.getClassLoader(), true));
    return m;
  }
}
