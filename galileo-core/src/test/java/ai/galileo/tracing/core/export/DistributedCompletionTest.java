package ai.galileo.tracing.core.export;

import ai.galileo.tracing.galileoapifake.GalileoApiFake;

import static org.assertj.core.api.Assertions.assertThat;

import ai.galileo.tracing.Context;
import ai.galileo.tracing.Propagator;
import ai.galileo.tracing.Scope;
import ai.galileo.tracing.Span;
import ai.galileo.tracing.SpanType;
import ai.galileo.tracing.core.GalileoConfig;
import ai.galileo.tracing.core.GalileoTracer;
import ai.galileo.tracing.core.Mode;
import ai.galileo.tracing.core.transport.ClientSpan;
import ai.galileo.tracing.core.transport.ClientTracing;
import ai.galileo.tracing.core.transport.ServerSpan;
import ai.galileo.tracing.core.transport.ServerTracing;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Galileo's completion rule across two services: a client and a server, each with its own tracer in
 * distributed mode, against the fake API, which refuses (and records as a violation) any span for
 * a trace already complete. The "network" between them is a header map handed to a server thread,
 * through the shared client and server handlers every transport uses; the transports' own modules
 * and the two-JVM tests run the same over real sockets.
 */
class DistributedCompletionTest {
  private static final Propagator.Getter<Map<String, String>> GETTER = (m, name) -> m.get(name);
  private static final Propagator.Setter<Map<String, String>> SETTER = Map::put;

  private final GalileoApiFake api = GalileoApiFake.start();
  private final ExecutorService serverThreads = Executors.newFixedThreadPool(4);
  private final List<GalileoTracer> tracers = new ArrayList<>();
  /** Work a server does after its answer left: its span ends when this completes. */
  private volatile CompletableFuture<Void> lateWork = CompletableFuture.completedFuture(null);

  @AfterEach
  void close() {
    serverThreads.shutdownNow();
    tracers.forEach(t -> t.shutdown(Duration.ofSeconds(1)));
    api.close();
  }

  private GalileoTracer tracer(String service, Map<String, String> settings) {
    GalileoConfig.Builder config = GalileoConfig.builder()
        .mode(Mode.DISTRIBUTED)
        .apiUrl(URI.create(api.baseUrl()))
        .apiKey(api.apiKey())
        .project("rag-demo")
        .logStream("default")
        .serviceName(service)
        .propagators(List.of("galileo"))
        .set("GALILEO_RETRY_INITIAL_BACKOFF_MS", "50");
    settings.forEach(config::set);
    GalileoTracer tracer = GalileoTracer.builder().config(config.build()).shutdownHook(false).build();
    tracers.add(tracer);
    return tracer;
  }

  private static Map<String, String> headers() {
    return new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
  }

  /** The retrieval service: continues the caller's trace, makes a retriever span, answers. */
  private CompletableFuture<Map<String, String>> serve(ServerTracing server, Map<String, String> request,
      CountDownLatch finishAfterAnswer) {
    return CompletableFuture.supplyAsync(() -> {
      Map<String, String> response = headers();
      ServerSpan call = server.startHttp(request, GETTER, "POST", "/retrieve");
      call.injectResponse(response, SETTER);
      try (Scope s = call.makeCurrent()) {
        server.tracer().spanBuilder("search", SpanType.RETRIEVER).setInput("q").start().end("docs");
      }
      if (finishAfterAnswer == null) {
        call.end(200);
      } else {
        // The handler keeps working after its answer left: its span ends later.
        lateWork = CompletableFuture.runAsync(() -> {
          await(finishAfterAnswer);
          call.end(200);
        }, serverThreads);
      }
      return response;
    }, serverThreads);
  }

  /** One request of the client: a trace, a workflow span, a call to the server under it. */
  private UUID request(GalileoTracer client, ServerTracing server, boolean waitForAnswer,
      CountDownLatch serverFinishes) {
    ClientTracing calls = ClientTracing.create(client, false);
    Span trace = client.traceBuilder("answer question").setInput("q").start();
    try (Scope t = trace.makeCurrent()) {
      Span workflow = client.spanBuilder("call retrieval", SpanType.WORKFLOW).setInput("q").start();
      try (Scope w = workflow.makeCurrent()) {
        ClientSpan call = calls.startHttp(Context.current(), "POST", URI.create("http://127.0.0.1/retrieve"));
        Map<String, String> request = headers();
        calls.inject(call.context(), request, SETTER, Map::remove);
        CompletableFuture<Map<String, String>> answer = serve(server, request, serverFinishes)
            .whenComplete((response, error) -> {
              if (response != null) {
                call.extractResponse(response, GETTER);
              }
              call.end(error == null ? 200 : 0, error);
            });
        if (waitForAnswer) {
          answer.join();
        }
      }
      workflow.end("retrieved");
    }
    trace.end("answer");
    return trace.context().traceId();
  }

  private void assertCombined(List<UUID> traceIds) {
    api.assertNoViolations();
    for (UUID id : traceIds) {
      ObjectNode trace = api.tracesById().get(id);
      assertThat(trace).as("trace %s", id).isNotNull();
      assertThat(trace.path("is_complete").asBoolean()).isTrue();
      List<String> names = api.spansById().values().stream()
          .filter(s -> s.path("trace_id").asText().equals(id.toString()))
          .map(s -> s.path("name").asText()).toList();
      assertThat(names).containsExactlyInAnyOrder("call retrieval", "POST /retrieve", "search");
    }
  }

