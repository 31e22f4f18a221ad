package ai.galileo.tracing.transport.mcp;

import ai.galileo.tracing.Context;
import ai.galileo.tracing.Galileo;
import ai.galileo.tracing.Tracer;
import ai.galileo.tracing.core.transport.TrustPolicy;
import ai.galileo.tracing.transport.mcp.internal.McpTracingKeys;
import ai.galileo.tracing.transport.mcp.internal.ServletHeaders;
import ai.galileo.tracing.transport.mcp.internal.TracedHandlers;
import ai.galileo.tracing.transport.mcp.internal.TracingClientTransport;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.common.McpTransportContext;
import io.modelcontextprotocol.server.McpServerFeatures;
import io.modelcontextprotocol.server.McpStatelessServerFeatures;
import io.modelcontextprotocol.server.McpTransportContextExtractor;
import io.modelcontextprotocol.spec.McpClientTransport;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Galileo tracing for the official MCP Java SDK ({@code io.modelcontextprotocol.sdk:mcp} 2.x):
 * the trace travels in each request's {@code params._meta}, on every transport.
 *
 * <pre>{@code
 * McpTracing tracing = McpTracing.create();
 *
 * // Client: every request and notification carries the current trace; tools/call is a TOOL span.
 * McpSyncClient client = tracing.syncClient(transport).build();
 *
 * // Server: the tool runs inside the caller's trace, under a span named "tools/call get_weather".
 * McpSyncServer server = McpServer.sync(transportProvider)
 *     .tools(tracing.tool(new SyncToolSpecification(weatherTool, weatherHandler)))
 *     .build();
 * }</pre>
 *
 * <p>The client side is a decorator of the SDK's {@link McpClientTransport}, the one interface
 * every transport implements and every client (sync or async) sends through; the server side
 * wraps the tool, prompt and resource specifications, whose handlers are where the application's
 * code runs. {@link McpMeta}, {@link McpClientHandler} and {@link McpServerHandler} are the same
 * without the SDK, for other MCP implementations.
 *
 * @since 0.1.0
 */
public final class McpTracing {
  /** The SDK's own default request timeout, which a request's span waits for its answer. */
  public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(20);

  private final Tracer tracer;
  private final McpClientHandler clientHandler;
  private final McpServerHandler serverHandler;
  private final TracedHandlers handlers;
  private final Duration requestTimeout;

  private McpTracing(Builder builder) {
    this.tracer = builder.tracer;
    this.clientHandler = McpClientHandler.create(tracer, builder.clientSpans);
    this.serverHandler = McpServerHandler.create(tracer, builder.trustPolicy);
    this.handlers = new TracedHandlers(serverHandler);
    this.requestTimeout = builder.requestTimeout;
  }

  /**
   * Tracing with {@link Galileo#tracer()}, no client spans but for {@code tools/call}, and the
   * configured trust policy.
   *
   * @throws IllegalArgumentException if {@code GALILEO_SERVER_TRUST} is invalid
   */
  public static McpTracing create() {
    return builder().build();
  }

  /**
   * Tracing with the given tracer.
   *
   * @throws IllegalArgumentException if {@code GALILEO_SERVER_TRUST} is invalid
   */
  public static McpTracing create(Tracer tracer) {
    return builder(tracer).build();
  }

  /** A builder with {@link Galileo#tracer()}. */
  public static Builder builder() {
    return new Builder(Galileo.tracer());
  }

  /** A builder with the given tracer. */
  public static Builder builder(Tracer tracer) {
    return new Builder(Objects.requireNonNull(tracer, "tracer"));
  }

  // ---------------------------------------------------------------- client

  /**
   * The transport, decorated: every request and notification a client sends through it carries
   * the current trace in {@code params._meta}, and each request made inside a trace holds that
   * trace's completion (distributed mode) until its answer comes. Works for every transport.
   */
  public McpClientTransport clientTransport(McpClientTransport transport) {
    Objects.requireNonNull(transport, "transport");
    if (transport instanceof TracingClientTransport) {
      return transport;
    }
    return new TracingClientTransport(transport, clientHandler, requestTimeout);
  }

