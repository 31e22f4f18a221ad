package ai.galileo.tracing.spring.boot;

import static ai.galileo.tracing.spring.boot.Spans.named;
import static ai.galileo.tracing.spring.boot.Spans.one;
import static org.assertj.core.api.Assertions.assertThat;

import ai.galileo.tracing.core.SpanData;
import ai.galileo.tracing.testing.InMemorySpanExporter;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Two WebFlux applications on real Netty, set up by the starter alone: the front calls the back
 * through WebClient, and every span lands in one trace under the right parent.
 */
@SpringBootTest(classes = WebFluxApps.Front.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {"spring.application.name=front", "spring.main.web-application-type=reactive",
        "server.address=127.0.0.1"})
class WebFluxTwoAppsTest {
  static ConfigurableApplicationContext back;

  @Value("${local.server.port}")
  int port;

  @Autowired
  ApplicationContext front;

  @DynamicPropertySource
  static void startBack(DynamicPropertyRegistry registry) {
    back = new SpringApplicationBuilder(WebFluxApps.Back.class)
        .properties("spring.application.name=back", "spring.main.web-application-type=reactive",
            "server.port=0", "server.address=127.0.0.1")
        .run();
    String port = back.getEnvironment().getProperty("local.server.port");
    registry.add("back.url", () -> "http://127.0.0.1:" + port);
  }

  @AfterAll
  static void stopBack() {
    back.close();
  }

  @BeforeEach
  void clear() {
    WebFluxApps.FRONT_SPANS.reset();
    WebFluxApps.BACK_SPANS.reset();
  }

  private List<SpanData> await(Predicate<SpanData>... wanted) throws InterruptedException {
    return Spans.await(List.of(front, back), List.of(WebFluxApps.FRONT_SPANS, WebFluxApps.BACK_SPANS), wanted);
  }

  @Test
  void oneTraceAcrossBothApplications() throws Exception {
    String via = "webclient";
    HttpResponse<String> response = Spans.get("http://127.0.0.1:" + port + "/ask?q=pendulum&via=" + via);
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).isEqualTo("found pendulum");

    List<SpanData> spans = await(named("GET /ask"), named("ask pendulum"), named("GET /retrieve"),
        named("search pendulum"));
    SpanData frontServer = one(spans, named("GET /ask"));
    SpanData ask = one(spans, named("ask pendulum"));
    SpanData backServer = one(spans, named("GET /retrieve"));
    SpanData search = one(spans, named("search pendulum"));

    assertThat(List.of(ask, backServer, search)).extracting(SpanData::traceId)
        .containsOnly(frontServer.traceId());
    assertThat(ask.parentId()).isEqualTo(frontServer.spanId());
    assertThat(backServer.parentId()).isEqualTo(ask.spanId());
    assertThat(backServer.remoteParent()).isTrue();
    assertThat(search.parentId()).isEqualTo(backServer.spanId());
    assertThat(frontServer.metadata()).containsEntry("service.name", "front");
    assertThat(backServer.metadata()).containsEntry("service.name", "back");
    assertThat(backServer.statusCode()).isEqualTo(200);
  }

  @Test
  void malformedTracingHeadersStillGet200AndATraceOfTheirOwn() throws Exception {
    String backPort = back.getEnvironment().getProperty("local.server.port");
    HttpResponse<String> response = Spans.get("http://127.0.0.1:" + backPort + "/retrieve?q=odd",
        "X-Galileo-Trace-ID", "not-a-uuid", "X-Galileo-Parent-ID", "%%%", "traceparent", "00-zz-zz-01");
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("X-Galileo-Span-ID")).as("not continued: no span to wait for").isEmpty();

    List<SpanData> spans = await(named("GET /retrieve"), named("search odd"));
    SpanData server = one(spans, named("GET /retrieve"));
    assertThat(server.remoteParent()).isFalse();
    assertThat(one(spans, named("search odd")).parentId()).isEqualTo(server.spanId());
  }

  @Test
  void concurrentRequestsNeverCrossTraces() throws Exception {
    int n = 100;
    ExecutorService pool = Executors.newFixedThreadPool(16);
    try {
      List<Future<HttpResponse<String>>> calls = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        String via = "webclient";
        String url = "http://127.0.0.1:" + port + "/ask?q=q" + i + "&via=" + via;
        calls.add(pool.submit(() -> Spans.get(url)));
      }
      for (int i = 0; i < n; i++) {
        assertThat(calls.get(i).get().body()).isEqualTo("found q" + i);
      }
    } finally {
      pool.shutdownNow();
    }
    List<Predicate<SpanData>> wanted = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      wanted.add(named("search q" + i));
    }
    @SuppressWarnings("unchecked")
    List<SpanData> spans = await(wanted.toArray(new Predicate[0]));
    for (int i = 0; i < n; i++) {
      SpanData ask = one(spans, named("ask q" + i));
      SpanData search = one(spans, named("search q" + i));
      SpanData backServer = one(spans, s -> s.spanId().equals(search.parentId()));
      assertThat(backServer.parentId()).isEqualTo(ask.spanId());
      assertThat(search.traceId()).isEqualTo(ask.traceId());
    }
    assertThat(spans.stream().map(SpanData::traceId).distinct()).hasSize(n);
  }
}
