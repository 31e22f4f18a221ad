package ai.galileo.tracing.spring.boot;

import ai.galileo.tracing.testing.InMemorySpanExporter;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Two WebFlux applications on real Netty, set up by the starter alone: the front calls the back
 * through WebClient, hopping threads on both sides, and every span lands in one trace under the right parent.
 */
@SpringBootTest(classes = WebFluxApps.Front.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {"spring.application.name=front", "spring.main.web-application-type=reactive",
        "server.address=127.0.0.1"})
class WebFluxTwoAppsTest extends TwoApps {
  static ConfigurableApplicationContext back;

  @DynamicPropertySource
  static void startBack(DynamicPropertyRegistry registry) {
    back = startBack(WebFluxApps.Back.class, "reactive");
    registry.add("back.url", () -> "http://127.0.0.1:" + portOf(back));
  }

  @AfterAll
  static void stopBack() {
    back.close();
  }

  @Override
  ConfigurableApplicationContext back() {
    return back;
  }

  @Override
  List<InMemorySpanExporter> exporters() {
    return List.of(WebFluxApps.FRONT_SPANS, WebFluxApps.BACK_SPANS);
  }

  @Override
  List<String> clients() {
    return List.of("webclient");
  }
}