  /**
   * For {@code McpClient.sync(...).transportContextProvider(...)}: hands the caller's context to
   * the transport with each call, so a call keeps its trace across the SDK's thread hops (a first
   * call waits for the implicit initialization on another thread). {@link #syncClient} sets it.
   */
  public Supplier<McpTransportContext> transportContextProvider() {
    return () -> {
      Context current = Context.current();
      return current == Context.root()
          ? McpTransportContext.EMPTY
          : McpTransportContext.create(Map.of(McpTracingKeys.CONTEXT, current));
    };
  }

  /**
   * {@code McpClient.sync(clientTransport(transport))} with {@link #transportContextProvider()}:
   * add your own settings and {@code build()}.
   */
  public McpClient.SyncSpec syncClient(McpClientTransport transport) {
    return McpClient.sync(clientTransport(transport)).transportContextProvider(transportContextProvider());
  }

  /**
   * {@code McpClient.async(clientTransport(transport))}. A call carries the context current when
   * its {@code Mono} is subscribed, or the one in its Reactor context under
   * {@value #REACTOR_CONTEXT_KEY} (what the Spring Boot starter's WebFlux support puts there).
   */
  public McpClient.AsyncSpec asyncClient(McpClientTransport transport) {
    return McpClient.async(clientTransport(transport));
  }

  /** The Reactor context key of Galileo's {@code Context}. */
  public static final String REACTOR_CONTEXT_KEY = McpTracingKeys.CONTEXT;

  // ---------------------------------------------------------------- server

  // Tool specifications are built with the SDK's builder: the two-argument constructor means a
  // handler of the arguments map in SDK 0.17 (Spring AI 1.1's), of the request in 2.x.

  /** The tool, with its handler run under the caller's trace. */
  public McpServerFeatures.SyncToolSpecification tool(McpServerFeatures.SyncToolSpecification spec) {
    return McpServerFeatures.SyncToolSpecification.builder().tool(spec.tool())
        .callHandler((exchange, request) ->
            handlers.run(TracedHandlers.TOOL, exchange.transportContext(), exchange.sessionId(), request,
                () -> spec.callHandler().apply(exchange, request)))
        .build();
  }

  /** The tool, with its handler run under the caller's trace, from subscription to its end. */
  public McpServerFeatures.AsyncToolSpecification tool(McpServerFeatures.AsyncToolSpecification spec) {
    return McpServerFeatures.AsyncToolSpecification.builder().tool(spec.tool())
        .callHandler((exchange, request) ->
            handlers.runAsync(TracedHandlers.TOOL, exchange.transportContext(), exchange.sessionId(),
                request, () -> spec.callHandler().apply(exchange, request)))
        .build();
  }

  /** The stateless server's tool, with its handler run under the caller's trace. */
  public McpStatelessServerFeatures.SyncToolSpecification tool(
      McpStatelessServerFeatures.SyncToolSpecification spec) {
    return McpStatelessServerFeatures.SyncToolSpecification.builder().tool(spec.tool())
        .callHandler((context, request) ->
            handlers.run(TracedHandlers.TOOL, context, null, request,
                () -> spec.callHandler().apply(context, request)))
        .build();
  }

  /** The stateless server's tool, with its handler run under the caller's trace. */
  public McpStatelessServerFeatures.AsyncToolSpecification tool(
      McpStatelessServerFeatures.AsyncToolSpecification spec) {
    return McpStatelessServerFeatures.AsyncToolSpecification.builder().tool(spec.tool())
        .callHandler((context, request) ->
            handlers.runAsync(TracedHandlers.TOOL, context, null, request,
                () -> spec.callHandler().apply(context, request)))
        .build();
  }

  /** The prompt, with its handler run under the caller's trace ({@code prompts/get NAME}). */
  public McpServerFeatures.SyncPromptSpecification prompt(McpServerFeatures.SyncPromptSpecification spec) {
    return new McpServerFeatures.SyncPromptSpecification(spec.prompt(), (exchange, request) ->
        handlers.run(TracedHandlers.PROMPT, exchange.transportContext(), exchange.sessionId(),
            request, () -> spec.promptHandler().apply(exchange, request)));
  }

