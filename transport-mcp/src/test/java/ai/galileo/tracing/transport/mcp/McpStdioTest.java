package ai.galileo.tracing.transport.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import ai.galileo.tracing.Scope;
import ai.galileo.tracing.Span;
import ai.galileo.tracing.SpanType;
import ai.galileo.tracing.core.GalileoConfig;
import ai.galileo.tracing.core.GalileoTracer;
import ai.galileo.tracing.core.Mode;
import ai.galileo.tracing.core.SpanData;
import ai.galileo.tracing.core.export.ExportResult;
import ai.galileo.tracing.core.export.SpanExporter;
import ai.galileo.tracing.transport.mcp.internal.McpAttributes;
import io.modelcontextprotocol.client.McpAsyncClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.ServerParameters;
import io.modelcontextprotocol.client.transport.StdioClientTransport;
import io.modelcontextprotocol.json.McpJsonDefaults;
import io.modelcontextprotocol.spec.McpSchema;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * stdio: the SDK's {@link StdioClientTransport} starts the weather server as a child JVM and talks
 * to it over its stdin and stdout. Both sides run in distributed mode; the test's backend knows a
 * span is delivered when the child reports it, so the caller's trace completes only once the
 * child's span is in: the completion rule across two processes.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class McpStdioTest {
  private final List<SpanData> exported = new CopyOnWriteArrayList<>();
  private final Set<UUID> delivered = ConcurrentHashMap.newKeySet();
  private final List<UUID> lookedUp = new CopyOnWriteArrayList<>();
  /** The child's spans: type, span id, parent id, trace id, remote parent, name. */
  private final List<String[]> childSpans = new CopyOnWriteArrayList<>();
  private GalileoTracer tracer;
  private AutoCloseable client;

  @AfterEach
  void close() throws Exception {
    if (client != null) {
      client.close();
    }
    if (tracer != null) {
      tracer.shutdown(Duration.ofSeconds(2));
    }
  }

  @ParameterizedTest(name = "{0} client, {1} server")
  @CsvSource({"sync,sync", "async,async", "sync,async"})
  void theChildProcesssToolSpanLandsUnderTheToolSpanAndTheTraceWaitsForIt(String clientSide,
      String serverSide) throws Exception {
    tracer = GalileoTracer.builder()
        .config(GalileoConfig.builder().mode(Mode.DISTRIBUTED).serviceName("agent")
            .set("GALILEO_EXPORT_DELAY_MS", "10").set("GALILEO_COMPLETION_TIMEOUT_MS", "60000").build())
        .exporter(new Backend())
        .shutdownHook(false)
        .build();
    McpTracing mcp = McpTracing.create(tracer);
    String java = Paths.get(System.getProperty("java.home"), "bin", "java").toString();
    StdioClientTransport stdio = new StdioClientTransport(ServerParameters.builder(java)
        .args("-cp", System.getProperty("java.class.path"), StdioWeatherServer.class.getName(), serverSide)
        .build(), McpJsonDefaults.getMapper());
    stdio.setStdErrorHandler(line -> {
      if (line.startsWith(StdioWeatherServer.PREFIX)) {
        String[] f = line.substring(StdioWeatherServer.PREFIX.length()).split(" ", 6);
        childSpans.add(f);
        delivered.add(UUID.fromString(f[1]));
      }
    });

    McpSchema.CallToolRequest request = new McpSchema.CallToolRequest(WeatherApp.WEATHER, Map.of("city", "Pisa"));
    Span agent = tracer.traceBuilder("agent").start();
    McpSchema.CallToolResult result;
    try (Scope scope = agent.makeCurrent()) {
      if (clientSide.equals("sync")) {
        McpSyncClient sync = mcp.syncClient(stdio).requestTimeout(Duration.ofSeconds(30))
            .initializationTimeout(Duration.ofSeconds(30)).build();
        client = sync::closeGracefully;
        result = sync.callTool(request); // initializes first, on the SDK's threads
      } else {
        McpAsyncClient async = mcp.asyncClient(stdio).requestTimeout(Duration.ofSeconds(30))
            .initializationTimeout(Duration.ofSeconds(30)).build();
        client = () -> async.closeGracefully().block(Duration.ofSeconds(5));
        ai.galileo.tracing.Context caller = ai.galileo.tracing.Context.current();
        result = async.callTool(request)
            .contextWrite(c -> c.put(McpTracing.REACTOR_CONTEXT_KEY, caller))
            .block(Duration.ofSeconds(30));
      }
    }
    agent.end();
    assertThat(McpHttpTransportsTest.text(result)).contains("Sunny in Pisa", agent.context().traceIdString());

    awaitFinal(agent.context().spanId());
    SpanData tool = exported.stream().filter(s -> s.isFinal() && s.type() == SpanType.TOOL).findFirst().orElseThrow();
    assertThat(tool.name()).isEqualTo("tools/call get_weather");
    assertThat(tool.metadata()).containsEntry(McpAttributes.NETWORK_TRANSPORT, "pipe");
    String[] server = childSpans.stream().filter(f -> f[0].equals("WORKFLOW")).findFirst().orElseThrow();
    assertThat(server[5]).isEqualTo("tools/call get_weather");
    assertThat(server[2]).as("the child's span's parent").isEqualTo(tool.spanId().toString());
    assertThat(server[3]).isEqualTo(agent.context().traceIdString());
    assertThat(server[4]).as("a remote parent").isEqualTo("true");
    assertThat(lookedUp).as("the trace's completion asked for the child's span")
        .contains(UUID.fromString(server[1]));
    String[] work = childSpans.stream().filter(f -> f[5].equals(WeatherApp.HANDLER_SPAN)).findFirst().orElseThrow();
    assertThat(work[2]).isEqualTo(server[1]);
  }

  private void awaitFinal(UUID spanId) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (exported.stream().noneMatch(s -> s.isFinal() && s.spanId().equals(spanId))) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("the trace was never completed; looked up " + lookedUp
            + ", child spans " + childSpans.size());
      }
      Thread.sleep(5);
    }
  }

  /** The test JVM's backend: its own spans as exported, the child's as it reports them. */
  private final class Backend implements SpanExporter {
    @Override
    public ExportResult export(List<SpanData> batch) {
      exported.addAll(batch);
      int finals = 0;
      for (SpanData s : batch) {
        if (s.isFinal()) {
          delivered.add(s.spanId());
          finals++;
        }
      }
      return ExportResult.sent(finals);
    }

    @Override
    public boolean hasFinishedSpan(UUID traceId, UUID spanId) {
      lookedUp.add(spanId);
      return delivered.contains(spanId);
    }
  }
}
