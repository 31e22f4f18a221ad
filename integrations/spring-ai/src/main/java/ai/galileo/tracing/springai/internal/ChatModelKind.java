package ai.galileo.tracing.springai.internal;

import ai.galileo.tracing.Content;
import ai.galileo.tracing.Context;
import ai.galileo.tracing.LlmEvent;
import ai.galileo.tracing.Span;
import ai.galileo.tracing.SpanBuilder;
import ai.galileo.tracing.SpanContext;
import ai.galileo.tracing.SpanType;
import ai.galileo.tracing.ToolDefinition;
import ai.galileo.tracing.Tracer;
import io.micrometer.observation.Observation;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.springframework.ai.chat.metadata.ChatGenerationMetadata;
import org.springframework.ai.chat.metadata.ChatResponseMetadata;
import org.springframework.ai.chat.model.ChatResponse;
import org.springframework.ai.chat.model.Generation;
import org.springframework.ai.chat.observation.ChatModelObservationContext;
import org.springframework.ai.chat.prompt.ChatOptions;
import org.springframework.ai.chat.prompt.Prompt;
import org.springframework.ai.model.tool.ToolCallingChatOptions;

/**
 * {@code gen_ai.client.operation} (a {@link ChatModelObservationContext}): one {@code LLM} span per
 * chat model call, sync or streaming. At the start: the prompt's messages with their roles and tool
 * calls, the model, the temperature and the tools offered ({@link OfferedTools}). At the stop: the
 * answer (with the tool calls it asks for), the model that answered, the response id, the finish
 * reason, the reasoning ({@link Reasoning}) and the token counts the provider reported (see
 * {@link ToolLoopUsage}).
 *
 * <p>Internal: not part of the public API and may change without notice.
 */
final class ChatModelKind implements ObservationKind {
  /** Where the span of the call's parent is kept in its observation context, on Spring AI 1.x. */
  private static final Object PARENT = new Object() {
    @Override
    public String toString() {
      return "galileo.parent";
    }
  };

  @Override
  public boolean handles(Observation.Context observation) {
    return observation instanceof ChatModelObservationContext;
  }

  @Override
  public Span start(Tracer tracer, Observation.Context observation, Context parent) {
    ChatModelObservationContext chat = (ChatModelObservationContext) observation;
    Prompt prompt = chat.getRequest();
    ChatOptions options = prompt.getOptions();
    String model = options == null ? null : blankToNull(options.getModel());
    SpanBuilder b = tracer.spanBuilder(model == null ? "chat" : "chat " + model, SpanType.LLM)
        .setParent(parent)
        .setInput(Messages.conversation(prompt.getInstructions()))
        .setModel(model);
    if (chat.getOperationMetadata() != null && chat.getOperationMetadata().provider() != null) {
      b.setMetadata("provider", chat.getOperationMetadata().provider());
    }
    Span span = b.start();
    // The span is started: whatever follows does, it is returned, so that it is ended.
    if (!ToolKind.REPORTS_TOOL_CALL_ID) {
      // Where this call's tools will start, on Spring AI 1.x (see ToolCallIds).
      Guard.run("ChatModelKind.parent", () -> observation.put(PARENT, parent.span().context()));
    }
    if (options != null) {
      Guard.run("ChatModelKind.options", () -> settings(span, options));
    }
    return span;
  }

  private static void settings(Span span, ChatOptions options) {
    if (options.getTemperature() != null) {
      span.setTemperature(options.getTemperature());
    }
    if (options.getMaxTokens() != null) {
      span.setMetadata("max_tokens", options.getMaxTokens().toString());
    }
    if (options.getTopP() != null) {
      span.setMetadata("top_p", options.getTopP().toString());
    }
    if (options instanceof ToolCallingChatOptions tools) {
      List<ToolDefinition> offered = OfferedTools.of(tools);
      if (!offered.isEmpty()) {
        span.setTools(offered);
      }
    }
  }

  @Override
  public void stop(Span span, Observation.Context observation) {
    ChatModelObservationContext chat = (ChatModelObservationContext) observation;
    ChatResponse response = chat.getResponse();
    if (response == null) {
      return;
    }
    Content answer = Messages.answer(response);
    if (answer != null) {
      span.setOutput(answer);
    }
    String finish = finishReasons(response.getResults());
    if (finish != null) {
      span.setFinishReason(finish);
    }
    // Each on its own: an answer whose reasoning cannot be read still gets its counts.
    Guard.run("ChatModelKind.reasoning", () -> {
      for (LlmEvent reasoning : Reasoning.events(response)) {
        span.addEvent(reasoning);
      }
    });
    if (!ToolKind.REPORTS_TOOL_CALL_ID) {
      Guard.run("ChatModelKind.toolCallIds",
          () -> ToolCallIds.remember(observation.get(PARENT) instanceof SpanContext p ? p : null, response));
    }
    ChatResponseMetadata metadata = response.getMetadata();
    if (metadata != null) {
      String model = blankToNull(metadata.getModel());
      if (model != null) {
        span.setModel(model); // the model that answered, such as a dated snapshot
      }
      String id = blankToNull(metadata.getId());
      if (id != null) {
        span.setMetadata("response_id", id);
      }
    }
    ToolLoopUsage.Tokens tokens = ToolLoopUsage.of(chat.getRequest(), response);
    ToolLoopUsage.remember(response);
    if (tokens != null) {
      // The API sets input and output together: when only one was reported, neither is guessed.
      if (tokens.input() != null && tokens.output() != null) {
        span.setTokens(tokens.input(), tokens.output());
      }
      if (tokens.total() != null) {
        span.setTotalTokens(tokens.total());
      }
    }
    if (observation.getError() == null) {
      span.setStatusCode(200);
    }
  }

  /**
   * The finish reason in the provider's words: Spring AI hands it over as the provider's SDK
   * names it, which for OpenAI is an enum constant ({@code TOOL_CALLS}), so it is lower-cased
   * ({@code tool_calls}), as providers write it on the wire. Several choices' distinct reasons are
   * joined with commas.
   */
  private static String finishReasons(List<Generation> generations) {
    if (generations == null) {
      return null;
    }
    Set<String> reasons = new LinkedHashSet<>();
    for (Generation g : generations) {
      ChatGenerationMetadata m = g == null ? null : g.getMetadata();
      String reason = m == null ? null : blankToNull(m.getFinishReason());
      if (reason != null) {
        reasons.add(reason.toLowerCase(Locale.ROOT));
      }
    }
    return reasons.isEmpty() ? null : String.join(",", reasons);
  }

  static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s;
  }
}
