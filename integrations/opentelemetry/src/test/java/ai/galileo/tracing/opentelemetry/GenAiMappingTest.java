package ai.galileo.tracing.opentelemetry;

import static org.assertj.core.api.Assertions.assertThat;

import ai.galileo.tracing.Content;
import ai.galileo.tracing.Galileo;
import ai.galileo.tracing.Role;
import ai.galileo.tracing.Scope;
import ai.galileo.tracing.Span;
import ai.galileo.tracing.SpanType;
import ai.galileo.tracing.core.SpanData;
import ai.galileo.tracing.testing.GalileoTracingExtension;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** OpenTelemetry spans with GenAI / OpenInference attributes become typed Galileo spans. */
class GenAiMappingTest {
  @RegisterExtension
  static final GalileoTracingExtension tracing = GalileoTracingExtension.create();

  @BeforeEach
  void reset() {
    Otel.EXPORTED.reset();
  }

  /** Runs the OpenTelemetry span inside a Galileo workflow span and returns its Galileo record. */
  private static SpanData underGalileo(io.opentelemetry.api.trace.SpanBuilder builder, String name) {
    Span parent = Galileo.tracer().spanBuilder("pipeline", SpanType.WORKFLOW).start();
    try (Scope ignored = parent.makeCurrent()) {
      builder.startSpan().end();
    } finally {
      parent.end();
    }
    SpanData s = tracing.span(name);
    assertThat(s.parentId()).isEqualTo(parent.context().spanId());
    return s;
  }

  @Test
  void aGenAiChatSpanIsAnLlmSpan() {
    SpanData llm = underGalileo(Otel.TRACER.spanBuilder("chat gpt-4o")
        .setSpanKind(SpanKind.CLIENT)
        .setAttribute("gen_ai.operation.name", "chat")
        .setAttribute("gen_ai.provider.name", "openai")
        .setAttribute("gen_ai.request.model", "gpt-4o")
        .setAttribute("gen_ai.response.model", "gpt-4o-2024-08-06")
        .setAttribute("gen_ai.request.temperature", 0.2)
        .setAttribute("gen_ai.usage.input_tokens", 12L)
        .setAttribute("gen_ai.usage.output_tokens", 7L)
        .setAttribute("gen_ai.input.messages",
            "[{\"role\":\"user\",\"parts\":[{\"type\":\"text\",\"content\":\"Who was Galileo?\"}]}]")
        .setAttribute("gen_ai.output.messages",
            "[{\"role\":\"assistant\",\"parts\":[{\"type\":\"text\",\"content\":\"An astronomer.\"}]}]")
        .setAttribute(AttributeKey.stringArrayKey("gen_ai.response.finish_reasons"), List.of("stop")),
        "chat gpt-4o");

    assertThat(llm.type()).isEqualTo(SpanType.LLM);
    assertThat(llm.llm().model()).isEqualTo("gpt-4o-2024-08-06");
    assertThat(llm.llm().inputTokens()).isEqualTo(12L);
    assertThat(llm.llm().outputTokens()).isEqualTo(7L);
    assertThat(llm.llm().totalTokens()).isEqualTo(19L);
    assertThat(llm.llm().temperature()).isEqualTo(0.2);
    Content.Messages in = (Content.Messages) llm.input();
    assertThat(in.messages()).extracting(m -> m.role()).containsExactly(Role.USER);
    assertThat(in.messages().get(0).content()).isEqualTo("Who was Galileo?");
    Content.SingleMessage out = (Content.SingleMessage) llm.output();
    assertThat(out.message().role()).isEqualTo(Role.ASSISTANT);
    assertThat(out.message().content()).isEqualTo("An astronomer.");
    assertThat(llm.metadata())
        .containsEntry("gen_ai.provider.name", "openai")
        .containsEntry("gen_ai.operation.name", "chat")
        .containsEntry("gen_ai.request.model", "gpt-4o")
        .doesNotContainKeys("gen_ai.usage.input_tokens", "gen_ai.input.messages",
            "gen_ai.response.finish_reasons");
    assertThat(llm.llm().finishReason()).isEqualTo("stop");
  }

  @Test
  void genAiMessagesWithPartsGalileoDoesNotHaveStayTextAndNothingIsLost() {
    String toolCall = "[{\"role\":\"assistant\",\"parts\":[{\"type\":\"uri\",\"modality\":\"image\","
        + "\"uri\":\"gs://bucket/pisa.png\"}]}]";
    SpanData llm = underGalileo(Otel.TRACER.spanBuilder("chat tools")
        .setAttribute("gen_ai.operation.name", "chat")
        .setAttribute("input.value", "weather in Pisa?")
        .setAttribute("gen_ai.input.messages", "not json [")
        .setAttribute("gen_ai.output.messages", toolCall), "chat tools");
    assertThat(llm.input()).isEqualTo(Content.text("weather in Pisa?"));
    assertThat(llm.metadata()).containsEntry("gen_ai.input.messages", "not json [");
    assertThat(llm.output()).isEqualTo(Content.text(toolCall));
    assertThat(llm.metadata()).doesNotContainKey("gen_ai.output.messages");
  }