  public McpServerFeatures.AsyncPromptSpecification prompt(McpServerFeatures.AsyncPromptSpecification spec) {
    return new McpServerFeatures.AsyncPromptSpecification(spec.prompt(), (exchange, request) ->
        handlers.runAsync(TracedHandlers.PROMPT, exchange.transportContext(), exchange.sessionId(),
            request, () -> spec.promptHandler().apply(exchange, request)));
  }

  public McpStatelessServerFeatures.SyncPromptSpecification prompt(
      McpStatelessServerFeatures.SyncPromptSpecification spec) {
    return new McpStatelessServerFeatures.SyncPromptSpecification(spec.prompt(), (context, request) ->
        handlers.run(TracedHandlers.PROMPT, context, null, request,
            () -> spec.promptHandler().apply(context, request)));
  }

  public McpStatelessServerFeatures.AsyncPromptSpecification prompt(
      McpStatelessServerFeatures.AsyncPromptSpecification spec) {
    return new McpStatelessServerFeatures.AsyncPromptSpecification(spec.prompt(), (context, request) ->
        handlers.runAsync(TracedHandlers.PROMPT, context, null, request,
            () -> spec.promptHandler().apply(context, request)));
  }

  /** The resource, with its handler run under the caller's trace ({@code resources/read}). */
  public McpServerFeatures.SyncResourceSpecification resource(
      McpServerFeatures.SyncResourceSpecification spec) {
    return new McpServerFeatures.SyncResourceSpecification(spec.resource(), (exchange, request) ->
        handlers.run(TracedHandlers.RESOURCE, exchange.transportContext(), exchange.sessionId(),
            request, () -> spec.readHandler().apply(exchange, request)));
  }

  public McpServerFeatures.AsyncResourceSpecification resource(
      McpServerFeatures.AsyncResourceSpecification spec) {
    return new McpServerFeatures.AsyncResourceSpecification(spec.resource(), (exchange, request) ->
        handlers.runAsync(TracedHandlers.RESOURCE, exchange.transportContext(), exchange.sessionId(),
            request, () -> spec.readHandler().apply(exchange, request)));
  }

  public McpStatelessServerFeatures.SyncResourceSpecification resource(
      McpStatelessServerFeatures.SyncResourceSpecification spec) {
    return new McpStatelessServerFeatures.SyncResourceSpecification(spec.resource(), (context, request) ->
        handlers.run(TracedHandlers.RESOURCE, context, null, request,
            () -> spec.readHandler().apply(context, request)));
  }

  public McpStatelessServerFeatures.AsyncResourceSpecification resource(
      McpStatelessServerFeatures.AsyncResourceSpecification spec) {
    return new McpStatelessServerFeatures.AsyncResourceSpecification(spec.resource(), (context, request) ->
        handlers.runAsync(TracedHandlers.RESOURCE, context, null, request,
            () -> spec.readHandler().apply(context, request)));
  }

  /** The resource template, with its handler run under the caller's trace. */
  public McpServerFeatures.SyncResourceTemplateSpecification resourceTemplate(
      McpServerFeatures.SyncResourceTemplateSpecification spec) {
    return new McpServerFeatures.SyncResourceTemplateSpecification(spec.resourceTemplate(),
        (exchange, request) -> handlers.run(TracedHandlers.RESOURCE, exchange.transportContext(),
            exchange.sessionId(), request, () -> spec.readHandler().apply(exchange, request)));
  }

  public McpServerFeatures.AsyncResourceTemplateSpecification resourceTemplate(
      McpServerFeatures.AsyncResourceTemplateSpecification spec) {
    return new McpServerFeatures.AsyncResourceTemplateSpecification(spec.resourceTemplate(),
        (exchange, request) -> handlers.runAsync(TracedHandlers.RESOURCE, exchange.transportContext(),
            exchange.sessionId(), request, () -> spec.readHandler().apply(exchange, request)));
  }

