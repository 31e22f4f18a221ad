package ai.galileo.tracing.conformance;

import ai.galileo.tracing.Scope;
import ai.galileo.tracing.Span;
import ai.galileo.tracing.SpanType;
import ai.galileo.tracing.Tracer;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * The application behind every test server, whatever the server library:
 *
 * <ul>
 *   <li>{@code /work}: makes a span of its own ({@value #HANDLER_SPAN}) and answers 200 with the
 *       trace id current in the handler;
 *   <li>{@code /redirect}: answers 302 to {@code /work};
 *   <li>{@code /flaky}: answers 503 the first time, then as {@code /work};
 *   <li>{@code /error}: answers 500;
 *   <li>{@code /slow}: waits for {@link #release()}, then as {@code /work};
 *   <li>paths under a prefix given to {@link #route}: whatever that route answers.
 * </ul>
 */
final class TestApp {
  static final String HANDLER_SPAN = "handler work";

  private final Tracer tracer;
  private final ConcurrentLinkedQueue<Seen> seen = new ConcurrentLinkedQueue<>();
  private final AtomicInteger flakyCalls = new AtomicInteger();
  private final CountDownLatch slow = new CountDownLatch(1);
  private final Map<String, Function<String, Answer>> routes = new ConcurrentHashMap<>();
  private volatile URI base;

  TestApp(Tracer tracer) {
    this.tracer = tracer;
  }

  void base(URI base) {
    this.base = base;
  }

  /** Answers the paths that start with {@code prefix} with {@code route}, given the path. */
  void route(String prefix, Function<String, Answer> route) {
    routes.put(prefix, route);
  }

  /** Handles one request; {@code headers} has lower-case names. Returns status, body, location. */
  Answer handle(String path, Map<String, List<String>> headers) {
    seen.add(new Seen(path, headers, Thread.currentThread().getName(), Span.current().context()));
    for (Map.Entry<String, Function<String, Answer>> route : routes.entrySet()) {
      if (path.startsWith(route.getKey())) {
        return route.getValue().apply(path);
      }
    }
    switch (path) {
      case "/redirect":
        return new Answer(302, "", base.resolve("/work").toString());
      case "/flaky":
        if (flakyCalls.getAndIncrement() == 0) {
          return new Answer(503, "try again", null);
        }
        return work();
      case "/error":
        return new Answer(500, "failed", null);
      case "/slow":
        try {
          slow.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        return work();
      default:
        return work();
    }
  }

  private Answer work() {
    Span span = tracer.spanBuilder(HANDLER_SPAN, SpanType.TOOL).start();
    try (Scope scope = span.makeCurrent()) {
      return new Answer(200, Span.current().context().traceIdString(), null);
    } finally {
      span.end();
    }
  }

  /** Waits until a request for the path arrived (a {@code /slow} one is then being held). */
  void awaitSeen(String path) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (seen(path).isEmpty()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("no request for " + path + " arrived");
      }
      Thread.sleep(5);
    }
  }

  void release() {
    slow.countDown();
  }

  List<Seen> seen() {
    return new ArrayList<>(seen);
  }

  List<Seen> seen(String path) {
    List<Seen> matches = new ArrayList<>();
    for (Seen s : seen) {
      if (s.path().equals(path)) {
        matches.add(s);
      }
    }
    return matches;
  }

  /** A response: status, body, and the Location of a redirect (or null). */
  record Answer(int status, String body, String location) {}
}
