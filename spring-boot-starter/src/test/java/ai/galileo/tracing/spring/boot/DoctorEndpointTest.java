package ai.galileo.tracing.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import ai.galileo.tracing.core.Doctor;
import ai.galileo.tracing.core.GalileoConfig;
import ai.galileo.tracing.core.transport.TransportProvider;
import java.io.IOException;
import java.net.URL;
import java.net.http.HttpResponse;
import java.util.Collections;
import java.util.Enumeration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.io.DefaultResourceLoader;

/**
 * The {@code galileo} endpoint's report in an application with the starter and Spring MVC only:
 * the starter's client and server instrumentations are its transports, and the integrations the
 * starter set up are on.
 */
class DoctorEndpointTest {
  private static final String NO_CLIENT = "No client transport is installed";

  @SpringBootConfiguration
  @EnableAutoConfiguration
  static class App {}

  /**
   * The test class path as an application with only the starter and web sees it: the transport
   * modules this build puts there for other tests (MCP's client, for one) are hidden.
   */
  static final class WithoutTransportModules extends ClassLoader {
    WithoutTransportModules() {
      super(DoctorEndpointTest.class.getClassLoader());
    }

    @Override
    public Enumeration<URL> getResources(String name) throws IOException {
      return name.endsWith(TransportProvider.class.getName())
          ? Collections.emptyEnumeration() : super.getResources(name);
    }
  }

  @Test
  void withoutTransportModulesTheDoctorSaysOutgoingCallsCarryNoHeaders() {
    // What the endpoint would print without counting the starter's instrumentations.
    GalileoConfig config = GalileoConfig.builder().set("GALILEO_EXPORTER", "none").build();
    assertThat(Doctor.report(config, new WithoutTransportModules(), false)).contains(NO_CLIENT);
  }

  private static String endpointReport(String webApplicationType) throws Exception {
    try (ConfigurableApplicationContext context = new SpringApplicationBuilder(App.class)
        .resourceLoader(new DefaultResourceLoader(new WithoutTransportModules()))
        .properties("spring.main.web-application-type=" + webApplicationType, "server.port=0",
            "server.address=127.0.0.1", "galileo.exporter=none",
            "management.endpoints.web.exposure.include=galileo")
        .run()) {
      HttpResponse<String> doctor = Spans.get("http://127.0.0.1:"
          + context.getEnvironment().getProperty("local.server.port") + "/actuator/galileo");
      assertThat(doctor.statusCode()).isEqualTo(200);
      return doctor.body().replace("\\n", "\n");
    }
  }

  @Test
  void inAWebFluxApplicationTheStartersWebClientAndWebFilterAreTheTransports() throws Exception {
    String report = endpointReport("reactive");
    assertThat(report)
        .contains("spring-webclient ", ": client - Spring's WebClient")
        .contains("spring-webflux ", ": server - this application's WebFlux requests")
        .doesNotContain("spring-servlet ")
        .doesNotContain(NO_CLIENT);
  }

  @Test
  void theEndpointCountsTheStartersRestClientAndServletFilterAsTransports() throws Exception {
    String report = endpointReport("servlet");
    assertThat(report)
        .contains("spring-restclient ", ": client - Spring's RestClient and RestTemplate")
        .contains("spring-servlet ", ": server - this application's servlet requests")
        .doesNotContain(NO_CLIENT)
        .doesNotContain("No server transport is installed")
        .doesNotContain("  mcp ");
    assertThat(report).containsPattern("\n  langchain4j \\S+: on - LangChain4j")
        .containsPattern("\n  adk \\S+: on - Google ADK");
  }
}