  public McpStatelessServerFeatures.SyncResourceTemplateSpecification resourceTemplate(
      McpStatelessServerFeatures.SyncResourceTemplateSpecification spec) {
    return new McpStatelessServerFeatures.SyncResourceTemplateSpecification(spec.resourceTemplate(),
        (context, request) -> handlers.run(TracedHandlers.RESOURCE, context, null, request,
            () -> spec.readHandler().apply(context, request)));
  }

  public McpStatelessServerFeatures.AsyncResourceTemplateSpecification resourceTemplate(
      McpStatelessServerFeatures.AsyncResourceTemplateSpecification spec) {
    return new McpStatelessServerFeatures.AsyncResourceTemplateSpecification(spec.resourceTemplate(),
        (context, request) -> handlers.runAsync(TracedHandlers.RESOURCE, context, null, request,
            () -> spec.readHandler().apply(context, request)));
  }

  /**
   * For the SDK's servlet transports' {@code contextExtractor(...)}: keeps the HTTP request's
   * tracing headers for the handlers, which read them when a request's {@code _meta} carries no
   * trace ({@code _meta} wins, as OpenTelemetry's MCP conventions say).
   */
  public McpTransportContextExtractor<HttpServletRequest> httpContextExtractor() {
    return ServletHeaders.extractor(tracer, null);
  }

  /** Like {@link #httpContextExtractor()}, adding the headers to what your own extractor returns. */
  public McpTransportContextExtractor<HttpServletRequest> httpContextExtractor(
      McpTransportContextExtractor<HttpServletRequest> yours) {
    return ServletHeaders.extractor(tracer, Objects.requireNonNull(yours, "yours"));
  }

  // ---------------------------------------------------------------- the rest

  public Tracer tracer() {
    return tracer;
  }

  /** The SDK-independent client half these decorators use. */
  public McpClientHandler clientHandler() {
    return clientHandler;
  }

  /** The SDK-independent server half these wrappers use. */
  public McpServerHandler serverHandler() {
    return serverHandler;
  }

  /** The policy the server handlers apply to incoming traces. */
  public TrustPolicy trustPolicy() {
    return serverHandler.trustPolicy();
  }

  @Override
  public String toString() {
    return "McpTracing{clientSpans=" + clientHandler.clientSpans() + ", trust="
        + serverHandler.trustPolicy().configValue() + ", requestTimeout=" + requestTimeout + "}";
  }

  /**
   * Configures {@link McpTracing}.
   *
   * @since 0.1.0
   */
  public static final class Builder {
    private final Tracer tracer;
    private boolean clientSpans;
    private TrustPolicy trustPolicy;
    private Duration requestTimeout = DEFAULT_REQUEST_TIMEOUT;

    private Builder(Tracer tracer) {
      this.tracer = tracer;
    }

    /**
     * Whether requests other than {@code tools/call} (which always gets a {@code TOOL} span) get
     * a span of their own, such as {@code resources/read} or {@code tools/list}; off by default.
     */
    public Builder clientSpans(boolean enabled) {
      this.clientSpans = enabled;
      return this;
    }

    /** What the server handlers do with incoming traces; by default {@code GALILEO_SERVER_TRUST}. */
    public Builder trustPolicy(TrustPolicy policy) {
      this.trustPolicy = Objects.requireNonNull(policy, "policy");
      return this;
    }

    /**
     * How long a request's span waits for the answer before it ends as failed: set it to the
     * client's own {@code requestTimeout} when you change that (the SDK's default, 20 s, is ours).
     */
    public Builder requestTimeout(Duration timeout) {
      Objects.requireNonNull(timeout, "timeout");
      if (timeout.isNegative() || timeout.isZero()) {
        throw new IllegalArgumentException("requestTimeout must be positive: " + timeout);
      }
      this.requestTimeout = timeout;
      return this;
    }

    /**
     * Builds it.
     *
     * @throws IllegalArgumentException if no policy was given and {@code GALILEO_SERVER_TRUST} is
     *     invalid
     */
    public McpTracing build() {
      return new McpTracing(this);
    }
  }
}
