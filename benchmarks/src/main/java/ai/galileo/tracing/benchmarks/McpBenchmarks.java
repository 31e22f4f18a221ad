package ai.galileo.tracing.benchmarks;

import ai.galileo.tracing.Span;
import ai.galileo.tracing.core.GalileoTracer;
import ai.galileo.tracing.core.Mode;
import ai.galileo.tracing.transport.mcp.McpTracing;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.ServerParameters;
import io.modelcontextprotocol.client.transport.StdioClientTransport;
import io.modelcontextprotocol.json.McpJsonDefaults;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpServerFeatures.SyncToolSpecification;
import io.modelcontextprotocol.server.transport.StdioServerTransportProvider;
import io.modelcontextprotocol.spec.McpSchema;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * An MCP {@code tools/call} with the official MCP Java SDK over its stdio transport, the fastest
 * it has (a pipe to a child process, no HTTP), the tool server being a second JVM started from
 * this jar, as MCP hosts start tool servers. The sync client calls a tool that answers a constant
 * text.
 *
 * <ul>
 *   <li>{@code toolCall_untraced}: neither side knows about tracing;
 *   <li>{@code toolCall_galileo}: {@code galileo-transport-mcp} on both sides, inside a span current on the
 *       calling thread: the client's transport decorator writes {@code _meta}, makes the TOOL span
 *       and matches the response; the server runs the tool under its span and answers with the
 *       span id in the result's {@code _meta}. Batch mode, the export pipeline's exporter
 *       discarding.
 * </ul>
 *
 * The target: {@code toolCall_galileo} within 5 % of {@code toolCall_untraced}.
 *
 * <p>Each trial first warms the tool server up ({@link #warmUp}): JMH's warm-up iterations warm
 * the JVM it forks, but the tool server is a second JVM that JMH knows nothing of, and its JIT
 * needs tens of thousands of calls and, on a busy machine, tens of seconds, more for the traced
 * server, which has more code to compile (the tracer, the propagators, the export pipeline).
 * Without it a run of a few short iterations measured the two servers' warm-up curves (each
 * iteration faster than the last, errors larger than the scores), not their steady states: the
 * first smoke run's 2.8 ms against 1.4 ms was that, for a call that takes about 0.15 ms warm.
 */
@BenchmarkMode(org.openjdk.jmh.annotations.Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class McpBenchmarks {
  static final McpSchema.CallToolRequest CALL =
      new McpSchema.CallToolRequest("get_weather", Map.of("city", "Pisa"));

  /** The tool server: {@code traced} or {@code untraced}, on stdin and stdout. */
  public static final class ToolServer {
    private ToolServer() {}

    public static void main(String[] args) throws InterruptedException {
      McpSchema.Tool tool = McpSchema.Tool.builder().name("get_weather").description("weather")
          .inputSchema(Map.of("type", "object")).build();
      SyncToolSpecification spec = new SyncToolSpecification(tool, (exchange, request) ->
          McpSchema.CallToolResult.builder().addTextContent("Sunny in Pisa").build());
      if (args.length > 0 && args[0].equals("traced")) {
        spec = McpTracing.create(Fixtures.galileo(Mode.BATCH)).tool(spec);
      }
      McpServer.sync(new StdioServerTransportProvider(McpJsonDefaults.getMapper()))
          .capabilities(McpSchema.ServerCapabilities.builder().tools(false).build())
          .tools(spec).build();
      Thread.currentThread().join();
    }
  }

  static final int WARM_UP_CALLS = 50_000;
  static final long WARM_UP_NANOS = TimeUnit.SECONDS.toNanos(20);

  /**
   * Calls the tool {@link #WARM_UP_CALLS} times and for at least 20 s, the same for both servers:
   * the traced tool server's JIT was seen still compiling 25 s after it started on a busy machine.
   */
  static void warmUp(McpSyncClient client) {
    long start = System.nanoTime();
    for (int calls = 0; calls < WARM_UP_CALLS || System.nanoTime() - start < WARM_UP_NANOS; calls++) {
      client.callTool(CALL);
    }
  }

  static StdioClientTransport stdio(String mode) {
    String java = Paths.get(System.getProperty("java.home"), "bin", "java").toString();
    StdioClientTransport transport = new StdioClientTransport(ServerParameters.builder(java)
        .args("-cp", System.getProperty("java.class.path"), ToolServer.class.getName(), mode)
        .build(), McpJsonDefaults.getMapper());
    transport.setStdErrorHandler(line -> { });
    return transport;
  }

  @State(Scope.Thread)
  public static class Untraced {
    McpSyncClient client;

    @Setup(Level.Trial)
    public void setUp() {
      client = McpClient.sync(stdio("untraced")).requestTimeout(Duration.ofSeconds(30))
          .initializationTimeout(Duration.ofSeconds(30)).build();
      client.initialize();
      warmUp(client);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
      client.closeGracefully();
    }
  }

  @State(Scope.Thread)
  public static class Galileo {
    GalileoTracer tracer;
    McpSyncClient client;
    Span request;
    ai.galileo.tracing.Scope requestScope;

    @Setup(Level.Trial)
    public void setUp() {
      tracer = Fixtures.galileo(Mode.BATCH);
      client = McpTracing.create(tracer).syncClient(stdio("traced"))
          .requestTimeout(Duration.ofSeconds(30)).initializationTimeout(Duration.ofSeconds(30)).build();
      client.initialize();
      request = tracer.traceBuilder("agent").start();
      requestScope = request.makeCurrent();
      warmUp(client); // inside the trace, so the traced paths are the ones compiled
    }

    @TearDown(Level.Trial)
    public void tearDown() {
      requestScope.close();
      request.end();
      client.closeGracefully();
      tracer.shutdown(Fixtures.shutdownWait());
    }
  }

  @Benchmark
  public McpSchema.CallToolResult toolCall_untraced(Untraced state) {
    return state.client.callTool(CALL);
  }

  @Benchmark
  public McpSchema.CallToolResult toolCall_galileo(Galileo state) {
    return state.client.callTool(CALL);
  }
}
