package ai.galileo.tracing.transport.mcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import ai.galileo.tracing.Context;
import ai.galileo.tracing.Scope;
import ai.galileo.tracing.Span;
import ai.galileo.tracing.SpanType;
import ai.galileo.tracing.Tracer;
import ai.galileo.tracing.core.SpanData;
import ai.galileo.tracing.testing.GalileoTracingExtension;
import ai.galileo.tracing.testing.RecordingBackend;
import ai.galileo.tracing.transport.mcp.internal.McpAttributes;
import io.modelcontextprotocol.client.McpAsyncClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientSseClientTransport;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.client.transport.customizer.McpSyncHttpClientRequestCustomizer;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.transport.HttpServletSseServerTransportProvider;
import io.modelcontextprotocol.server.transport.HttpServletStatelessServerTransport;
import io.modelcontextprotocol.server.transport.HttpServletStreamableServerTransportProvider;
import io.modelcontextprotocol.spec.McpClientTransport;
import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpSchema;
import jakarta.servlet.http.HttpServlet;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The official SDK's HTTP transports with a real server on Jetty (127.0.0.1, a free port): SSE,
 * streamable HTTP and stateless streamable HTTP; sync and async clients against sync and async
 * servers. Client and server share one tracer, so one exporter sees both; the server learns its
 * parent only from {@code _meta}, which {@link SpanData#remoteParent()} proves.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class McpHttpTransportsTest {
  @RegisterExtension
  final GalileoTracingExtension tracing = GalileoTracingExtension.create();

  private final List<AutoCloseable> toClose = new ArrayList<>();

  enum Transport { SSE, STREAMABLE, STATELESS }

  enum Side { SYNC, ASYNC }

  static Stream<Arguments> pairs() {
    List<Arguments> all = new ArrayList<>();
    for (Transport t : Transport.values()) {
      for (Side client : Side.values()) {
        for (Side server : Side.values()) {
          if (t != Transport.STATELESS || server == Side.SYNC) {
            all.add(Arguments.of(t, client, server));
          }
        }
      }
    }
    return all.stream();
  }

  static Stream<Arguments> transports() {
    return Stream.of(Transport.values()).map(Arguments::of);
  }

  /** Each transport with each server side it has here: the sync and async handler wrappers. */
  static Stream<Arguments> servers() {
    return pairs().map(Arguments::get).filter(a -> a[1] == Side.SYNC).map(a -> Arguments.of(a[0], a[2]));
  }

  @AfterEach
  void closeAll() throws Exception {
    for (int i = toClose.size() - 1; i >= 0; i--) {
      toClose.get(i).close();
    }
  }

  // ------------------------------------------------------------------ the tests

  @ParameterizedTest(name = "{0}, {1} client, {2} server")
  @MethodSource("pairs")
  void aToolCallIsAToolSpanAndTheToolServersSpanAndWorkNestUnderIt(Transport t, Side clientSide,
      Side serverSide) throws Exception {
    McpTracing mcp = McpTracing.create(tracing.tracer());
    String base = serve(t, serverSide, mcp);
    Client client = client(t, clientSide, mcp, base, null);

    Span agent = tracing.tracer().traceBuilder("agent").start();
    McpSchema.CallToolResult result;
    try (Scope scope = agent.makeCurrent()) {
      result = client.call(WeatherApp.WEATHER, Map.of("city", "Pisa"), null);
    }
    agent.end();

    assertThat(text(result)).contains("Sunny in Pisa", "trace=" + agent.context().traceIdString());
    SpanData tool = await(s -> s.type() == SpanType.TOOL && s.name().equals("tools/call get_weather"));
    assertThat(tool.parentId()).isEqualTo(agent.context().spanId());
    assertThat(tool.metadata())
        .containsEntry(McpAttributes.METHOD, "tools/call")
        .containsEntry(McpAttributes.TOOL_NAME, "get_weather")
        .containsEntry(McpAttributes.OPERATION, "execute_tool")
        .containsEntry(McpAttributes.NETWORK_TRANSPORT, "tcp")
        .containsEntry(McpAttributes.NETWORK_PROTOCOL, "http")
        .containsKeys(McpAttributes.REQUEST_ID, McpAttributes.PROTOCOL_VERSION);
    assertThat(tool.input().toString()).contains("{\"city\":\"Pisa\"}");
    assertThat(tool.output().toString()).contains("Sunny in Pisa");
    assertThat(tool.statusCode()).isEqualTo(200);

    SpanData server = await(s -> s.type() == SpanType.WORKFLOW && s.name().equals("tools/call get_weather"));
    assertThat(server.traceId()).isEqualTo(agent.context().traceId());
    assertThat(server.parentId()).isEqualTo(tool.spanId());
    assertThat(server.remoteParent()).isTrue();
    assertThat(server.metadata()).containsEntry(McpAttributes.TOOL_NAME, "get_weather");
    if (t != Transport.STATELESS) {
      assertThat(server.metadata()).containsKey(McpAttributes.SESSION_ID);
    }
    SpanData work = await(s -> s.name().equals(WeatherApp.HANDLER_SPAN));
    assertThat(work.parentId()).as("the handler's own span, made on the handler's thread")
        .isEqualTo(server.spanId());
    assertThat(result.meta()).containsEntry(McpMeta.SPAN_ID_KEY, server.spanId().toString());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("transports")
  void aResultWithIsErrorIsAToolErrorOnBothSidesAndAnMcpErrorIsItsJsonRpcCode(Transport t) throws Exception {
    McpTracing mcp = McpTracing.create(tracing.tracer());
    Client client = client(t, Side.SYNC, mcp, serve(t, Side.SYNC, mcp), null);
    Span agent = tracing.tracer().traceBuilder("agent").start();
    try (Scope scope = agent.makeCurrent()) {
      assertThat(client.call(WeatherApp.BROKEN, Map.of("city", "Atlantis"), null).isError()).isTrue();
      assertThatThrownBy(() -> client.call(WeatherApp.REFUSING, Map.of("city", "Nowhere"), null))
          .hasMessageContaining("no such city");
    }
    agent.end();

    for (SpanType type : List.of(SpanType.TOOL, SpanType.WORKFLOW)) {
      SpanData broken = await(s -> s.type() == type && s.name().equals("tools/call " + WeatherApp.BROKEN));
      assertThat(broken.metadata()).containsEntry(McpAttributes.ERROR_TYPE, "tool_error");
      assertThat(broken.statusCode()).isEqualTo(500);
      SpanData refused = await(s -> s.type() == type && s.name().equals("tools/call " + WeatherApp.REFUSING));
      assertThat(refused.metadata()).containsEntry(McpAttributes.ERROR_TYPE, "-32602");
      assertThat(refused.statusCode()).isEqualTo(400);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("transports")
  void outsideATraceNothingIsCarriedAndTheServerGetsATraceOfItsOwn(Transport t) throws Exception {
    McpTracing mcp = McpTracing.create(tracing.tracer());
    Client client = client(t, Side.SYNC, mcp, serve(t, Side.SYNC, mcp), null);
    McpSchema.CallToolResult result = client.call(WeatherApp.WEATHER, Map.of("city", "Pisa"), null);
    assertThat(text(result)).contains("Sunny in Pisa");
    SpanData server = await(s -> s.name().equals("tools/call get_weather"));
    assertThat(server.type()).isEqualTo(SpanType.WORKFLOW);
    assertThat(server.remoteParent()).isFalse();
    assertThat(tracing.spans(SpanType.TOOL).stream().filter(s -> s.name().startsWith("tools/call")))
        .isEmpty();
    assertThat(result.meta() == null ? Map.of() : result.meta()).doesNotContainKey(McpMeta.SPAN_ID_KEY);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("transports")
  void malformedMetaGivesATraceOfItsOwnAndNeverFailsTheCall(Transport t) throws Exception {
    McpTracing mcp = McpTracing.create(tracing.tracer());
    Client client = client(t, Side.SYNC, mcp, serve(t, Side.SYNC, mcp), null);
    List<Map<String, Object>> bad = List.of(
        Map.of("traceparent", 12345, "ai.galileo/x-galileo-trace-id", List.of(1, 2)),
        Map.of("traceparent", "00-" + "f".repeat(20_000) + "-b7ad6b7169203331-01"),
        Map.of("traceparent", "garbage", "ai.galileo/x-galileo-trace-id", "not-a-uuid",
            "ai.galileo/x-galileo-parent-id", "also-not"));
    for (Map<String, Object> meta : bad) {
      assertThat(text(client.call(WeatherApp.WEATHER, Map.of("city", "Pisa"), meta))).contains("Sunny");
    }
    List<SpanData> servers = awaitAll(s -> s.name().equals("tools/call get_weather"), bad.size());
    assertThat(servers).allSatisfy(s -> assertThat(s.remoteParent()).isFalse());
    assertThat(servers.stream().map(SpanData::traceId).distinct()).hasSize(bad.size());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("transports")
  void metaWinsOverHttpHeadersAndHeadersAloneStillLink(Transport t) throws Exception {
    McpTracing mcp = McpTracing.create(tracing.tracer());
    String base = serve(t, Side.SYNC, mcp);
    Span headerTrace = tracing.tracer().traceBuilder("from headers").start();
    Map<String, String> headers = tracing.tracer().propagator().injectHeaders(Context.root().with(headerTrace));
    McpSyncHttpClientRequestCustomizer addHeaders = (builder, method, uri, body, ctx) ->
        headers.forEach(builder::header);
    Client client = client(t, Side.SYNC, mcp, base, addHeaders);

    Span agent = tracing.tracer().traceBuilder("agent").start();
    try (Scope scope = agent.makeCurrent()) {
      client.call(WeatherApp.WEATHER, Map.of("city", "Pisa"), null); // _meta and headers
    }
    agent.end();
    client.call(WeatherApp.WEATHER, Map.of("city", "Lucca"), null); // headers only
    headerTrace.end();

    List<SpanData> servers = awaitAll(s -> s.type() == SpanType.WORKFLOW
        && s.name().equals("tools/call get_weather"), 2);
    assertThat(servers).extracting(SpanData::traceId)
        .containsExactlyInAnyOrder(agent.context().traceId(), headerTrace.context().traceId());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("transports")
  void withClientSpansOtherMethodsGetSpansAndPromptsAndResourcesRunInTheTrace(Transport t) throws Exception {
    McpTracing mcp = McpTracing.builder(tracing.tracer()).clientSpans(true).build();
    Client client = client(t, Side.SYNC, mcp, serve(t, Side.SYNC, mcp), null);
    Span agent = tracing.tracer().traceBuilder("agent").start();
    try (Scope scope = agent.makeCurrent()) {
      client.sync.listTools();
      client.sync.getPrompt(new McpSchema.GetPromptRequest(WeatherApp.PROMPT, Map.of("name", "Ada")));
      client.sync.readResource(new McpSchema.ReadResourceRequest(WeatherApp.RESOURCE));
    }
    agent.end();

    await(s -> s.name().equals("tools/list") && s.type() == SpanType.WORKFLOW);
    for (String name : List.of("prompts/get greet", "resources/read")) {
      List<SpanData> both = awaitAll(s -> s.name().equals(name), 2);
      SpanData clientSpan = both.stream().filter(s -> !s.remoteParent()).findFirst().orElseThrow();
      SpanData serverSpan = both.stream().filter(SpanData::remoteParent).findFirst().orElseThrow();
      assertThat(clientSpan.parentId()).isEqualTo(agent.context().spanId());
      assertThat(serverSpan.parentId()).isEqualTo(clientSpan.spanId());
    }
    assertThat(await(s -> s.name().equals("resources/read") && s.remoteParent()).metadata())
        .containsEntry(McpAttributes.RESOURCE_URI, WeatherApp.RESOURCE);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("transports")
  void distributedModeCompletesTheTraceOnlyOnceTheToolServersSpanIsIn(Transport t) throws Exception {
    RecordingBackend backend = new RecordingBackend("agent");
    toClose.add(backend);
    Tracer tracer = backend.tracer();
    McpTracing mcp = McpTracing.create(tracer);
    Client client = client(t, Side.ASYNC, mcp, serve(t, Side.ASYNC, mcp, new WeatherApp(tracer)), null);

    Span agent = tracer.traceBuilder("agent").start();
    try (Scope scope = agent.makeCurrent()) {
      client.call(WeatherApp.WEATHER, Map.of("city", "Pisa"), null);
    }
    agent.end();
    backend.awaitCompleted(agent.context().traceId());

    SpanData server = backend.finals("tools/call get_weather").stream()
        .filter(s -> s.type() == SpanType.WORKFLOW).findFirst().orElseThrow();
    assertThat(backend.lookedUp()).contains(server.spanId());
    assertThat(backend.finalIndex(server.spanId()))
        .isLessThan(backend.finalIndex(agent.context().spanId()));
  }

  @ParameterizedTest(name = "{0}, {1} server")
  @MethodSource("servers")
  void aHandlerThatThrowsNamesItsSpanInTheErrorSoDistributedCompletionWaitsForIt(Transport t,
      Side serverSide) throws Exception {
    RecordingBackend backend = new RecordingBackend("agent");
    toClose.add(backend);
    Tracer tracer = backend.tracer();
    McpTracing mcp = McpTracing.create(tracer);
    Client client = client(t, Side.SYNC, mcp, serve(t, serverSide, mcp, new WeatherApp(tracer)), null);

    Span agent = tracer.traceBuilder("agent").start();
    McpError refused;
    McpError crashed;
    try (Scope scope = agent.makeCurrent()) {
      refused = catchThrowableOfType(McpError.class,
          () -> client.call(WeatherApp.REFUSING, Map.of("city", "Nowhere"), null));
      crashed = catchThrowableOfType(McpError.class,
          () -> client.call(WeatherApp.CRASHING, Map.of("city", "Pisa"), null));
    }
    agent.end();
    backend.awaitCompleted(agent.context().traceId());

    SpanData refusedServer = serverSpan(backend, WeatherApp.REFUSING);
    SpanData crashedServer = serverSpan(backend, WeatherApp.CRASHING);
    // The handler's McpError goes out as it was thrown, its data gaining _meta.
    assertThat(refused.getJsonRpcError().code()).isEqualTo(-32602);
    assertThat(refused.getJsonRpcError().message()).isEqualTo("no such city");
    assertThat(errorMeta(refused)).containsEntry(McpMeta.SPAN_ID_KEY, refusedServer.spanId().toString());
    // Any other exception is the SDK's -32603 with its message; its data an object with _meta.
    assertThat(crashed.getJsonRpcError().code()).isEqualTo(-32603);
    assertThat(crashed.getJsonRpcError().message()).isEqualTo("forecast service down");
    assertThat(errorMeta(crashed)).containsEntry(McpMeta.SPAN_ID_KEY, crashedServer.spanId().toString());
    assertThat(((Map<?, ?>) crashed.getJsonRpcError().data()).get("details").toString())
        .contains("forecast service down");
    assertThat(crashedServer.statusCode()).isEqualTo(500);
    assertThat(crashedServer.metadata()).containsEntry("error.type", IllegalStateException.class.getName());

    assertThat(backend.lookedUp()).as("the completion asked for both failed server spans")
        .contains(refusedServer.spanId(), crashedServer.spanId());
    int root = backend.finalIndex(agent.context().spanId());
    assertThat(backend.finalIndex(refusedServer.spanId())).isLessThan(root);
    assertThat(backend.finalIndex(crashedServer.spanId())).isLessThan(root);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("transports")
  void aCallerWithoutGalileosKeysGetsTheSdksOwnErrorForAnExceptionAndAnMcpErrorStillNamesTheSpan(
      Transport t) throws Exception {
    McpTracing mcp = McpTracing.create(tracing.tracer());
    String base = serve(t, Side.SYNC, mcp);
    // An OpenTelemetry-style caller: W3C's traceparent alone (outside a trace our client adds nothing).
    Client client = client(t, Side.SYNC, mcp, base, null);
    Map<String, Object> w3c = Map.of("traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01");

    McpError crashed = catchThrowableOfType(McpError.class,
        () -> client.call(WeatherApp.CRASHING, Map.of("city", "Pisa"), w3c));
    McpError refused = catchThrowableOfType(McpError.class,
        () -> client.call(WeatherApp.REFUSING, Map.of("city", "Nowhere"), w3c));

    assertThat(crashed.getJsonRpcError().code()).isEqualTo(-32603);
    Object data = crashed.getJsonRpcError().data();
    assertThat(data == null || data instanceof String).as("the SDK's own data, text or none: " + data)
        .isTrue();
    SpanData refusedServer = await(s -> s.name().equals("tools/call " + WeatherApp.REFUSING));
    assertThat(refusedServer.remoteParent()).isTrue();
    assertThat(errorMeta(refused)).containsEntry(McpMeta.SPAN_ID_KEY, refusedServer.spanId().toString());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("transports")
  void theModelsToolCallIdFromMetaNamesTheToolSpanAndAFirstCallKeepsItsTraceAcrossInitialization(
      Transport t) throws Exception {
    McpTracing mcp = McpTracing.create(tracing.tracer());
    Client client = client(t, Side.SYNC, mcp, serve(t, Side.SYNC, mcp), null, false);
    Span agent = tracing.tracer().traceBuilder("agent").start();
    try (Scope scope = agent.makeCurrent()) {
      // No initialize() first: the SDK initializes on another thread, then sends this call.
      client.call(WeatherApp.WEATHER, Map.of("city", "Pisa"),
          Map.of(McpClientHandler.TOOL_CALL_ID_KEY, "call_42"));
    }
    agent.end();
    SpanData tool = await(s -> s.type() == SpanType.TOOL && s.name().equals("tools/call get_weather"));
    assertThat(tool.parentId()).isEqualTo(agent.context().spanId());
    assertThat(tool.toolCallId()).isEqualTo("call_42");
  }

  // ------------------------------------------------------------------ servers and clients

  private String serve(Transport t, Side side, McpTracing mcp) throws Exception {
    return serve(t, side, mcp, new WeatherApp(tracing.tracer()));
  }

  private String serve(Transport t, Side side, McpTracing mcp, WeatherApp app) throws Exception {
    HttpServlet servlet;
    AutoCloseable mcpServer;
    switch (t) {
      case SSE -> {
        HttpServletSseServerTransportProvider p = HttpServletSseServerTransportProvider.builder()
            .messageEndpoint("/mcp/message").sseEndpoint("/sse")
            .contextExtractor(mcp.httpContextExtractor()).build();
        servlet = p;
        mcpServer = side == Side.SYNC ? app.sync(McpServer.sync(p), mcp).build()::close
            : app.async(McpServer.async(p), mcp).build()::close;
      }
      case STREAMABLE -> {
        HttpServletStreamableServerTransportProvider p = HttpServletStreamableServerTransportProvider
            .builder().mcpEndpoint("/mcp").contextExtractor(mcp.httpContextExtractor()).build();
        servlet = p;
        mcpServer = side == Side.SYNC ? app.sync(McpServer.sync(p), mcp).build()::close
            : app.async(McpServer.async(p), mcp).build()::close;
      }
      default -> {
        HttpServletStatelessServerTransport p = HttpServletStatelessServerTransport.builder()
            .messageEndpoint("/mcp").contextExtractor(mcp.httpContextExtractor()).build();
        servlet = p;
        mcpServer = app.stateless(McpServer.sync(p), mcp).build()::close;
      }
    }
    Server jetty = new Server(new InetSocketAddress("127.0.0.1", 0));
    ServletContextHandler context = new ServletContextHandler();
    ServletHolder holder = new ServletHolder(servlet);
    holder.setAsyncSupported(true);
    context.addServlet(holder, "/*");
    jetty.setHandler(context);
    jetty.start();
    toClose.add(jetty::stop);
    toClose.add(mcpServer);
    return "http://127.0.0.1:" + ((ServerConnector) jetty.getConnectors()[0]).getLocalPort();
  }

  private Client client(Transport t, Side side, McpTracing mcp, String base,
      McpSyncHttpClientRequestCustomizer customizer) {
    return client(t, side, mcp, base, customizer, true);
  }

  private Client client(Transport t, Side side, McpTracing mcp, String base,
      McpSyncHttpClientRequestCustomizer customizer, boolean initialize) {
    McpClientTransport transport;
    if (t == Transport.SSE) {
      HttpClientSseClientTransport.Builder b = HttpClientSseClientTransport.builder(base).sseEndpoint("/sse");
      if (customizer != null) {
        b.httpRequestCustomizer(customizer);
      }
      transport = b.build();
    } else {
      HttpClientStreamableHttpTransport.Builder b = HttpClientStreamableHttpTransport.builder(base)
          .endpoint("/mcp");
      if (customizer != null) {
        b.httpRequestCustomizer(customizer);
      }
      transport = b.build();
    }
    Client client;
    if (side == Side.SYNC) {
      McpSyncClient sync = mcp.syncClient(transport).requestTimeout(Duration.ofSeconds(20)).build();
      toClose.add(sync::closeGracefully);
      client = new Client(sync, null);
      if (initialize) {
        sync.initialize();
      }
    } else {
      McpAsyncClient async = mcp.asyncClient(transport).requestTimeout(Duration.ofSeconds(20)).build();
      toClose.add(() -> async.closeGracefully().block(Duration.ofSeconds(5)));
      client = new Client(null, async);
      if (initialize) {
        async.initialize().block();
      }
    }
    return client;
  }

  /** A sync or an async client, called the way each is meant to be. */
  record Client(McpSyncClient sync, McpAsyncClient async) {
    McpSchema.CallToolResult call(String tool, Map<String, Object> args, Map<String, Object> meta) {
      McpSchema.CallToolRequest request = new McpSchema.CallToolRequest(tool, args, meta);
      if (sync != null) {
        return sync.callTool(request);
      }
      // Reactive code carries the caller's context in the Reactor context.
      return async.callTool(request)
          .contextWrite(c -> c.put(McpTracing.REACTOR_CONTEXT_KEY, Context.current()))
          .block(Duration.ofSeconds(20));
    }
  }

  // ------------------------------------------------------------------ helpers

  private static SpanData serverSpan(RecordingBackend backend, String tool) {
    return backend.finals("tools/call " + tool).stream()
        .filter(s -> s.type() == SpanType.WORKFLOW).findFirst().orElseThrow();
  }

  /** The {@code _meta} in a JSON-RPC error's data. */
  @SuppressWarnings("unchecked")
  static Map<String, Object> errorMeta(McpError error) {
    assertThat(error.getJsonRpcError().data()).isInstanceOf(Map.class);
    Object meta = ((Map<?, ?>) error.getJsonRpcError().data()).get("_meta");
    assertThat(meta).isInstanceOf(Map.class);
    return (Map<String, Object>) meta;
  }

  static String text(McpSchema.CallToolResult result) {
    return result.content().stream()
        .filter(McpSchema.TextContent.class::isInstance)
        .map(c -> ((McpSchema.TextContent) c).text())
        .collect(Collectors.joining("\n"));
  }

  private SpanData await(Predicate<SpanData> match) throws InterruptedException {
    return awaitAll(match, 1).get(0);
  }

  /** Servers end their spans as the answer goes back: wait a little for them. */
  private List<SpanData> awaitAll(Predicate<SpanData> match, int count) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    List<SpanData> found;
    do {
      found = tracing.spans().stream().filter(match).collect(Collectors.toList());
      if (found.size() >= count) {
        return found;
      }
      Thread.sleep(5);
    } while (System.nanoTime() < deadline);
    throw new AssertionError("expected " + count + " matching spans, found " + found.size() + " among "
        + tracing.spans().stream().map(s -> s.type() + " " + s.name()).collect(Collectors.toList()));
  }

  @SuppressWarnings("unused")
  private static UUID id(Span span) {
    return span.context().spanId();
  }
}
