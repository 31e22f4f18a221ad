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
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * What both web stacks must show: the test's application (the front, /ask) calls a second one
 * started beside it (the back, /retrieve) through each client kind; one trace, every parent right;
 * malformed headers still answered; concurrent requests apart. Subclasses set up the two
 * applications.
 */
abstract class TwoApps {
  @Value("${local.server.port}")
  int port;

  @Autowired
  ApplicationContext front;

  /** The back application, started by the subclass before the front. */
  abstract ConfigurableApplicationContext back();

  /** The front's and the back's exporters. */
  abstract List<InMemorySpanExporter> exporters();

  /** The client kinds the front calls the back with; request i uses kind i modulo their number. */
  abstract List<String> clients();

  /** Starts the back application of this web stack on a free loopback port. */
  static ConfigurableApplicationContext startBack(Class<?> app, String webApplicationType) {
    return new SpringApplicationBuilder(app)
        .properties("spring.application.name=back", "spring.main.web-application-type=" + webApplicationType,
            "server.port=0", "server.address=127.0.0.1")
        .run();
  }

  static String portOf(ConfigurableApplicationContext context) {
    return context.getEnvironment().getProperty("local.server.port");
  }

  @BeforeEach
  void clear() {
    exporters().forEach(InMemorySpanExporter::reset);
  }

  @SafeVarargs
  final List<SpanData> await(Predicate<SpanData>... wanted) throws InterruptedException {
    return Spans.await(List.of(front, back()), exporters(), wanted);
  }

  @Test
  void oneTraceAcrossBothApplicationsThroughEachClient() throws Exception {
    for (String via : clients()) {
      clear();
      HttpResponse<String> response = Spans.get("http://127.0.0.1:" + port + "/ask?q=pendulum&via=" + via);
      assertThat(response.statusCode()).as(via).isEqualTo(200);
      assertThat(response.body()).as(via).isEqualTo("found pendulum");

      // The front's server span is picked by what it answered: a span of an earlier test that
      // reached the exporter after this test's reset must not be taken for it.
      Predicate<SpanData> frontAsk = named("GET /ask").and(s -> String.valueOf(s.output()).contains("found pendulum"));
      List<SpanData> spans = await(frontAsk, named("ask pendulum"), named("GET /retrieve"),
          named("search pendulum"));
      SpanData frontServer = one(spans, frontAsk);
      SpanData ask = one(spans, named("ask pendulum"));
      SpanData backServer = one(spans, named("GET /retrieve"));
      SpanData search = one(spans, named("search pendulum"));

      assertThat(List.of(ask, backServer, search)).as(via).extracting(SpanData::traceId)
          .containsOnly(frontServer.traceId());
      assertThat(ask.parentId()).as(via).isEqualTo(frontServer.spanId());
      assertThat(backServer.parentId()).as(via).isEqualTo(ask.spanId());
      assertThat(backServer.remoteParent()).as(via).isTrue();
      assertThat(search.parentId()).as(via).isEqualTo(backServer.spanId());
      assertThat(frontServer.metadata()).containsEntry("service.name", "front");
      assertThat(backServer.metadata()).containsEntry("service.name", "back");
      assertThat(backServer.statusCode()).isEqualTo(200);
    }
  }

  @Test
  void malformedTracingHeadersStillGet200AndATraceOfTheirOwn() throws Exception {
    HttpResponse<String> response = Spans.get("http://127.0.0.1:" + portOf(back()) + "/retrieve?q=odd",
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
        String url = "http://127.0.0.1:" + port + "/ask?q=q" + i + "&via=" + clients().get(i % clients().size());
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
      wanted.add(named("ask q" + i));
    }
    // Every server span on both sides too, so that none reaches the exporters during a later test.
    for (String server : List.of("GET /retrieve", "GET /ask")) {
      wanted.add(s -> exporters().stream().mapToLong(e -> e.spans(server).stream()
          .filter(x -> !x.isTrace()).count()).sum() >= n);
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
