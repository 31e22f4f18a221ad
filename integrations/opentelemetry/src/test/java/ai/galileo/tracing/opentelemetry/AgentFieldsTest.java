package ai.galileo.tracing.opentelemetry;

import static org.assertj.core.api.Assertions.assertThat;

import ai.galileo.tracing.AgentType;
import ai.galileo.tracing.Content;
import ai.galileo.tracing.Galileo;
import ai.galileo.tracing.LlmEvent;
import ai.galileo.tracing.Message;
import ai.galileo.tracing.Role;
import ai.galileo.tracing.Scope;
import ai.galileo.tracing.Span;
import ai.galileo.tracing.SpanType;
import ai.galileo.tracing.ToolCall;
import ai.galileo.tracing.ToolDefinition;
import ai.galileo.tracing.core.SpanData;
import ai.galileo.tracing.testing.GalileoTracingExtension;
import io.opentelemetry.api.common.AttributeKey;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * OpenTelemetry spans from other instrumentation, with the GenAI conventions' or OpenInference's
 * attributes for what Galileo's agent views read, become Galileo spans with those fields set; and
 * code that sets them on OpenTelemetry's current span while a Galileo span is current sets them on
 * the Galileo span.
 */
class AgentFieldsTest {
  static final String SCHEMA = "{\"type\":\"object\",\"properties\":{\"city\":{\"type\":\"string\"}}}";

  @RegisterExtension
  static final GalileoTracingExtension tracing = GalileoTracingExtension.create();

  @BeforeEach
  void reset() {
    Otel.EXPORTED.reset();
  }

  private static SpanData underGalileo(io.opentelemetry.api.trace.SpanBuilder builder, String name) {
    Span parent = Galileo.tracer().spanBuilder("pipeline", SpanType.WORKFLOW).start();
    try (Scope ignored = parent.makeCurrent()) {
      builder.startSpan().end();
    } finally {
      parent.end();
    }
    return tracing.span(name);
  }

  @Test
  void aGenAiChatSpanCarriesItsFinishReasonToolsReasoningToolCallsAndTokenDetails() {
    SpanData llm = underGalileo(Otel.TRACER.spanBuilder("chat gpt-4o")
        .setAttribute("gen_ai.operation.name", "chat")
        .setAttribute(AttributeKey.stringArrayKey("gen_ai.response.finish_reasons"), List.of("tool_calls"))
        .setAttribute("gen_ai.tool.definitions", "[{\"type\":\"function\",\"name\":\"get_weather\","
            + "\"description\":\"The weather\",\"parameters\":" + SCHEMA + "},"
            + "{\"type\":\"function\",\"function\":{\"name\":\"clock\"}}]")
        .setAttribute("gen_ai.output.messages", "[{\"role\":\"assistant\",\"parts\":["
            + "{\"type\":\"reasoning\",\"content\":\"Needs the tool.\"},"
            + "{\"type\":\"text\",\"content\":\"Checking.\"},"
            + "{\"type\":\"tool_call\",\"id\":\"call_7\",\"name\":\"get_weather\",\"arguments\":{\"city\":\"Pisa\"}}]}]")
        .setAttribute("gen_ai.input.messages", "[{\"role\":\"tool\",\"parts\":[{\"type\":\"tool_call_response\","
            + "\"id\":\"call_6\",\"response\":\"rain\"}]}]")
        .setAttribute("gen_ai.usage.image.input_tokens", 85L)
        .setAttribute("gen_ai.usage.audio.input_tokens", 12L)
        .setAttribute("gen_ai.usage.audio.output_tokens", 30L), "chat gpt-4o");

    SpanData.LlmData d = llm.llm();
    assertThat(d.finishReason()).isEqualTo("tool_calls");
    assertThat(d.tools()).containsExactly(ToolDefinition.of("get_weather", "The weather", SCHEMA),
        ToolDefinition.of("clock", null, null));
    assertThat(d.events()).containsExactly(LlmEvent.Reasoning.of("Needs the tool."));
    assertThat(d.imageInputTokens()).isEqualTo(85L);
    assertThat(d.imageOutputTokens()).isNull();
    assertThat(d.audioInputTokens()).isEqualTo(12L);
    assertThat(d.audioOutputTokens()).isEqualTo(30L);
    Message out = ((Content.SingleMessage) llm.output()).message();
    assertThat(out.content()).isEqualTo("Checking.");
    assertThat(out.toolCalls()).containsExactly(new ToolCall("call_7", "get_weather", "{\"city\":\"Pisa\"}"));
    Message in = ((Content.Messages) llm.input()).messages().get(0);
    assertThat(in).isEqualTo(Message.tool("rain", "call_6"));
    assertThat(llm.metadata()).doesNotContainKeys("gen_ai.response.finish_reasons",
        "gen_ai.tool.definitions", "gen_ai.output.messages", "gen_ai.usage.image.input_tokens");
  }

