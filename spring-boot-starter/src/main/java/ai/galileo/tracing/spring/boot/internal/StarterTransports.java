package ai.galileo.tracing.spring.boot.internal;

import ai.galileo.tracing.core.internal.transport.ModuleVersion;
import ai.galileo.tracing.core.transport.TransportProvider;
import java.util.ArrayList;
import java.util.List;
import org.springframework.beans.factory.ListableBeanFactory;

/**
 * The clients and servers the starter instruments in this application, as the doctor's
 * transports: they carry and continue traces without any transport module, so the report must
 * count them. Read from the beans the starter's auto-configurations made, by their names.
 *
 * <p>Internal: not part of the public API and may change without notice.
 */
public final class StarterTransports {
  private static final String VERSION = ModuleVersion.of(StarterTransports.class);

  private StarterTransports() {}

  /** One entry per instrumentation that is active in this application context. */
  public static List<TransportProvider> active(ListableBeanFactory beans) {
    List<TransportProvider> active = new ArrayList<>(5);
    if (beans.containsBean("galileoRestClientCustomizer")) {
      active.add(new Active("spring-restclient", true, false, "Spring's RestClient and RestTemplate"
          + " built from Boot's builders (RestClientCustomizer, RestTemplateCustomizer)"));
    }
    if (beans.containsBean("galileoWebClientCustomizer")) {
      active.add(new Active("spring-webclient", true, false,
          "Spring's WebClient built from Boot's WebClient.Builder (WebClientCustomizer)"));
    }
    if (beans.containsBean("galileoServletFilter")) {
      active.add(new Active("spring-servlet", false, true,
          "this application's servlet requests (the starter's filter, first in the chain)"));
    }
    if (beans.containsBean("galileoWebFilter")) {
      active.add(new Active("spring-webflux", false, true,
          "this application's WebFlux requests (the starter's WebFilter)"));
    }
    if (beans.containsBean(Mcp.BEAN)) { // only then is MCP on the class path
      Mcp.add(beans, active);
    }
    return List.copyOf(active);
  }

  /** Apart, so that nothing loads the MCP post-processor's class where MCP is missing. */
  private static final class Mcp {
    static final String BEAN = "galileoMcpTracingPostProcessor";

    static void add(ListableBeanFactory beans, List<TransportProvider> active) {
      try {
        McpTracingPostProcessor mcp = beans.getBean(BEAN, McpTracingPostProcessor.class);
        if (mcp.tracesClients() || mcp.tracesServers()) {
          active.add(new Active("spring-ai-mcp", mcp.tracesClients(), mcp.tracesServers(),
              "Spring AI's MCP clients and servers"));
        }
      } catch (RuntimeException | LinkageError e) {
        // replaced by a bean of another type, or being destroyed: nothing to report
      }
    }
  }

  /** One of the starter's instrumentations, in the doctor's terms. */
  private record Active(String name, boolean client, boolean server, String description)
      implements TransportProvider {
    @Override
    public String version() {
      return VERSION;
    }

    @Override
    public String description() {
      return description + ", by galileo-spring-boot-starter";
    }
  }
}
