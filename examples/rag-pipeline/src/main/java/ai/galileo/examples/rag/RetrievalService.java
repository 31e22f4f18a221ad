package ai.galileo.examples.rag;

import ai.galileo.tracing.Galileo;
import ai.galileo.tracing.Span;
import ai.galileo.tracing.SpanType;
import ai.galileo.tracing.Tracer;
import ai.galileo.tracing.core.GalileoConfig;
import ai.galileo.tracing.core.GalileoTracer;
import ai.galileo.tracing.core.export.DeliveryReceipt;
import ai.galileo.tracing.langchain4j.GalileoLangChain4j;
import ai.galileo.tracing.transport.grpc.GrpcTracing;
import ai.galileo.tracing.transport.jdkhttp.JdkHttpTracing;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.langchain4j.rag.content.Content;
import dev.langchain4j.rag.content.retriever.ContentRetriever;
import dev.langchain4j.rag.query.Query;
import io.grpc.Server;
import io.grpc.ServerBuilder;
import io.grpc.ServerInterceptors;
import io.grpc.ServerServiceDefinition;
import io.grpc.stub.ServerCalls;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * The Retrieval Service of the seed: searches the knowledge base for the orchestrator. Over HTTP
 * it is a JDK {@code HttpServer} with the tracing filter ({@code POST /retrieve}, {@code GET
 * /health}); over gRPC a server with the tracing interceptor. Either way the caller's trace
 * continues here: the transport's server span, then the retriever span the LangChain4j integration
 * logs for the search (a {@link KnowledgeBaseRetriever}), with the documents found.
 * Stopped by a signal, it prints its delivery receipt ({@code export: ...}) on stderr.
 */
final class RetrievalService {
  /** How long a stop waits for requests in progress. */
  private static final long DRAIN_SECONDS = 10;

  private final Tracer tracer;
  private final KnowledgeBase knowledgeBase;
  private final String serviceName;
  private final long delayMs;
  private final long afterAnswerMs;
  private final GalileoLangChain4j langChain4j;

  /**
   * @param delayMs how much longer each search takes (a slow service), in its retriever span
   * @param afterAnswerMs HTTP: how long the service keeps working on a request after it answered
   *     (recording usage, in a span of its own), so its server span ends that much after the caller
   *     has the answer
   */
  RetrievalService(Tracer tracer, KnowledgeBase knowledgeBase, String serviceName, long delayMs, long afterAnswerMs) {
    this.tracer = tracer;
    this.knowledgeBase = knowledgeBase;
    this.serviceName = serviceName;
    this.delayMs = delayMs;
    this.afterAnswerMs = afterAnswerMs;
    this.langChain4j = GalileoLangChain4j.create(tracer);
  }