  @Test
  void anOpenInferenceLlmSpanCarriesItsToolsReasoningAndToolCalls() {
    String oi = "llm.output_messages.0.message.";
    SpanData llm = underGalileo(Otel.TRACER.spanBuilder("ChatOpenAI")
        .setAttribute("openinference.span.kind", "LLM")
        .setAttribute("llm.finish_reason", "stop")
        .setAttribute("llm.tools.0.tool.json_schema", "{\"type\":\"function\",\"function\":"
            + "{\"name\":\"get_weather\",\"description\":\"The weather\",\"parameters\":" + SCHEMA + "}}")
        .setAttribute("llm.tools.1.tool.name", "clock")
        .setAttribute(oi + "role", "assistant")
        .setAttribute(oi + "contents.0.message_content.type", "reasoning")
        .setAttribute(oi + "contents.0.message_content.text", "Thinking.")
        .setAttribute(oi + "contents.0.message_content.id", "rs_1")
        .setAttribute(oi + "contents.1.message_content.type", "text")
        .setAttribute(oi + "contents.1.message_content.text", "Sunny.")
        .setAttribute(oi + "tool_calls.0.tool_call.id", "call_1")
        .setAttribute(oi + "tool_calls.0.tool_call.function.name", "get_weather")
        .setAttribute(oi + "tool_calls.0.tool_call.function.arguments", "{}")
        .setAttribute("llm.token_count.prompt_details.audio", 3L)
        .setAttribute("llm.token_count.completion_details.image", 4L), "ChatOpenAI");

    SpanData.LlmData d = llm.llm();
    assertThat(d.finishReason()).isEqualTo("stop");
    assertThat(d.tools()).containsExactly(ToolDefinition.of("get_weather", "The weather", SCHEMA),
        ToolDefinition.of("clock", null, null));
    assertThat(d.events()).containsExactly(new LlmEvent.Reasoning("rs_1", "Thinking.", null, null));
    assertThat(d.audioInputTokens()).isEqualTo(3L);
    assertThat(d.imageOutputTokens()).isEqualTo(4L);
    Message out = ((Content.SingleMessage) llm.output()).message();
    assertThat(out.role()).isEqualTo(Role.ASSISTANT);
    assertThat(out.content()).isEqualTo("Sunny.");
    assertThat(out.toolCalls()).containsExactly(new ToolCall("call_1", "get_weather", "{}"));
    assertThat(llm.metadata()).doesNotContainKeys("llm.finish_reason", "llm.tools.0.tool.json_schema",
        "llm.tools.1.tool.name", oi + "contents.0.message_content.text");
  }

  @Test
  void toolSpansCarryTheirCallIdAndAgentSpansTheirNameAndType() {
    SpanData tool = underGalileo(Otel.TRACER.spanBuilder("execute_tool get_weather")
        .setAttribute("gen_ai.operation.name", "execute_tool")
        .setAttribute("gen_ai.tool.call.id", "call_7"), "execute_tool get_weather");
    assertThat(tool.toolCallId()).isEqualTo("call_7");
    assertThat(tool.metadata()).doesNotContainKey("gen_ai.tool.call.id");

    SpanData oiTool = underGalileo(Otel.TRACER.spanBuilder("lookup")
        .setAttribute("openinference.span.kind", "TOOL")
        .setAttribute("tool.id", "call_8"), "lookup");
    assertThat(oiTool.toolCallId()).isEqualTo("call_8");

    SpanData agent = underGalileo(Otel.TRACER.spanBuilder("invoke_agent Weather")
        .setAttribute("gen_ai.operation.name", "invoke_agent")
        .setAttribute("gen_ai.agent.name", "Weather")
        .setAttribute("galileo.agent.type", "router"), "Weather");
    assertThat(agent.type()).isEqualTo(SpanType.AGENT);
    assertThat(agent.agentType()).isEqualTo(AgentType.ROUTER);
    assertThat(agent.metadata()).containsEntry("otel.span.name", "invoke_agent Weather")
        .doesNotContainKeys("gen_ai.agent.name", "galileo.agent.type");

    SpanData plain = underGalileo(Otel.TRACER.spanBuilder("researcher")
        .setAttribute("openinference.span.kind", "AGENT")
        .setAttribute("agent.name", "researcher"), "researcher");
    assertThat(plain.agentType()).isNull();
    assertThat(plain.metadata()).doesNotContainKeys("agent.name", "otel.span.name");
  }

