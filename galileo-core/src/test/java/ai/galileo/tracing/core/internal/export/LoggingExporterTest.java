package ai.galileo.tracing.core.internal.export;

import static org.assertj.core.api.Assertions.assertThat;

import ai.galileo.tracing.AgentType;
import ai.galileo.tracing.Content;
import ai.galileo.tracing.LlmEvent;
import ai.galileo.tracing.SpanType;
import ai.galileo.tracing.ToolDefinition;
import ai.galileo.tracing.core.SpanData;
import ai.galileo.tracing.core.export.ExportResult;
import ai.galileo.tracing.core.export.ExporterProvider;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class LoggingExporterTest {
  private static final UUID TRACE = UUID.fromString("00000000-0000-4000-8000-000000000001");
  private static final UUID WORKFLOW = UUID.fromString("00000000-0000-4000-8000-000000000002");
  private static final UUID LLM = UUID.fromString("00000000-0000-4000-8000-000000000003");
  private static final UUID TOOL = UUID.fromString("00000000-0000-4000-8000-000000000004");
  private static final UUID REMOTE = UUID.fromString("00000000-0000-4000-8000-0000000000ff");

  private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
  private final PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
  private final LoggingExporter exporter = new LoggingExporter(out);

  @Test
  void printsNothingUntilTheTraceEndsThenTheTreeNestedInOrderOfStart() {
    // Ended in the order a real trace ends: children first. The tool started last, ended first.
    export(
        ended(SpanType.TOOL, "search", TOOL, TRACE, 30).withIo("query", "3 hits"),
        ended(SpanType.LLM, "generate", LLM, WORKFLOW, 20).withIo("prompt", "answer").status(200),
        ended(SpanType.WORKFLOW, "analyse", WORKFLOW, TRACE, 10).withIo(null, "answer"));
    assertThat(printed()).isEmpty();

    ExportResult result = export(ended(SpanType.TRACE, "answer", TRACE, null, 0).withIo("question", "answer"));

    assertThat(result).isEqualTo(ExportResult.sent(4));
    assertThat(lines()).containsExactly(
        "[galileo] trace " + TRACE + " (4 spans)",
        "  trace \"answer\" 12.3 ms, status -, service orchestrator: \"question\" -> \"answer\""
            + "  [trace " + TRACE + ", span " + TRACE + "]",
        "    workflow \"analyse\" 12.3 ms, status -, service orchestrator: - -> \"answer\"",
        "      llm \"generate\" 12.3 ms, status 200, service orchestrator: \"prompt\" -> \"answer\"",
        "    tool \"search\" 12.3 ms, status -, service orchestrator: \"query\" -> \"3 hits\"");
    assertThat(exporter.buffered()).isZero();
  }

  @Test
  void startSnapshotsAreIgnored() {
    ExportResult result = export(
        started(SpanType.TRACE, "answer", TRACE, null),
        started(SpanType.WORKFLOW, "analyse", WORKFLOW, TRACE));

    assertThat(result).isEqualTo(ExportResult.NOTHING);
    assertThat(printed()).isEmpty();
    assertThat(exporter.buffered()).isZero();
  }

  @Test
  void aServiceContinuingARemoteParentPrintsWhenItsLocalRootEnds() {
    UUID otherRoot = UUID.randomUUID();
    export(
        ended(SpanType.RETRIEVER, "search", TOOL, WORKFLOW, 20),
        // Another request of the same trace, still running in this service: it must wait.
        ended(SpanType.TOOL, "other call", UUID.randomUUID(), otherRoot, 25));

    ExportResult result = export(ended(SpanType.WORKFLOW, "retrieve", WORKFLOW, REMOTE, 10).remote());

    assertThat(result).isEqualTo(ExportResult.sent(2));
    assertThat(lines()).containsExactly(
        "[galileo] trace " + TRACE + " (2 spans)",
        "  workflow \"retrieve\" 12.3 ms, status -, service orchestrator: - -> -  [trace " + TRACE
            + ", span " + WORKFLOW + ", parent " + REMOTE + " (remote)]",
        "    retriever \"search\" 12.3 ms, status -, service orchestrator: - -> -");
    assertThat(exporter.buffered()).isEqualTo(1);
  }

  @Test
  void aSpanEndingAfterItsTraceWasPrintedIsPrintedAloneMarkedLate() {
    export(ended(SpanType.WORKFLOW, "analyse", WORKFLOW, TRACE, 10));
    export(ended(SpanType.TRACE, "answer", TRACE, null, 0));
    String tree = printed();

    // Fire-and-forget work under the workflow: its own child ends first and waits for it.
    UUID child = UUID.randomUUID();
    assertThat(export(ended(SpanType.LLM, "summarise", child, TOOL, 40)))
        .isEqualTo(ExportResult.NOTHING);
    ExportResult result = export(ended(SpanType.TOOL, "notify", TOOL, WORKFLOW, 30));

    assertThat(result).isEqualTo(ExportResult.sent(2));
    assertThat(printed().substring(tree.length()).split("\n")).containsExactly(
        "[galileo] trace " + TRACE + " (2 spans; late: its parent was printed already)",
        "  tool \"notify\" 12.3 ms, status -, service orchestrator: - -> -  [trace " + TRACE
            + ", span " + TOOL + ", parent " + WORKFLOW + "]",
        "    llm \"summarise\" 12.3 ms, status -, service orchestrator: - -> -");
  }

  @Test
  void flushPrintsWhatIsBufferedAsPartialTrees() {
    UUID otherTrace = UUID.randomUUID();
    export(
        ended(SpanType.LLM, "generate", LLM, WORKFLOW, 20),
        ended(SpanType.WORKFLOW, "analyse", WORKFLOW, TRACE, 10),
        ended(SpanType.TOOL, "lookup", TOOL, otherTrace, 5).trace(otherTrace));

    ExportResult result = exporter.flush();

    assertThat(result).isEqualTo(ExportResult.sent(3));
    assertThat(lines()).containsExactly(
        "[galileo] trace " + TRACE + " (2 spans; partial: flushed before its root ended)",
        "  workflow \"analyse\" 12.3 ms, status -, service orchestrator: - -> -  [trace " + TRACE
            + ", span " + WORKFLOW + ", parent " + TRACE + "]",
        "    llm \"generate\" 12.3 ms, status -, service orchestrator: - -> -",
        "[galileo] trace " + otherTrace + " (1 span; partial: flushed before its root ended)",
        "  tool \"lookup\" 12.3 ms, status -, service orchestrator: - -> -  [trace " + otherTrace
            + ", span " + TOOL + ", parent " + otherTrace + "]");
    assertThat(exporter.flush()).isEqualTo(ExportResult.NOTHING);
  }

  @Test
  void theBufferIsBoundedByPrintingTheOldestTraceAsItIsAndCountingIt() {
    LoggingExporter small = new LoggingExporter(out, 2);
    UUID newer = UUID.randomUUID();
    small.export(List.of(
        ended(SpanType.LLM, "generate", LLM, WORKFLOW, 20).data(),
        ended(SpanType.WORKFLOW, "analyse", WORKFLOW, TRACE, 10).data()));
    assertThat(printed()).isEmpty();

    ExportResult result = small.export(List.of(ended(SpanType.TOOL, "t", TOOL, newer, 0).trace(newer).data()));

    assertThat(result).isEqualTo(ExportResult.sent(2));
    assertThat(small.overflowed()).isEqualTo(2);
    assertThat(small.buffered()).isEqualTo(1);
    assertThat(lines()).hasSize(3);
    assertThat(lines().get(0)).isEqualTo("[galileo] trace " + TRACE
        + " (2 spans; partial: buffer full, 2 spans printed before their root)");
  }

  @Test
  void previewsStayOnOneLineAndShort() {
    String longText = "line one\nline \"two\"\t" + "x".repeat(100);
    export(ended(SpanType.TRACE, "multi\nline", TRACE, null, 0).withIo(longText, "ok"));

    assertThat(lines()).hasSize(2);
    assertThat(lines().get(1)).startsWith("  trace \"multi\\nline\" ")
        // 40 characters of escaped text, then an ellipsis.
        .contains(": \"line one\\nline \\\"two\\\"\\t" + "x".repeat(16) + "...\" -> \"ok\"");
  }

  @Test
  void unfinishedSpansAreMarked() {
    export(new Span(SpanType.TRACE, "answer", TRACE, null).state(SpanData.State.UNFINISHED));

    assertThat(lines().get(1)).startsWith("  trace \"answer\" 12.3 ms (unfinished), status -");
  }

  @Test
  void agentFieldsShowOnTheirSpansLines() {
    List<ToolDefinition> twelveTools = new ArrayList<>();
    for (int i = 1; i <= 12; i++) {
      twelveTools.add(ToolDefinition.of("tool_" + i, null, "{}"));
    }
    export(
        ended(SpanType.LLM, "chat", LLM, WORKFLOW, 10).llm(new SpanData.LlmData("gpt-4o", null,
            null, null, null, null, "tool_calls", twelveTools, List.of(
                new LlmEvent.McpCall(null, "srv", "t", null, null, null, null),
                new LlmEvent.Reasoning(null, null, "Summary only.", null),
                LlmEvent.Reasoning.of("second")), null, null, null, null)),
        ended(SpanType.TOOL, "tool_1", TOOL, WORKFLOW, 20).toolCallId("call_1\n"),
        ended(SpanType.AGENT, "agent", WORKFLOW, TRACE, 0).agentType(AgentType.SUPERVISOR));
    export(ended(SpanType.TRACE, "t", TRACE, null, 0));

    assertThat(lines()).contains(
        "    agent \"agent\" 12.3 ms, status -, service orchestrator, agent supervisor: - -> -",
        "      llm \"chat\" 12.3 ms, status -, service orchestrator, finish tool_calls, tools ["
            + "tool_1, tool_2, tool_3, tool_4, tool_5, tool_6, tool_7, tool_8, tool_9, tool_10,"
            + " +2 more], reasoning \"Summary only.\": - -> -",
        "      tool \"tool_1\" 12.3 ms, status -, service orchestrator, tool call call_1\\n: - -> -");
  }

  @Test
  void providersAreFoundByName() {
    List<String> names = new ArrayList<>();
    for (ExporterProvider p : ServiceLoader.load(ExporterProvider.class)) {
      names.add(p.name());
    }
    assertThat(names).contains("logging", "none");
    assertThat(new LoggingExporterProvider().create(null)).isInstanceOf(LoggingExporter.class);
  }

  @Test
  void noneDropsSpansWithoutCountingThemAsFailed() {
    ExportResult result = new NoneExporterProvider().create(null)
        .export(List.of(ended(SpanType.TRACE, "answer", TRACE, null, 0).data()));

    assertThat(result).isEqualTo(ExportResult.NOTHING);
    assertThat(result.failed()).isZero();
  }

  private ExportResult export(Span... spans) {
    List<SpanData> batch = new ArrayList<>();
    for (Span s : spans) {
      batch.add(s.data());
    }
    return exporter.export(batch);
  }

  private String printed() {
    return bytes.toString(StandardCharsets.UTF_8);
  }

  private List<String> lines() {
    String text = printed();
    return text.isEmpty() ? List.of() : List.of(text.split("\n"));
  }

  private static Span ended(SpanType type, String name, UUID id, UUID parent, long startMillis) {
    return new Span(type, name, id, parent).start(startMillis);
  }

  private static Span started(SpanType type, String name, UUID id, UUID parent) {
    return new Span(type, name, id, parent).state(SpanData.State.STARTED);
  }

  /** A snapshot under construction; defaults make a span of {@link #TRACE} that ran 12.3 ms. */
  private static final class Span {
    private final SpanType type;
    private final String name;
    private final UUID id;
    private final UUID parent;
    private UUID traceId = TRACE;
    private boolean remote;
    private Content input;
    private Content output;
    private Integer status;
    private long startMillis;
    private SpanData.State state = SpanData.State.ENDED;
    private SpanData.LlmData llm;
    private AgentType agentType;
    private String toolCallId;

    Span(SpanType type, String name, UUID id, UUID parent) {
      this.type = type;
      this.name = name;
      this.id = id;
      this.parent = parent;
    }

    Span withIo(String in, String out) {
      input = in == null ? null : Content.text(in);
      output = out == null ? null : Content.text(out);
      return this;
    }

    Span status(int code) {
      status = code;
      return this;
    }

    Span remote() {
      remote = true;
      return this;
    }

    Span trace(UUID id) {
      traceId = id;
      return this;
    }

    Span start(long millis) {
      startMillis = millis;
      return this;
    }

    Span state(SpanData.State s) {
      state = s;
      return this;
    }

    Span llm(SpanData.LlmData data) {
      llm = data;
      return this;
    }

    Span agentType(AgentType type) {
      agentType = type;
      return this;
    }

    Span toolCallId(String id) {
      toolCallId = id;
      return this;
    }

    SpanData data() {
      boolean isStart = state == SpanData.State.STARTED;
      return new SpanData(type, name, traceId, id, parent, remote, null, input,
          isStart ? null : output, Map.of("service.name", "orchestrator"), List.of(), status,
          1_700_000_000_000_000_000L + startMillis * 1_000_000L, isStart ? -1 : 12_345_678L,
          state, llm, agentType, toolCallId);
    }
  }
}