  static void main(String[] args) throws Exception {
    Defaults.apply("retrieval-service");
    int port = Integer.parseInt(Defaults.option(args, "--port", "8000"));
    String transport = Defaults.option(args, "--transport", "http");
    String facts = Defaults.option(args, "--facts", "all");
    String host = Defaults.option(args, "--host", "127.0.0.1");
    long delayMs = Long.parseLong(Defaults.option(args, "--delay-ms", "0"));
    long afterAnswerMs = Long.parseLong(Defaults.option(args, "--after-answer-ms", "0"));
    // The service stops gracefully (requests in progress finish, then their spans are sent), so
    // it shuts the tracer down itself, after its server: the tracer's own JVM hook would run at
    // the same time as ours and cut those requests' spans short.
    GalileoTracer tracer = GalileoTracer.builder().shutdownHook(false).build();
    Galileo.register(tracer);
    String name = System.getenv().getOrDefault("GALILEO_SERVICE_NAME",
        System.getProperty("galileo.service.name", "retrieval-service"));
    RetrievalService service = new RetrievalService(tracer, new KnowledgeBase(facts), name, delayMs, afterAnswerMs);
    Runnable stopServer;
    if (transport.equals("grpc")) {
      Server server = service.grpcServer(port).start();
      stopServer = () -> {
        server.shutdown();
        await(() -> server.awaitTermination(DRAIN_SECONDS, TimeUnit.SECONDS));
      };
      System.out.println(name + " listening on grpc://" + host + ":" + server.getPort() + " (facts: " + facts + ")");
    } else if (transport.equals("http")) {
      ExecutorService handlers = Executors.newFixedThreadPool(8);
      HttpServer server = service.httpServer(host, port, handlers);
      server.start();
      stopServer = () -> {
        server.stop(0);
        handlers.shutdown(); // work a handler does after it answered finishes too
        await(() -> handlers.awaitTermination(DRAIN_SECONDS, TimeUnit.SECONDS));
      };
      System.out.println(name + " listening on http://" + host + ":" + server.getAddress().getPort()
          + " (facts: " + facts + ")");
    } else {
      throw new IllegalArgumentException("--transport must be http or grpc, not " + transport);
    }
    System.out.flush();
    // Stopped by a signal (Ctrl-C, or ./demo's kill): stop taking requests, let those in progress
    // finish, send every span, and print what was delivered, so whoever started the service can
    // tell whether its spans all arrived.
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      stopServer.run();
      DeliveryReceipt receipt = tracer.shutdown(shutdownTimeout());
      System.err.println("export: " + receipt);
      if (!Orchestrator.delivered(receipt)) {
        System.err.println(Orchestrator.warning(receipt));
      }
      System.err.flush();
    }, "retrieval-shutdown"));
    new CountDownLatch(1).await();
  }

  private interface Wait {
    boolean await() throws InterruptedException;
  }

  private static void await(Wait wait) {
    try {
      wait.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** {@code GALILEO_SHUTDOWN_TIMEOUT_MS}, as the tracer's own hook would have used it. */
  static Duration shutdownTimeout() {
    String ms = GalileoConfig.fromEnvironment().values().get("GALILEO_SHUTDOWN_TIMEOUT_MS");
    try {
      return Duration.ofMillis(ms == null ? 5000 : Long.parseLong(ms));
    } catch (NumberFormatException e) {
      return Duration.ofSeconds(5);
    }
  }

  /**
   * The search itself, through the knowledge base's LangChain4j {@link ContentRetriever} with
   * Galileo's listener: the integration logs it as a retriever span under whatever is current
   * (the server span), with the query and the documents found.
   */
  List<Content> search(String query, int topK) {
    ContentRetriever retriever = new KnowledgeBaseRetriever(knowledgeBase, topK, delayMs)
        .addListener(langChain4j.contentRetrieverListener());
    return retriever.retrieve(Query.from(query));
  }

  String answer(String requestJson) {
    JsonNode request = Json.parse(requestJson);
    String query = request.path("query").asText("");
    int topK = request.path("top_k").asInt(3);
    return Json.results(search(query, topK), serviceName);
  }

  HttpServer httpServer(String host, int port, ExecutorService handlers) throws IOException {
    JdkHttpTracing tracing = JdkHttpTracing.create(tracer);
    HttpServer server = HttpServer.create(new InetSocketAddress(host, port), 0);
    server.setExecutor(handlers);
    server.createContext("/retrieve", this::retrieve).getFilters().add(tracing.serverFilter());
    // No filter on /health: probes make no traces.
    server.createContext("/health", ex -> send(ex, 200, "{\"status\":\"ok\",\"service\":\"" + serviceName + "\"}"));
    return server;
  }

  private void retrieve(HttpExchange ex) throws IOException {
    if (!ex.getRequestMethod().equals("POST")) {
      send(ex, 405, "{\"error\":\"POST a JSON body {\\\"query\\\": ...}\"}");
      return;
    }
    String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
    try {
      send(ex, 200, answer(body));
    } catch (RuntimeException e) {
      send(ex, 400, Json.MAPPER.createObjectNode().put("error", String.valueOf(e.getMessage())).toString());
      return;
    }
    if (afterAnswerMs > 0) {
      // The caller has its answer; this request's span stays open until the work below is done.
      Span usage = tracer.spanBuilder("record usage", SpanType.TOOL).setInput(body).start();
      KnowledgeBaseRetriever.pause(afterAnswerMs);
      usage.end("recorded");
    }
  }

  static void send(HttpExchange ex, int status, String json) throws IOException {
    byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().set("Content-Type", "application/json");
    ex.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(bytes);
    }
  }

  Server grpcServer(int port) {
    GrpcTracing tracing = GrpcTracing.create(tracer);
    ServerServiceDefinition definition = ServerServiceDefinition.builder(RetrievalRpc.SERVICE)
        .addMethod(RetrievalRpc.SEARCH, ServerCalls.asyncUnaryCall((request, response) -> {
          response.onNext(answer(request));
          response.onCompleted();
        }))
        .addMethod(RetrievalRpc.SEARCH_STREAM, ServerCalls.asyncServerStreamingCall((request, response) -> {
          // The same search, answered one result per message.
          JsonNode answer = Json.parse(answer(request));
          for (JsonNode result : answer.path("results")) {
            ObjectNode one = Json.MAPPER.createObjectNode().put("service", serviceName);
            one.putArray("results").add(result);
            response.onNext(one.toString());
          }
          response.onCompleted();
        }))
        .build();
    return ServerBuilder.forPort(port)
        .addService(ServerInterceptors.intercept(definition, tracing.serverInterceptor()))
        .build();
  }
}
