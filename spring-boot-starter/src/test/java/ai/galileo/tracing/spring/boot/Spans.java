package ai.galileo.tracing.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import ai.galileo.tracing.core.GalileoTracer;
import ai.galileo.tracing.core.SpanData;
import ai.galileo.tracing.testing.InMemorySpanExporter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.springframework.context.ApplicationContext;

/** Helpers shared by the tests: waiting for spans, finding them, plain HTTP calls. */
final class Spans {
  static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private Spans() {}

  /** Flushes the contexts' tracers until the exporters hold a span matching each predicate (20 s at most). */
  @SafeVarargs
  static List<SpanData> await(List<ApplicationContext> contexts, List<InMemorySpanExporter> exporters,
      Predicate<SpanData>... wanted) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (true) {
      for (ApplicationContext c : contexts) {
        c.getBean(GalileoTracer.class).flush(Duration.ofSeconds(5));
      }
      List<SpanData> all = new ArrayList<>();
      exporters.forEach(e -> all.addAll(e.finishedSpans()));
      boolean complete = true;
      for (Predicate<SpanData> w : wanted) {
        complete &= all.stream().anyMatch(w);
      }
      if (complete || System.nanoTime() > deadline) {
        return all;
      }
      Thread.sleep(20);
    }
  }

  /** A span (not the trace itself, which a server's span may share its name with) of this name. */
  static Predicate<SpanData> named(String name) {
    return s -> s.name().equals(name) && !s.isTrace();
  }

  static SpanData one(List<SpanData> spans, Predicate<SpanData> which) {
    List<SpanData> found = spans.stream().filter(which).toList();
    assertThat(found).as("spans matching in %s", spans).hasSize(1);
    return found.get(0);
  }

  static HttpResponse<String> get(String url, String... headers) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(20));
    if (headers.length > 0) {
      request.headers(headers);
    }
    return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }
}
