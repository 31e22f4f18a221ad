package ai.galileo.tracing.core;

import static org.assertj.core.api.Assertions.assertThat;

import ai.galileo.tracing.AgentType;
import ai.galileo.tracing.Context;
import ai.galileo.tracing.LlmEvent;
import ai.galileo.tracing.Span;
import ai.galileo.tracing.SpanType;
import ai.galileo.tracing.ToolDefinition;
import ai.galileo.tracing.core.internal.RecordingSpan;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** What a span records of the agent fields, as its snapshots carry them to every exporter. */
class AgentFieldsRecordingTest {
  private final RecordingProcessor recorded = new RecordingProcessor();
  private final GalileoTracer tracer = GalileoTracer.builder()
      .config(GalileoTracerTest.quiet().serviceName("agent").build())
      .addSpanProcessor(recorded)
      .build();

  @AfterEach
  void close() {
    tracer.close();
  }

  @Test
  void anLlmSpanKeepsItsToolsEventsFinishReasonAndTokensWithJsonCheckedWhenSet() {
    Span trace = tracer.traceBuilder("t").start();
    Span llm = tracer.spanBuilder("chat", SpanType.LLM).setParent(Context.root().with(trace))
        .start();
    List<ToolDefinition> offered = new ArrayList<>(Arrays.asList(
        ToolDefinition.of("get_weather", "weather", "{\"type\":\"object\"}"), null,
        ToolDefinition.of("broken", null, "{\"type\":")));
    llm.setTools(offered);
    offered.clear(); // the caller's list is theirs
    llm.addEvent(LlmEvent.Reasoning.of("thinking")).addEvent(null)
        .addEvent(new LlmEvent.McpCall("m", "srv", "tool", "[1]", "done", null, null));
    llm.setFinishReason("tool_calls").setFinishReason(null);
    llm.setImageTokens(85, 0).setAudioTokens(40, 12);
    llm.end();
    trace.end();

    SpanData.LlmData data = recorded.ended("chat").llm();
    assertThat(data.finishReason()).isEqualTo("tool_calls");
    assertThat(data.tools()).containsExactly(
        ToolDefinition.of("get_weather", "weather", "{\"type\":\"object\"}"),
        ToolDefinition.of("broken", null, "\"{\\\"type\\\":\""));
    assertThat(data.events()).containsExactly(LlmEvent.Reasoning.of("thinking"),
        new LlmEvent.McpCall("m", "srv", "tool", "[1]", "\"done\"", null, null));
    assertThat(List.of(data.imageInputTokens(), data.imageOutputTokens(),
        data.audioInputTokens(), data.audioOutputTokens())).containsExactly(85L, 0L, 40L, 12L);
  }

  @Test
  void eventsAddedAfterASnapshotDoNotShowInIt() {
    Span trace = tracer.traceBuilder("t").start();
    Span llm = tracer.spanBuilder("chat", SpanType.LLM).setParent(Context.root().with(trace))
        .start();
    llm.addEvent(LlmEvent.Reasoning.of("first"));
    SpanData before = ((RecordingSpan) llm).unfinishedSnapshot();
    llm.addEvent(LlmEvent.Reasoning.of("second"));
    llm.end();
    trace.end();

    assertThat(before.llm().events()).containsExactly(LlmEvent.Reasoning.of("first"));
    assertThat(recorded.ended("chat").llm().events()).hasSize(2);
  }

  @Test
  void agentTypeAndToolCallIdFromTheBuilderAreInTheStartSnapshot() {
    Span trace = tracer.traceBuilder("t").start();
    Span agent = tracer.spanBuilder("agent", SpanType.AGENT).setParent(Context.root().with(trace))
        .setAgentType(AgentType.REACT).start();
    Span tool = tracer.spanBuilder("get_weather", SpanType.TOOL)
        .setParent(Context.root().with(agent)).setToolCallId("call_1").start();
    tool.end("18 C");
    agent.end();
    trace.end();

    SpanData agentStart = recorded.started.stream().filter(s -> s.name().equals("agent"))
        .findFirst().orElseThrow();
    SpanData toolStart = recorded.started.stream().filter(s -> s.name().equals("get_weather"))
        .findFirst().orElseThrow();
    assertThat(agentStart.agentType()).isEqualTo(AgentType.REACT);
    assertThat(toolStart.toolCallId()).isEqualTo("call_1");
    assertThat(recorded.ended("agent").agentType()).isEqualTo(AgentType.REACT);
    assertThat(recorded.ended("get_weather").toolCallId()).isEqualTo("call_1");
  }

  @Test
  void settersAfterTheEndChangeNothing() {
    Span agent = tracer.traceBuilder("t").start();
    agent.end();
    agent.setAgentType(AgentType.JUDGE).setToolCallId("late").setFinishReason("stop")
        .setTools(List.of(ToolDefinition.of("x", null, null)))
        .addEvent(LlmEvent.Reasoning.of("late"));

    SpanData end = recorded.ended("t");
    assertThat(end.agentType()).isNull();
    assertThat(end.toolCallId()).isNull();
    assertThat(end.llm()).isNull();
  }
}
