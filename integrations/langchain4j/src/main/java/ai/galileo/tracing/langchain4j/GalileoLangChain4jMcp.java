package ai.galileo.tracing.langchain4j;

import ai.galileo.tracing.Galileo;
import ai.galileo.tracing.Tracer;
import ai.galileo.tracing.langchain4j.internal.McpClientTracing;
import ai.galileo.tracing.langchain4j.internal.TracerRef;
import dev.langchain4j.mcp.client.DefaultMcpClient;
import dev.langchain4j.mcp.client.McpClientListener;
import dev.langchain4j.mcp.client.McpMetaSupplier;
import java.time.Duration;
import java.util.Objects;

/**
 * Galileo tracing for LangChain4j's MCP client ({@code langchain4j-mcp}'s {@code DefaultMcpClient},
 * which implements MCP itself): every request and notification it sends carries the current trace
 * in {@code params._meta}, on every transport, and the tool server's spans land under the tool
 * execution's {@code TOOL} span. Needs
 * {@code langchain4j-mcp} and {@code galileo-transport-mcp} on the class path.
 *
 * <pre>{@code
 * GalileoLangChain4jMcp tracing = GalileoLangChain4jMcp.create();
 * McpClient client = tracing.configure(DefaultMcpClient.builder())
 *     .transport(transport)
 *     .build();
 * ToolProvider tools = McpToolProvider.builder().mcpClients(client).build();   // as usual
 * }</pre>
 *
 * <p>{@link #configure} adds {@link #listener()} and {@link #metaSupplier()} to the builder; give
 * them yourself if you build the client another way, and use {@link #metaSupplier(McpMetaSupplier)}
 * to keep a {@code _meta} supplier of your own. Inside an AI Service the tool hook's {@code TOOL}
 * span (the tool's name, the model's tool call id) is the execution's one span: the
 * {@code tools/call} opens none of its own, puts the MCP attributes on it and sends its ids, so the
 * server's span nests directly under it. A client used on its own makes a {@code TOOL} span
 * {@code tools/call <tool>} under the current span.
 *
 * @since 0.1.0
 */
public final class GalileoLangChain4jMcp {
  /** LangChain4j's own default tool execution timeout, which a call's span waits at most for. */
  public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(60);

  private final McpClientTracing tracing;

  private GalileoLangChain4jMcp(Builder builder) {
    TracerRef ref = builder.tracer == null ? TracerRef.global() : TracerRef.of(builder.tracer);
    this.tracing = new McpClientTracing(ref, builder.clientSpans, builder.requestTimeout);
  }

  /** Tracing with the tracer {@link Galileo#tracer()} returns at each call. */
  public static GalileoLangChain4jMcp create() {
    return builder().build();
  }

  /** Tracing with the given tracer. */
  public static GalileoLangChain4jMcp create(Tracer tracer) {
    return builder().tracer(Objects.requireNonNull(tracer, "tracer")).build();
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Adds {@link #listener()} and {@link #metaSupplier()} to the client's builder, and returns it. */
  public DefaultMcpClient.Builder configure(DefaultMcpClient.Builder builder) {
    return builder.addListener(listener()).metaSupplier(metaSupplier());
  }

  /** The listener that starts and ends each request's span and its hold on the trace. */
  public McpClientListener listener() {
    return tracing;
  }

  /** The {@code _meta} supplier that writes the trace into every request and notification. */
  public McpMetaSupplier metaSupplier() {
    return tracing.metaSupplier(null);
  }

  /**
   * The {@code _meta} supplier, keeping what yours supplies: its entries are sent, with the
   * tracing keys written over them.
   */
  public McpMetaSupplier metaSupplier(McpMetaSupplier yours) {
    return tracing.metaSupplier(Objects.requireNonNull(yours, "yours"));
  }

  @Override
  public String toString() {
    return "GalileoLangChain4jMcp{" + tracing + "}";
  }

  /**
   * Configures {@link GalileoLangChain4jMcp}.
   *
   * @since 0.1.0
   */
  public static final class Builder {
    private Tracer tracer;
    private boolean clientSpans;
    private Duration requestTimeout = DEFAULT_REQUEST_TIMEOUT;

    private Builder() {}

    /** The tracer; by default the one {@link Galileo#tracer()} returns at each call. */
    public Builder tracer(Tracer tracer) {
      this.tracer = Objects.requireNonNull(tracer, "tracer");
      return this;
    }

    /**
     * Whether requests other than {@code tools/call} (always traced as a {@code TOOL} span) get a
     * span of their own ({@code resources/read}, {@code prompts/get greet}, {@code tools/list});
     * off by default, as for HTTP client spans.
     */
    public Builder clientSpans(boolean enabled) {
      this.clientSpans = enabled;
      return this;
    }

    /**
     * How long a request's span waits for LangChain4j to report its end before it ends as failed;
     * set it to the client's own timeout when you raise that (60 s, LangChain4j's, by default).
     */
    public Builder requestTimeout(Duration timeout) {
      Objects.requireNonNull(timeout, "timeout");
      if (timeout.isNegative() || timeout.isZero()) {
        throw new IllegalArgumentException("requestTimeout must be positive: " + timeout);
      }
      this.requestTimeout = timeout;
      return this;
    }

    public GalileoLangChain4jMcp build() {
      return new GalileoLangChain4jMcp(this);
    }
  }
}