  @Test
  void sequentialRequestsColdAndWarmNeverSendASpanAfterItsTraceIsComplete() {
    GalileoTracer client = tracer("orchestrator", Map.of());
    ServerTracing server = ServerTracing.create(tracer("retrieval", Map.of()));
    List<UUID> ids = new ArrayList<>();
    for (int i = 0; i < 15; i++) {
      ids.add(request(client, server, true, null));
    }
    assertThat(client.flush(Duration.ofSeconds(20)).completed()).isTrue();
    assertThat(tracers.get(1).flush(Duration.ofSeconds(20)).failed()).isZero();
    assertCombined(ids);
  }

  @Test
  void aFireAndForgetCallHoldsTheCompletionUntilTheServerHasDelivered() {
    GalileoTracer client = tracer("orchestrator", Map.of());
    GalileoTracer serverTracer = tracer("retrieval", Map.of());
    ServerTracing server = ServerTracing.create(serverTracer);
    CountDownLatch serverFinishes = new CountDownLatch(1);
    UUID id = request(client, server, false, serverFinishes);
    // The client's trace has ended; the server is still working.
    sleep(300);
    assertThat(api.tracesById().get(id) == null
        || !api.tracesById().get(id).path("is_complete").asBoolean()).isTrue();
    serverFinishes.countDown();
    assertThat(client.flush(Duration.ofSeconds(20)).completed()).isTrue();
    DeliveryReceipt server2 = serverTracer.flush(Duration.ofSeconds(20));
    assertThat(server2.failed()).isZero();
    assertCombined(List.of(id));
  }

  @Test
  void aBackendThatAnswersAfterOneSecondStillGetsEverySpanBeforeTheCompletion() {
    api.delay(Duration.ofSeconds(1));
    GalileoTracer client = tracer("orchestrator", Map.of());
    GalileoTracer serverTracer = tracer("retrieval", Map.of());
    ServerTracing server = ServerTracing.create(serverTracer);
    List<UUID> ids = List.of(request(client, server, true, null), request(client, server, true, null));
    assertThat(client.flush(Duration.ofSeconds(40)).completed()).isTrue();
    assertThat(serverTracer.flush(Duration.ofSeconds(40)).failed()).isZero();
    assertCombined(ids);
  }

  @Test
  void aServerSlowerThanTheCompletionTimeoutIsCountedAsLateInItsOwnReceipt() {
    GalileoTracer client = tracer("orchestrator", Map.of("GALILEO_COMPLETION_TIMEOUT_MS", "300"));
    GalileoTracer serverTracer = tracer("retrieval", Map.of());
    ServerTracing server = ServerTracing.create(serverTracer);
    CountDownLatch serverFinishes = new CountDownLatch(1);
    UUID id = request(client, server, true, serverFinishes);
    assertThat(client.flush(Duration.ofSeconds(10)).completed()).isTrue();
    assertThat(api.tracesById().get(id).path("is_complete").asBoolean()).isTrue();
    serverFinishes.countDown();
    lateWork.join();
    DeliveryReceipt receipt = serverTracer.flush(Duration.ofSeconds(10));

    assertThat(receipt.late()).isEqualTo(2); // the server span and the retriever span under it
    assertThat(receipt.failed()).isEqualTo(2);
    assertThat(receipt.toString()).contains("2 refused: their trace was already complete");
    assertThat(api.lateRejections()).isEqualTo(1);
  }

  @Test
  void withIngestParentsFirstTheTraceAndParentAreInTheBackendBeforeTheHeadersLeave() {
    GalileoTracer client = tracer("orchestrator",
        Map.of("GALILEO_INGEST_PARENTS_FIRST", "true", "GALILEO_EXPORT_DELAY_MS", "5000"));
    Span trace = client.traceBuilder("answer question").setInput("q").start();
    try (Scope t = trace.makeCurrent()) {
      Span workflow = client.spanBuilder("call retrieval", SpanType.WORKFLOW).setInput("q").start();
      try (Scope w = workflow.makeCurrent()) {
        Map<String, String> sent = client.tracingHeaders();
        // Read back as Galileo's TypeScript SDK does before it adds a span.
        assertThat(api.tracesById()).containsKey(trace.context().traceId());
        assertThat(api.spansById()).containsKey(workflow.context().spanId());
        assertThat(sent.get("X-Galileo-Parent-ID")).isEqualTo(workflow.context().spanIdString());
      }
      workflow.end();
    }
    trace.end();
    assertThat(client.flush(Duration.ofSeconds(10)).failed()).isZero();
    api.assertNoViolations();
  }

  @Test
  void withoutIngestParentsFirstTheHeadersLeaveAtOnce() {
    GalileoTracer client = tracer("orchestrator", Map.of("GALILEO_EXPORT_DELAY_MS", "5000"));
    Span trace = client.traceBuilder("answer question").setInput("q").start();
    try (Scope t = trace.makeCurrent()) {
      client.tracingHeaders();
      assertThat(api.tracesById()).doesNotContainKey(trace.context().traceId());
    }
    trace.end();
    assertThat(client.flush(Duration.ofSeconds(10)).failed()).isZero();
    assertThat(api.tracesById()).containsKey(trace.context().traceId());
    api.assertNoViolations();
  }

  private static void await(CountDownLatch latch) {
    try {
      latch.await(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

}