  @Test
  void valuesThatCannotBeReadStayMetadata() {
    SpanData llm = underGalileo(Otel.TRACER.spanBuilder("chat")
        .setAttribute("gen_ai.operation.name", "chat")
        .setAttribute("gen_ai.tool.definitions", "[{\"description\":\"no name\"}]")
        .setAttribute("llm.tools.0.tool.description", "nameless")
        .setAttribute(AttributeKey.stringArrayKey("gen_ai.response.finish_reasons"), List.of("stop", "length"))
        .setAttribute("gen_ai.output.messages", "[{\"role\":\"assistant\",\"parts\":["
            + "{\"type\":\"blob\",\"modality\":\"image\",\"content\":\"AAAA\"}]}]"), "chat");
    assertThat(llm.llm().tools()).isEmpty();
    assertThat(llm.llm().finishReason()).isEqualTo("stop");
    assertThat(llm.output()).isInstanceOf(Content.Text.class); // a blob part: kept as its JSON
    assertThat(llm.metadata())
        .containsEntry("gen_ai.tool.definitions", "[{\"description\":\"no name\"}]")
        .containsEntry("llm.tools.0.tool.description", "nameless")
        .containsEntry("gen_ai.response.finish_reasons", "[stop, length]");

    SpanData agent = underGalileo(Otel.TRACER.spanBuilder("agent")
        .setAttribute("openinference.span.kind", "AGENT")
        .setAttribute("galileo.agent.type", "wizard"), "agent");
    assertThat(agent.agentType()).isNull();
    assertThat(agent.metadata()).containsEntry("galileo.agent.type", "wizard");

    SpanData workflow = underGalileo(Otel.TRACER.spanBuilder("step")
        .setAttribute("gen_ai.tool.call.id", "call_1")
        .setAttribute("galileo.agent.type", "react"), "step");
    assertThat(workflow.toolCallId()).isNull();
    assertThat(workflow.agentType()).isNull();
    assertThat(workflow.metadata()).containsEntry("gen_ai.tool.call.id", "call_1")
        .containsEntry("galileo.agent.type", "react");
  }

  @Test
  void settingTheseAttributesOnOpenTelemetrysCurrentSpanSetsThemOnTheGalileoSpan() {
    Span trace = Galileo.tracer().traceBuilder("question").start();
    Span agent = Galileo.tracer().spanBuilder("agent", SpanType.AGENT).setParent(
        ai.galileo.tracing.Context.current().with(trace)).start();
    try (Scope a = agent.makeCurrent()) {
      io.opentelemetry.api.trace.Span.current().setAttribute("galileo.agent.type", "planner");
      Span llm = Galileo.tracer().spanBuilder("llm", SpanType.LLM).start();
      try (Scope l = llm.makeCurrent()) {
        io.opentelemetry.api.trace.Span current = io.opentelemetry.api.trace.Span.current();
        current.setAttribute(AttributeKey.stringArrayKey("gen_ai.response.finish_reasons"), List.of("length"));
        current.setAttribute("gen_ai.tool.definitions", "[{\"name\":\"clock\"}]");
        current.setAttribute("gen_ai.tool.definitions", "not json"); // ignored, never thrown
        current.setAttribute("app.other", "ignored");
      } finally {
        llm.end();
      }
      Span tool = Galileo.tracer().spanBuilder("tool", SpanType.TOOL).start();
      try (Scope t = tool.makeCurrent()) {
        io.opentelemetry.api.trace.Span.current().setAttribute("gen_ai.tool.call.id", "call_3");
      } finally {
        tool.end();
      }
    } finally {
      agent.end();
      trace.end();
    }
    assertThat(tracing.span("agent").agentType()).isEqualTo(AgentType.PLANNER);
    SpanData llm = tracing.span("llm");
    assertThat(llm.llm().finishReason()).isEqualTo("length");
    assertThat(llm.llm().tools()).containsExactly(ToolDefinition.of("clock", null, null));
    assertThat(llm.metadata()).doesNotContainKey("app.other");
    assertThat(tracing.span("tool").toolCallId()).isEqualTo("call_3");
  }
}
