package ai.galileo.tracing.spring.boot.internal;

import ai.galileo.tracing.core.Doctor;
import ai.galileo.tracing.core.GalileoTracer;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;

/**
 * The {@code galileo} Actuator endpoint: the doctor's report for this application's configuration
 * (mode, propagators, transports, integrations, exporters, target and whether it answers, what to
 * check), and the export counters. The starter's own client and server instrumentations count as
 * transports ({@link StarterTransports}), and plug-ins are looked up in the application's class
 * loader. Expose it like any endpoint ({@code management.endpoints.web.exposure.include}).
 *
 * <p>Internal: not part of the public API and may change without notice.
 */
@Endpoint(id = "galileo")
public final class GalileoEndpoint {
  private final GalileoTracer tracer;
  private final ConfigurableListableBeanFactory beans;

  public GalileoEndpoint(GalileoTracer tracer, ConfigurableListableBeanFactory beans) {
    this.tracer = tracer;
    this.beans = beans;
  }

  /** The report and the counters. */
  @ReadOperation
  public Map<String, Object> report() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("mode", tracer.mode().configValue());
    m.put("serviceName", tracer.config().serviceName());
    m.put("exportStats", GalileoHealth.exportStats(tracer.exportStats()));
    ClassLoader loader = beans.getBeanClassLoader();
    m.put("report", Doctor.report(tracer.config(),
        loader != null ? loader : GalileoEndpoint.class.getClassLoader(), true,
        StarterTransports.active(beans)));
    return m;
  }
}
