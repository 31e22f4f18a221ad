package ai.galileo.tracing.spring.boot;

import static ai.galileo.tracing.spring.boot.Spans.named;
import static ai.galileo.tracing.spring.boot.Spans.one;
import static org.assertj.core.api.Assertions.assertThat;

import ai.galileo.tracing.core.SpanData;
import ai.galileo.tracing.testing.InMemorySpanExporter;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Two Spring MVC applications on real Tomcat, set up by the starter alone: the front calls the back
 * through RestClient and RestTemplate, and every span lands in one trace under the right parent.
 */
@SpringBootTest(classes = MvcApps.Front.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {"spring.application.name=front", "spring.main.web-application-type=servlet",
        "server.address=127.0.0.1"})
class MvcTwoAppsTest extends TwoApps {
  static ConfigurableApplicationContext back;

  @DynamicPropertySource
  static void startBack(DynamicPropertyRegistry registry) {
    back = startBack(MvcApps.Back.class, "servlet");
    registry.add("back.url", () -> "http://127.0.0.1:" + portOf(back));
  }

  @AfterAll
  static void stopBack() {
    back.close();
  }

  @Test
  void anAsyncHandlersSpansNestUnderItsRequestsSpan() throws Exception {
    HttpResponse<String> response = Spans.get("http://127.0.0.1:" + portOf(back) + "/retrieve-later?q=later",
        "X-Galileo-Trace-ID", "6f1b0a6e-2d8c-4f7a-9a0e-3c1d2b4a5e6f",
        "X-Galileo-Parent-ID", "0c9d8e7f-6a5b-4c3d-8e1f-2a3b4c5d6e7f");
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).isEqualTo("found later");

    List<SpanData> spans = await(named("GET /retrieve-later"), named("search later"));
    SpanData server = one(spans, named("GET /retrieve-later"));
    assertThat(server.traceId()).hasToString("6f1b0a6e-2d8c-4f7a-9a0e-3c1d2b4a5e6f");
    assertThat(server.statusCode()).isEqualTo(200);
    assertThat(one(spans, named("search later")).parentId()).isEqualTo(server.spanId());
  }

  @Override
  ConfigurableApplicationContext back() {
    return back;
  }

  @Override
  List<InMemorySpanExporter> exporters() {
    return List.of(MvcApps.FRONT_SPANS, MvcApps.BACK_SPANS);
  }

  @Override
  List<String> clients() {
    return List.of("restclient", "resttemplate");
  }
}
