package ai.galileo.tracing.benchmarks;

import static ai.galileo.tracing.benchmarks.Fixtures.K1;
import static ai.galileo.tracing.benchmarks.Fixtures.K2;
import static ai.galileo.tracing.benchmarks.Fixtures.K3;
import static ai.galileo.tracing.benchmarks.Fixtures.V1;
import static ai.galileo.tracing.benchmarks.Fixtures.V2;
import static ai.galileo.tracing.benchmarks.Fixtures.V3;

import ai.galileo.tracing.Content;
import ai.galileo.tracing.Context;
import ai.galileo.tracing.LlmEvent;
import ai.galileo.tracing.Message;
import ai.galileo.tracing.Span;
import ai.galileo.tracing.SpanType;
import ai.galileo.tracing.ToolDefinition;
import ai.galileo.tracing.core.GalileoConfig;
import ai.galileo.tracing.core.GalileoTracer;
import ai.galileo.tracing.core.SpanData;
import ai.galileo.tracing.core.SpanProcessor;
import ai.galileo.tracing.core.export.ExportResult;
import ai.galileo.tracing.core.internal.export.GalileoJson;
import ai.galileo.tracing.core.internal.export.SpanNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Writing LLM spans to Galileo's ingest JSON, per span: today's LLM span (model, two messages in,
 * an answer, token counts, three metadata entries) beside the same span as an agent's LLM call also
 * carries it (ten tools offered with realistic JSON schemas, a reasoning block, a finish reason).
 * Both bodies hold one trace of {@value #SPANS} such spans, written into a reused buffer.
 *
 * <p>Read with {@code -prof gc}: the target is that the agent fields add no bytes allocated per
 * span ({@code gc.alloc.rate.norm}) over today's span. The tools' JSON was checked when it was set
 * on the span, so the writer copies it without parsing it.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Thread)
public class AgentSerializationBenchmarks {
  static final int SPANS = 64;
  static final UUID LOG_STREAM = UUID.fromString("3e4f5a6b-7c8d-4e9f-a0b1-c2d3e4f5a6b7");

  GalileoJson json;
  List<SpanNode> plainTrace;
  List<SpanNode> agentTrace;
  ReusableBuffer sink;

  @Setup
  public void setUp() {
    sink = new ReusableBuffer(4 << 20);
    json = new GalileoJson("bench", 1_000_000);
    plainTrace = List.of(llmTrace(false));
    agentTrace = List.of(llmTrace(true));
  }

  @Benchmark
  @OperationsPerInvocation(SPANS)
  public int llmSpan_today() throws IOException {
    sink.reset();
    json.writeTracesIngest(sink, LOG_STREAM, null, plainTrace, true);
    return sink.size();
  }

  @Benchmark
  @OperationsPerInvocation(SPANS)
  public int llmSpan_toolsAndReasoning() throws IOException {
    sink.reset();
    json.writeTracesIngest(sink, LOG_STREAM, null, agentTrace, true);
    return sink.size();
  }

  /** A trace of {@link #SPANS} LLM spans made by the real tracer, as an integration makes them. */
  private static SpanNode llmTrace(boolean agentFields) {
    List<SpanData> ended = new ArrayList<>();
    GalileoTracer tracer = GalileoTracer.builder()
        .config(GalileoConfig.builder().serviceName(Fixtures.SERVICE).build())
        .addSpanProcessor(new SpanProcessor() {
          @Override
          public void onStart(SpanData span) {}

          @Override
          public void onEnd(SpanData span) {
            ended.add(span);
          }
        })
        .exporter(batch -> ExportResult.NOTHING)
        .shutdownHook(false)
        .build();
    List<ToolDefinition> tools = tenTools();
    Span trace = tracer.traceBuilder("agent request").start();
    Context parent = Context.root().with(trace);
    for (int i = 0; i < SPANS; i++) {
      Span llm = tracer.spanBuilder("chat gpt-4o", SpanType.LLM).setParent(parent)
          .setModel("gpt-4o")
          .setInput(Content.messages(Message.system("You are a helpful assistant."),
              Message.user("What is the weather in Pisa today, and should I take an umbrella?")))
          .setMetadata(K1, V1).setMetadata(K2, V2).setMetadata(K3, V3).start();
      llm.setTokens(412, 57).setTemperature(0.2);
      if (agentFields) {
        llm.setTools(tools).addEvent(REASONING).setFinishReason("stop");
      }
      llm.end(Content.message(Message.assistant(
          "It is 18 C and sunny in Pisa today; you will not need an umbrella.")));
    }
    trace.end();
    tracer.shutdown(Fixtures.shutdownWait());
    SpanData root = ended.get(ended.size() - 1);
    List<SpanNode> children = new ArrayList<>();
    for (SpanData s : ended.subList(0, ended.size() - 1)) {
      children.add(SpanNode.leaf(s));
    }
    return new SpanNode(root, children);
  }

