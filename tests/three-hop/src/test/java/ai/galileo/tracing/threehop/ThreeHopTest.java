package ai.galileo.tracing.threehop;

import static org.assertj.core.api.Assertions.assertThat;

import ai.galileo.tracing.Context;
import ai.galileo.tracing.Scope;
import ai.galileo.tracing.Span;
import ai.galileo.tracing.SpanType;
import ai.galileo.tracing.Tracer;
import ai.galileo.tracing.core.SpanData;
import ai.galileo.tracing.testing.GalileoTracingExtension;
import ai.galileo.tracing.transport.grpc.GrpcTracing;
import ai.galileo.tracing.transport.http.HttpClient5Tracing;
import ai.galileo.tracing.transport.jdkhttp.JdkHttpTracing;
import java.nio.charset.StandardCharsets;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.apache.hc.core5.http.io.entity.StringEntity;
import ai.galileo.tracing.transport.servlet.ServletTracing;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientInterceptors;
import io.grpc.ManagedChannel;
import io.grpc.MethodDescriptor;
import io.grpc.Server;
import io.grpc.ServerInterceptors;
import io.grpc.ServerServiceDefinition;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.ServerCalls;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * One question through three services over three transports, all on 127.0.0.1:
 *
 * <pre>
 * test (Apache HttpClient 5) --HTTP--> orchestrator (JDK HttpServer) --gRPC--> reranker --HTTP--> generator (servlet on Jetty)
 * </pre>
 *
 * <p>Each service makes a span of its own under the one its transport continued. The test asserts
 * that everything lands in ONE trace and that every span has the right parent across all hops.
 * The services share the test's tracer, as services in separate processes would share the trace
 * through nothing but the headers the transports carry.
 */
class ThreeHopTest {
  private static final String RERANK = "rag.Rerank/Rerank";

  @RegisterExtension
  final GalileoTracingExtension tracing = GalileoTracingExtension.create();

  private HttpServer orchestrator;
  private ExecutorService orchestratorThreads;
  private Server reranker;
  private ManagedChannel rerankerChannel;
  private org.eclipse.jetty.server.Server generator;
  private URI orchestratorUri;

