package ai.galileo.examples.rag;

import ai.galileo.tracing.Content;
import ai.galileo.tracing.Galileo;
import ai.galileo.tracing.Span;
import ai.galileo.tracing.SpanType;
import ai.galileo.tracing.Tracer;
import ai.galileo.tracing.transport.grpc.GrpcTracing;
import ai.galileo.tracing.transport.jdkhttp.JdkHttpTracing;
import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.grpc.Server;
import io.grpc.ServerBuilder;
import io.grpc.ServerInterceptors;
import io.grpc.ServerServiceDefinition;
import io.grpc.stub.ServerCalls;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;

/**
 * The Retrieval Service of the seed: searches the knowledge base for the orchestrator. Over HTTP
 * it is a JDK {@code HttpServer} with the tracing filter ({@code POST /retrieve}, {@code GET
 * /health}); over gRPC a server with the tracing interceptor. Either way the caller's trace
 * continues here: the transport's server span, then a retriever span with the documents found.
 */
final class RetrievalService {
  private final Tracer tracer;
  private final KnowledgeBase knowledgeBase;
  private final String serviceName;

  RetrievalService(Tracer tracer, KnowledgeBase knowledgeBase, String serviceName) {
    this.tracer = tracer;
    this.knowledgeBase = knowledgeBase;
    this.serviceName = serviceName;
  }

  static void main(String[] args) throws Exception {
    Defaults.apply("retrieval-service");
    int port = Integer.parseInt(Defaults.option(args, "--port", "8000"));
    String transport = Defaults.option(args, "--transport", "http");
    String facts = Defaults.option(args, "--facts", "all");
    String host = Defaults.option(args, "--host", "127.0.0.1");
    Tracer tracer = Galileo.tracer();
    String name = System.getenv().getOrDefault("GALILEO_SERVICE_NAME",
        System.getProperty("galileo.service.name", "retrieval-service"));
    RetrievalService service = new RetrievalService(tracer, new KnowledgeBase(facts), name);
    CountDownLatch stop = new CountDownLatch(1);
    if (transport.equals("grpc")) {
      Server server = service.grpcServer(port).start();
      Runtime.getRuntime().addShutdownHook(new Thread(server::shutdown));
      System.out.println(name + " listening on grpc://" + host + ":" + server.getPort() + " (facts: " + facts + ")");
    } else if (transport.equals("http")) {
      HttpServer server = service.httpServer(host, port);
      server.start();
      Runtime.getRuntime().addShutdownHook(new Thread(() -> server.stop(0)));
      System.out.println(name + " listening on http://" + host + ":" + server.getAddress().getPort()
          + " (facts: " + facts + ")");
    } else {
      throw new IllegalArgumentException("--transport must be http or grpc, not " + transport);
    }
    System.out.flush();
    stop.await();
  }

  /** The search itself, as a retriever span under whatever is current (the server span). */
  List<KnowledgeBase.Hit> search(String query, int topK) {
    Span retrieve = tracer.spanBuilder("search knowledge base", SpanType.RETRIEVER).setInput(query).start();
    try {
      List<KnowledgeBase.Hit> hits = knowledgeBase.search(query, topK);
      retrieve.setMetadata("top_k", Integer.toString(topK));
      retrieve.setOutput(Content.documents(hits.stream().map(KnowledgeBase.Hit::document).toList()));
      return hits;
    } catch (RuntimeException e) {
      retrieve.recordError(e);
      throw e;
    } finally {
      retrieve.end();
    }
  }

  String answer(String requestJson) {
    JsonNode request = Json.parse(requestJson);
    String query = request.path("query").asText("");
    int topK = request.path("top_k").asInt(3);
    return Json.results(search(query, topK), serviceName);
  }

  HttpServer httpServer(String host, int port) throws IOException {
    JdkHttpTracing tracing = JdkHttpTracing.create(tracer);
    HttpServer server = HttpServer.create(new InetSocketAddress(host, port), 0);
    server.setExecutor(Executors.newFixedThreadPool(8));
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
    }
  }

  private static void send(HttpExchange ex, int status, String json) throws IOException {
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
        .build();
    return ServerBuilder.forPort(port)
        .addService(ServerInterceptors.intercept(definition, tracing.serverInterceptor()))
        .build();
  }
}