  static final LlmEvent.Reasoning REASONING = new LlmEvent.Reasoning("rs_68a1",
      "The user asks for the weather in Pisa and whether to take an umbrella. I called get_weather"
          + " with city=Pisa and it returned 18 C, sunny, 0% chance of rain. No umbrella needed;"
          + " answer briefly with the temperature and the advice.",
      "Checked the weather in Pisa and advised on the umbrella.", LlmEvent.Status.COMPLETED);

  /** Ten tools with schemas of the size and shape real agents offer. */
  static List<ToolDefinition> tenTools() {
    return List.of(
        ToolDefinition.of("get_weather", "Current weather in a city",
            "{\"type\":\"object\",\"properties\":{\"city\":{\"type\":\"string\",\"description\":"
                + "\"City name, e.g. Pisa\"},\"unit\":{\"type\":\"string\",\"enum\":[\"celsius\","
                + "\"fahrenheit\"]}},\"required\":[\"city\"],\"additionalProperties\":false}"),
        ToolDefinition.of("search_documents", "Full-text search over the knowledge base",
            "{\"type\":\"object\",\"properties\":{\"query\":{\"type\":\"string\"},"
                + "\"top_k\":{\"type\":\"integer\",\"minimum\":1,\"maximum\":50,\"default\":5},"
                + "\"filters\":{\"type\":\"object\",\"properties\":{\"source\":{\"type\":\"string\"},"
                + "\"after\":{\"type\":\"string\",\"format\":\"date\"}}}},\"required\":[\"query\"]}"),
        ToolDefinition.of("send_email", "Send an email on the user's behalf",
            "{\"type\":\"object\",\"properties\":{\"to\":{\"type\":\"array\",\"items\":"
                + "{\"type\":\"string\",\"format\":\"email\"}},\"subject\":{\"type\":\"string\"},"
                + "\"body\":{\"type\":\"string\"}},\"required\":[\"to\",\"subject\",\"body\"]}"),
        ToolDefinition.of("create_calendar_event", "Create an event in the user's calendar",
            "{\"type\":\"object\",\"properties\":{\"title\":{\"type\":\"string\"},"
                + "\"start\":{\"type\":\"string\",\"format\":\"date-time\"},"
                + "\"end\":{\"type\":\"string\",\"format\":\"date-time\"},"
                + "\"attendees\":{\"type\":\"array\",\"items\":{\"type\":\"string\"}}},"
                + "\"required\":[\"title\",\"start\"]}"),
        ToolDefinition.of("convert_currency", "Convert an amount between currencies",
            "{\"type\":\"object\",\"properties\":{\"amount\":{\"type\":\"number\"},"
                + "\"from\":{\"type\":\"string\",\"pattern\":\"^[A-Z]{3}$\"},"
                + "\"to\":{\"type\":\"string\",\"pattern\":\"^[A-Z]{3}$\"}},"
                + "\"required\":[\"amount\",\"from\",\"to\"]}"),
        ToolDefinition.of("get_stock_price", "Latest price of a listed share",
            "{\"type\":\"object\",\"properties\":{\"ticker\":{\"type\":\"string\"}},"
                + "\"required\":[\"ticker\"]}"),
        ToolDefinition.of("run_sql", "Run a read-only SQL query on the analytics database",
            "{\"type\":\"object\",\"properties\":{\"sql\":{\"type\":\"string\"},"
                + "\"timeout_seconds\":{\"type\":\"integer\",\"default\":30}},\"required\":[\"sql\"]}"),
        ToolDefinition.of("translate", "Translate text into another language",
            "{\"type\":\"object\",\"properties\":{\"text\":{\"type\":\"string\"},"
                + "\"target_language\":{\"type\":\"string\",\"enum\":[\"en\",\"it\",\"de\",\"fr\","
                + "\"es\"]}},\"required\":[\"text\",\"target_language\"]}"),
        ToolDefinition.of("get_current_time", "The current time in a time zone",
            "{\"type\":\"object\",\"properties\":{\"timezone\":{\"type\":\"string\","
                + "\"description\":\"IANA name, e.g. Europe/Rome\"}}}"),
        ToolDefinition.of("calculator", "Evaluate an arithmetic expression",
            "{\"type\":\"object\",\"properties\":{\"expression\":{\"type\":\"string\"}},"
                + "\"required\":[\"expression\"]}"));
  }
}