  private static final MethodDescriptor.Marshaller<String> UTF8 = new MethodDescriptor.Marshaller<>() {
    @Override
    public InputStream stream(String value) {
      return new ByteArrayInputStream(value.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public String parse(InputStream stream) {
      try {
        return new String(stream.readAllBytes(), StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  };

  private static final MethodDescriptor<String, String> RERANK_METHOD =
      MethodDescriptor.<String, String>newBuilder()
          .setType(MethodDescriptor.MethodType.UNARY)
          .setFullMethodName(RERANK)
          .setRequestMarshaller(UTF8)
          .setResponseMarshaller(UTF8)
          .build();

  /** The first hop's client, Apache HttpClient 5 with the galileo-transport-http interceptors. */
  private static String askFirstHop(Tracer tracer, URI uri, String question) throws Exception {
    try (CloseableHttpClient client = HttpClient5Tracing.create(tracer).addTo(HttpClients.custom()).build()) {
      HttpPost post = new HttpPost(uri);
      post.setEntity(new StringEntity(question, ContentType.TEXT_PLAIN.withCharset(StandardCharsets.UTF_8)));
      return client.execute(post, response -> {
        assertThat(response.getCode()).isEqualTo(200);
        return EntityUtils.toString(response.getEntity(), StandardCharsets.UTF_8);
      });
    }
  }

  @BeforeEach
  void startServices() throws Exception {
    Tracer tracer = tracing.tracer();
    JdkHttpTracing http = JdkHttpTracing.create(tracer);
    GrpcTracing grpc = GrpcTracing.builder(tracer).clientSpans(true).build();
    ServletTracing servlet = ServletTracing.create(tracer);
    HttpClient generatorClient = http.client(HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build());

    // Hop 3: the generator, a servlet on Jetty 12; /generate answers at once, /generate-async
    // from AsyncContext.start.
    generator = new org.eclipse.jetty.server.Server();
    ServerConnector connector = new ServerConnector(generator);
    connector.setHost("127.0.0.1");
    connector.setPort(0);
    generator.addConnector(connector);
    ServletContextHandler context = new ServletContextHandler();
    context.setContextPath("/");
    FilterHolder filter = new FilterHolder(servlet.filter());
    filter.setAsyncSupported(true);
    context.addFilter(filter, "/*", EnumSet.of(DispatcherType.REQUEST, DispatcherType.ASYNC));
    ServletHolder generate = new ServletHolder(new HttpServlet() {
      private static final long serialVersionUID = 1L;

      @Override
      protected void doPost(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        String prompt = new String(req.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (req.getRequestURI().endsWith("-async")) {
          AsyncContext async = req.startAsync();
          async.start(() -> {
            try {
              async.getResponse().getWriter().write(generate(tracer, prompt));
            } catch (IOException e) {
              throw new UncheckedIOException(e);
            } finally {
              async.complete();
            }
          });
        } else {
          resp.getWriter().write(generate(tracer, prompt));
        }
      }
    });
    generate.setAsyncSupported(true);
    context.addServlet(generate, "/generate");
    context.addServlet(generate, "/generate-async");
    generator.setHandler(context);
    generator.start();
    URI generatorUri = URI.create("http://127.0.0.1:" + connector.getLocalPort());

    // Hop 2: the reranker, a gRPC service that calls the generator over HTTP, either blocking
    // or with sendAsync, answering from the future's callback.
    ServerServiceDefinition rerank = ServerServiceDefinition.builder("rag.Rerank")
        .addMethod(RERANK_METHOD, ServerCalls.asyncUnaryCall((request, response) -> {
          boolean async = request.startsWith("async:");
          Span span = tracer.spanBuilder("rerank", SpanType.TOOL).setInput(request).start();
          try (Scope scope = span.makeCurrent()) {
            HttpRequest call = HttpRequest.newBuilder(generatorUri.resolve(async ? "/generate-async" : "/generate"))
                .POST(HttpRequest.BodyPublishers.ofString("context for " + request)).build();
            if (async) {
              generatorClient.sendAsync(call, HttpResponse.BodyHandlers.ofString())
                  .thenAccept(answer -> {
                    // Runs in the rerank span's context, on the HTTP client's thread.
                    Span.current().end(answer.body());
                    response.onNext(answer.body());
                    response.onCompleted();
                  });
            } else {
              String answer = generatorClient.send(call, HttpResponse.BodyHandlers.ofString()).body();
              span.end(answer);
              response.onNext(answer);
              response.onCompleted();
            }
          } catch (IOException | InterruptedException e) {
            span.recordError(e);
            span.end();
            response.onError(e);
          }
        }))
        .build();
    reranker = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
        .addService(ServerInterceptors.intercept(rerank, grpc.serverInterceptor()))
        .build().start();
    rerankerChannel = NettyChannelBuilder.forAddress("127.0.0.1", reranker.getPort()).usePlaintext().build();
    Channel rerankerClient = ClientInterceptors.intercept(rerankerChannel, grpc.clientInterceptor());

    // Hop 1: the orchestrator, a JDK HttpServer service that retrieves and calls the reranker.
    orchestrator = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
    orchestratorThreads = Executors.newFixedThreadPool(2);
    orchestrator.setExecutor(orchestratorThreads);
    orchestrator.createContext("/answer", exchange -> answer(exchange, tracer, rerankerClient))
        .getFilters().add(http.serverFilter());
    orchestrator.start();
    orchestratorUri = URI.create("http://127.0.0.1:" + orchestrator.getAddress().getPort() + "/answer");
  }

  private static String generate(Tracer tracer, String prompt) {
    Span llm = tracer.spanBuilder("generate", SpanType.LLM).setInput(prompt).setModel("test-model").start();
    String answer = "Galileo studied pendulums (" + prompt + ")";
    llm.end(answer);
    return answer;
  }

  private static void answer(HttpExchange exchange, Tracer tracer, Channel rerankerClient) throws IOException {
    String question = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
    Span retrieve = tracer.spanBuilder("retrieve", SpanType.RETRIEVER).setInput(question).start();
    String answer;
    try (Scope scope = retrieve.makeCurrent()) {
      answer = ClientCalls.blockingUnaryCall(rerankerClient, RERANK_METHOD, CallOptions.DEFAULT, question);
    } finally {
      retrieve.end();
    }
    byte[] body = answer.getBytes(StandardCharsets.UTF_8);
    exchange.sendResponseHeaders(200, body.length);
    exchange.getResponseBody().write(body);
    exchange.close();
  }

  @AfterEach
  void stopServices() throws Exception {
    if (orchestrator != null) {
      orchestrator.stop(0);
      orchestratorThreads.shutdownNow();
      orchestratorThreads.awaitTermination(5, TimeUnit.SECONDS);
    }
    if (rerankerChannel != null) {
      rerankerChannel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
    if (reranker != null) {
      reranker.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
    if (generator != null) {
      generator.stop();
    }
  }

  @Test
  void oneTraceAndEveryParentAcrossHttpGrpcAndServlet() throws Exception {
    assertOneTraceAcrossAllHops("What did Galileo study?", "POST /generate");
  }

  @Test
  void oneTraceAndEveryParentWhenTheLaterHopsAnswerAsynchronously() throws Exception {
    assertOneTraceAcrossAllHops("async: What did Galileo study?", "POST /generate-async");
  }

  private void assertOneTraceAcrossAllHops(String question, String servletSpan) throws Exception {
    Span trace = tracing.tracer().traceBuilder("answer question").setInput(question).start();
    String answer;
    try (Scope scope = trace.makeCurrent()) {
      answer = askFirstHop(tracing.tracer(), orchestratorUri, question);
    }
    trace.end(answer);
    assertThat(answer).startsWith("Galileo studied pendulums");
    assertThat(Context.current()).isSameAs(Context.root());

    List<SpanData> spans = awaitSpans(8);
    assertThat(tracing.assertSingleTrace()).hasSize(8);
    assertThat(spans).extracting(SpanData::name).contains(servletSpan);
    Map<String, SpanData> byRole = spans.stream().collect(Collectors.toMap(ThreeHopTest::role, Function.identity()));
    assertThat(byRole).containsOnlyKeys("answer question", "POST /answer", "retrieve",
        "client " + RERANK, "server " + RERANK, "rerank", "POST /generate", "generate");

    SpanData root = byRole.get("answer question");
    assertThat(root.isTrace()).isTrue();
    assertParent(byRole.get("POST /answer"), root, true);           // hop 1: Apache HttpClient 5 -> JDK HttpServer
    assertParent(byRole.get("retrieve"), byRole.get("POST /answer"), false);
    assertParent(byRole.get("client " + RERANK), byRole.get("retrieve"), false);
    assertParent(byRole.get("server " + RERANK), byRole.get("client " + RERANK), true); // hop 2: gRPC
    assertParent(byRole.get("rerank"), byRole.get("server " + RERANK), false);
    assertParent(byRole.get("POST /generate"), byRole.get("rerank"), true);           // hop 3: HTTP -> servlet
    assertParent(byRole.get("generate"), byRole.get("POST /generate"), false);

    for (String server : List.of("POST /answer", "server " + RERANK, "POST /generate")) {
      assertThat(byRole.get(server).statusCode()).as(server).isEqualTo(200);
    }
  }

  /** A span's name, the gRPC method's prefixed by its side, and both servlet paths as one. */
  private static String role(SpanData span) {
    if (span.name().equals(RERANK)) {
      return (span.remoteParent() ? "server " : "client ") + RERANK;
    }
    return span.name().equals("POST /generate-async") ? "POST /generate" : span.name();
  }

  private static void assertParent(SpanData child, SpanData parent, boolean acrossProcesses) {
    assertThat(child.traceId()).as(child.name()).isEqualTo(parent.traceId());
    assertThat(child.parentId()).as("parent of " + child.name()).isEqualTo(parent.spanId());
    assertThat(child.remoteParent()).as("whether " + child.name() + " continues a remote parent")
        .isEqualTo(acrossProcesses);
  }

  /** Server spans may end just after the response went back; wait for all of them. */
  private List<SpanData> awaitSpans(int count) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (tracing.spans().size() < count && System.nanoTime() < deadline) {
      Thread.sleep(5);
    }
    return tracing.spans();
  }
}
