package ai.galileo.tracing.benchmarks;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.ToolExecutionResultMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.listener.ChatModelErrorContext;
import dev.langchain4j.model.chat.listener.ChatModelListener;
import dev.langchain4j.model.chat.listener.ChatModelRequestContext;
import dev.langchain4j.model.chat.listener.ChatModelResponseContext;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The peer of {@code LangChain4jBenchmarks}: a chat model listener that does, per call, the work
 * OpenInference's LangChain4j instrumentation (com.arize:openinference-instrumentation-langchain4j)
 * does, written here because that artifact does not resolve from this build's repository. One
 * OpenTelemetry span per call with OpenInference's attributes: span kind, model, system, provider,
 * the invocation parameters as JSON, each input message's role and content as indexed attributes,
 * the whole input again as a JSON string, the output message, token counts and the finish reason.
 * Like OpenInference it keeps the span in a map keyed by the {@code ChatRequest} (its equals and
 * hashCode), not in the listener attributes.
 */
final class OpenInferenceShapedListener implements ChatModelListener {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final AttributeKey<String> SPAN_KIND = AttributeKey.stringKey("openinference.span.kind");
  private static final AttributeKey<String> MODEL = AttributeKey.stringKey("llm.model_name");
  private static final AttributeKey<String> SYSTEM = AttributeKey.stringKey("llm.system");
  private static final AttributeKey<String> PROVIDER = AttributeKey.stringKey("llm.provider");
  private static final AttributeKey<String> PARAMS = AttributeKey.stringKey("llm.invocation_parameters");
  private static final AttributeKey<String> INPUT = AttributeKey.stringKey("input.value");
  private static final AttributeKey<String> INPUT_TYPE = AttributeKey.stringKey("input.mime_type");
  private static final AttributeKey<String> OUTPUT = AttributeKey.stringKey("output.value");
  private static final AttributeKey<String> OUTPUT_TYPE = AttributeKey.stringKey("output.mime_type");
  private static final AttributeKey<Long> PROMPT_TOKENS = AttributeKey.longKey("llm.token_count.prompt");
  private static final AttributeKey<Long> COMPLETION_TOKENS = AttributeKey.longKey("llm.token_count.completion");
  private static final AttributeKey<Long> TOTAL_TOKENS = AttributeKey.longKey("llm.token_count.total");
  private static final AttributeKey<List<String>> FINISH = AttributeKey.stringArrayKey("llm.response.finish_reasons");

  private final Tracer tracer;
  private final Map<ChatRequest, Span> open = new ConcurrentHashMap<>();

  OpenInferenceShapedListener(Tracer tracer) {
    this.tracer = tracer;
  }

  @Override
  public void onRequest(ChatModelRequestContext context) {
    ChatRequest request = context.chatRequest();
    Span span = tracer.spanBuilder("generate").setParent(Context.current()).setSpanKind(SpanKind.CLIENT).startSpan();
    span.setAttribute(SPAN_KIND, "LLM");
    span.setAttribute(MODEL, request.modelName() == null ? "unknown" : request.modelName());
    span.setAttribute(SYSTEM, "langchain4j");
    span.setAttribute(PROVIDER, "openai");
    Map<String, Object> params = new LinkedHashMap<>();
    if (request.temperature() != null) {
      params.put("temperature", request.temperature());
    }
    if (request.maxOutputTokens() != null) {
      params.put("max_tokens", request.maxOutputTokens());
    }
    try {
      span.setAttribute(PARAMS, JSON.writeValueAsString(params));
      List<ChatMessage> messages = request.messages();
      List<Map<String, Object>> asMaps = new ArrayList<>(messages.size());
      for (int i = 0; i < messages.size(); i++) {
        ChatMessage m = messages.get(i);
        String prefix = "llm.input_messages." + i + ".";
        span.setAttribute(AttributeKey.stringKey(prefix + "message.role"), role(m));
        span.setAttribute(AttributeKey.stringKey(prefix + "message.content"), m.toString());
        asMaps.add(asMap(m));
      }
      span.setAttribute(INPUT, JSON.writeValueAsString(asMaps));
      span.setAttribute(INPUT_TYPE, "application/json");
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
    open.put(request, span);
  }

  @Override
  public void onResponse(ChatModelResponseContext context) {
    Span span = open.remove(context.chatRequest());
    if (span == null) {
      return;
    }
    ChatResponse response = context.chatResponse();
    try (Scope ignored = Context.current().with(span).makeCurrent()) {
      if (response.finishReason() != null) {
        span.setAttribute(FINISH, List.of(response.finishReason().name()));
      }
      AiMessage ai = response.aiMessage();
      span.setAttribute(AttributeKey.stringKey("llm.output_messages.0.message.role"), "assistant");
      span.setAttribute(AttributeKey.stringKey("llm.output_messages.0.message.content"), ai.text());
      span.setAttribute(OUTPUT, ai.text());
      span.setAttribute(OUTPUT_TYPE, "text/plain");
      if (response.tokenUsage() != null) {
        span.setAttribute(PROMPT_TOKENS, (long) response.tokenUsage().inputTokenCount());
        span.setAttribute(COMPLETION_TOKENS, (long) response.tokenUsage().outputTokenCount());
        span.setAttribute(TOTAL_TOKENS, (long) response.tokenUsage().totalTokenCount());
      }
      span.setStatus(StatusCode.OK);
    } finally {
      span.end();
    }
  }

  @Override
  public void onError(ChatModelErrorContext context) {
    Span span = open.remove(context.chatRequest());
    if (span != null) {
      span.recordException(context.error());
      span.setStatus(StatusCode.ERROR, context.error().getMessage());
      span.end();
    }
  }

  private static String role(ChatMessage m) {
    return switch (m.type()) {
      case SYSTEM -> "system";
      case USER -> "user";
      case AI -> "assistant";
      case TOOL_EXECUTION_RESULT -> "tool";
      default -> m.type().name().toLowerCase(java.util.Locale.ROOT);
    };
  }

  private static Map<String, Object> asMap(ChatMessage m) {
    Map<String, Object> map = new LinkedHashMap<>();
    map.put("role", role(m));
    if (m instanceof SystemMessage s) {
      map.put("content", s.text());
    } else if (m instanceof UserMessage u) {
      map.put("content", u.singleText());
    } else if (m instanceof AiMessage a) {
      map.put("content", a.text());
      if (a.hasToolExecutionRequests()) {
        List<Map<String, Object>> calls = new ArrayList<>();
        for (ToolExecutionRequest r : a.toolExecutionRequests()) {
          calls.add(Map.of("id", r.id(), "function", Map.of("name", r.name(), "arguments", r.arguments())));
        }
        map.put("content", Map.of("tool_calls", calls));
      }
    } else if (m instanceof ToolExecutionResultMessage t) {
      map.put("content", t.text());
      map.put("tool_call_id", t.id());
    }
    return map;
  }
}