  @Test
  void anOpenInferenceLlmSpanKeepsItsMessages() {
    SpanData llm = underGalileo(Otel.TRACER.spanBuilder("ChatOpenAI")
        .setAttribute("openinference.span.kind", "LLM")
        .setAttribute("llm.model_name", "gpt-4o-mini")
        .setAttribute("llm.token_count.prompt", 20L)
        .setAttribute("llm.token_count.completion", 5L)
        .setAttribute("llm.token_count.total", 25L)
        .setAttribute("llm.input_messages.0.message.role", "system")
        .setAttribute("llm.input_messages.0.message.content", "Be brief.")
        .setAttribute("llm.input_messages.1.message.role", "user")
        .setAttribute("llm.input_messages.1.message.content", "Where did Galileo work?")
        .setAttribute("llm.output_messages.0.message.role", "assistant")
        .setAttribute("llm.output_messages.0.message.content", "Padua."),
        "ChatOpenAI");

    assertThat(llm.type()).isEqualTo(SpanType.LLM);
    assertThat(llm.llm().model()).isEqualTo("gpt-4o-mini");
    assertThat(llm.llm().totalTokens()).isEqualTo(25L);
    Content.Messages in = (Content.Messages) llm.input();
    assertThat(in.messages()).extracting(m -> m.role()).containsExactly(Role.SYSTEM, Role.USER);
    assertThat(in.messages().get(1).content()).isEqualTo("Where did Galileo work?");
    Content.SingleMessage out = (Content.SingleMessage) llm.output();
    assertThat(out.message().role()).isEqualTo(Role.ASSISTANT);
    assertThat(out.message().content()).isEqualTo("Padua.");
    assertThat(llm.metadata()).doesNotContainKeys("llm.input_messages.0.message.content");
  }

  @Test
  void aRetrievalSpanIsARetrieverWithDocuments() {
    SpanData retriever = underGalileo(Otel.TRACER.spanBuilder("vector search")
        .setAttribute("openinference.span.kind", "RETRIEVER")
        .setAttribute("input.value", "Galileo's telescopes")
        .setAttribute("retrieval.documents.0.document.id", "doc-1")
        .setAttribute("retrieval.documents.0.document.content", "In 1609 Galileo built a telescope.")
        .setAttribute("retrieval.documents.0.document.score", 0.92)
        .setAttribute("retrieval.documents.1.document.id", "doc-2")
        .setAttribute("retrieval.documents.1.document.content", "He observed Jupiter's moons.")
        .setAttribute("db.system.name", "qdrant"),
        "vector search");

    assertThat(retriever.type()).isEqualTo(SpanType.RETRIEVER);
    assertThat(retriever.input().asText()).isEqualTo("Galileo's telescopes");
    Content.Documents docs = (Content.Documents) retriever.output();
    assertThat(docs.documents()).extracting(d -> d.content())
        .containsExactly("In 1609 Galileo built a telescope.", "He observed Jupiter's moons.");
    assertThat(docs.documents().get(0).metadata()).containsEntry("id", "doc-1").containsEntry("score", 0.92);
    assertThat(retriever.metadata()).containsEntry("db.system.name", "qdrant");
  }

  @Test
  void toolAgentAndPlainSpans() {
    SpanData tool = underGalileo(Otel.TRACER.spanBuilder("execute_tool get_weather")
        .setAttribute("gen_ai.operation.name", "execute_tool")
        .setAttribute("gen_ai.tool.name", "get_weather")
        .setAttribute("gen_ai.tool.call.arguments", "{\"city\":\"Pisa\"}")
        .setAttribute("gen_ai.tool.call.result", "sunny"),
        "execute_tool get_weather");
    assertThat(tool.type()).isEqualTo(SpanType.TOOL);
    assertThat(tool.input().asText()).isEqualTo("{\"city\":\"Pisa\"}");
    assertThat(tool.output().asText()).isEqualTo("sunny");
    assertThat(tool.metadata()).containsEntry("gen_ai.tool.name", "get_weather");

    SpanData agent = underGalileo(Otel.TRACER.spanBuilder("invoke_agent planner")
        .setAttribute("gen_ai.operation.name", "invoke_agent"), "invoke_agent planner");
    assertThat(agent.type()).isEqualTo(SpanType.AGENT);

    SpanData chain = underGalileo(Otel.TRACER.spanBuilder("chain")
        .setAttribute("openinference.span.kind", "CHAIN")
        .setAttribute("output.value", "done"), "chain");
    assertThat(chain.type()).isEqualTo(SpanType.WORKFLOW);
    assertThat(chain.output().asText()).isEqualTo("done");

    SpanData plain = underGalileo(Otel.TRACER.spanBuilder("SELECT docs")
        .setAttribute("db.query.text", "SELECT 1"), "SELECT docs");
    assertThat(plain.type()).isEqualTo(SpanType.WORKFLOW);
    assertThat(plain.input()).isNull();
    assertThat(plain.metadata()).containsEntry("db.query.text", "SELECT 1");
  }

  @Test
  void anErrorStatusBecomesAFailedSpan() {
    Span parent = Galileo.tracer().spanBuilder("pipeline", SpanType.WORKFLOW).start();
    try (Scope ignored = parent.makeCurrent()) {
      io.opentelemetry.api.trace.Span s = Otel.TRACER.spanBuilder("flaky").startSpan();
      s.setStatus(StatusCode.ERROR, "timed out");
      s.end();
      Otel.TRACER.spanBuilder("served").setAttribute("http.response.status_code", 404L).startSpan().end();
      io.opentelemetry.api.trace.Span thrown = Otel.TRACER.spanBuilder("thrown").startSpan();
      thrown.recordException(new IllegalStateException("no index"));
      thrown.end();
    } finally {
      parent.end();
    }
    assertThat(tracing.span("flaky").statusCode()).isEqualTo(500);
    assertThat(tracing.span("flaky").metadata()).containsEntry("otel.status_description", "timed out");
    assertThat(tracing.span("served").statusCode()).isEqualTo(404);
    assertThat(tracing.span("served").metadata()).doesNotContainKey("error.type");
    assertThat(tracing.span("thrown").statusCode()).isEqualTo(500);
    assertThat(tracing.span("thrown").metadata())
        .containsEntry("error.type", "java.lang.IllegalStateException")
        .containsEntry("error.message", "no index");
  }
}
