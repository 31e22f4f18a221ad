package ai.galileo.tracing.langchain4j.internal;

import ai.galileo.tracing.Content;
import ai.galileo.tracing.Context;
import ai.galileo.tracing.LlmEvent;
import ai.galileo.tracing.Span;
import ai.galileo.tracing.SpanBuilder;
import ai.galileo.tracing.SpanType;
import ai.galileo.tracing.Tracer;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.exception.HttpException;
import dev.langchain4j.model.ModelProvider;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.request.ChatRequestParameters;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.ChatResponseMetadata;
import dev.langchain4j.model.output.TokenUsage;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * One chat call as an {@code LLM} span: what is known when the request leaves (messages, model,
 * temperature, the tools offered) and what the response adds (the answer, tool calls, reasoning,
 * tokens, finish reason). Only what LangChain4j reports is recorded: a provider that sends no
 * token counts gets none.
 *
 * <p>Internal: not part of the public API and may change without notice.
 */
final class LlmSpans {
  private LlmSpans() {}

  /** Starts the span of a request whose parameters are final (the model's defaults applied). */
  static Span start(Tracer tracer, Context parent, ChatRequest request, ModelProvider provider,
      Instant startedAt) {
    return start(tracer, parent, request.messages(), request.parameters(), provider, startedAt);
  }

  /** Starts the span of a request, with the parameters the model will use. */
  static Span start(Tracer tracer, Context parent, List<ChatMessage> messages,
      ChatRequestParameters p, ModelProvider provider, Instant startedAt) {
    String model = p == null ? null : p.modelName();
    SpanBuilder b = tracer.spanBuilder(model == null ? "chat" : "chat " + model, SpanType.LLM)
        .setParent(parent)
        .setInput(Messages.conversation(messages))
        .setModel(model);
    if (provider != null) {
      b.setMetadata("provider", provider.name().toLowerCase(Locale.ROOT));
    }
    if (startedAt != null) {
      b.setStartTimestamp(startedAt);
    }
    Span span = b.start();
    if (p != null) {
      if (p.temperature() != null) {
        span.setTemperature(p.temperature());
      }
      if (p.maxOutputTokens() != null) {
        span.setMetadata("max_output_tokens", p.maxOutputTokens().toString());
      }
      if (p.toolSpecifications() != null && !p.toolSpecifications().isEmpty()) {
        span.setTools(ToolDefinitions.of(p.toolSpecifications()));
      }
    }
    return span;
  }

  /** Records the response and ends the span. */
  static void end(Span span, ChatResponse response) {
    AiMessage answer = response.aiMessage();
    if (answer != null) {
      if (answer.thinking() != null && !answer.thinking().isEmpty()) {
        span.addEvent(LlmEvent.Reasoning.of(answer.thinking()));
      }
      span.setOutput(Content.message(Messages.message(answer)));
    }
    ChatResponseMetadata m = response.metadata();
    if (m != null) {
      if (m.modelName() != null) {
        span.setModel(m.modelName()); // the model that answered, such as a dated snapshot
      }
      if (m.id() != null) {
        span.setMetadata("response_id", m.id());
      }
      String finish = FinishReasons.of(m);
      if (finish != null) {
        span.setFinishReason(finish);
      }
      tokens(span, m.tokenUsage());
    }
    span.setStatusCode(200);
    span.end();
  }

  /** Records the failure, with the HTTP status when the provider answered with one, and ends. */
  static void fail(Span span, Throwable error) {
    Integer status = httpStatus(error);
    if (status != null) {
      span.setStatusCode(status);
    }
    span.recordError(error);
    span.end();
  }

  private static void tokens(Span span, TokenUsage usage) {
    if (usage == null) {
      return;
    }
    Integer in = usage.inputTokenCount();
    Integer out = usage.outputTokenCount();
    // The API sets the two together: when the provider reported only one, neither is guessed.
    if (in != null && out != null) {
      span.setTokens(in, out);
    }
    if (usage.totalTokenCount() != null) {
      span.setTotalTokens(usage.totalTokenCount());
    }
  }

  /** The status of the HTTP answer behind the error (LangChain4j wraps it), or null. */
  static Integer httpStatus(Throwable error) {
    Throwable t = error;
    for (int depth = 0; t != null && depth < 16; depth++, t = t.getCause()) {
      if (t instanceof HttpException http) {
        return http.statusCode();
      }
    }
    return null;
  }
}
