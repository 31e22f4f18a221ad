package ai.galileo.tracing.springai.internal;

import ai.galileo.tracing.LlmEvent;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.ai.chat.messages.AssistantMessage;
import org.springframework.ai.chat.model.ChatResponse;
import org.springframework.ai.chat.model.Generation;

/**
 * The model's reasoning where Spring AI exposes it; it has no API of its own for it, so each
 * provider's way is read:
 * <ul>
 *   <li>the answer's {@code reasoningContent} metadata, which Spring AI's OpenAI model fills from an
 *       OpenAI-compatible server's {@code reasoning_content} (or {@code reasoning}), empty otherwise;
 *   <li>a {@code getReasoningContent()} of the answer's own class (Spring AI's DeepSeek model);
 *   <li>a "thinking" generation, which Spring AI's Anthropic model adds before the answer: an
 *       assistant message whose metadata holds the thinking block's {@code signature}. It is the
 *       reasoning, not a second answer, so {@link #isThinking} lets the output leave it out.
 * </ul>
 *
 * <p>Internal: not part of the public API and may change without notice.
 */
final class Reasoning {
  static final String METADATA_KEY = "reasoningContent";

  /** {@code getReasoningContent()} of an answer's class, or null: looked up once per class. */
  private static final ClassValue<MethodHandle> GETTER = new ClassValue<>() {
    @Override
    protected MethodHandle computeValue(Class<?> type) {
      if (type == AssistantMessage.class || !Modifier.isPublic(type.getModifiers())) {
        return null;
      }
      try {
        return MethodHandles.publicLookup().findVirtual(type, "getReasoningContent",
            MethodType.methodType(String.class));
      } catch (ReflectiveOperationException | RuntimeException e) {
        return null;
      }
    }
  };

  private Reasoning() {}

  /** The reasoning in a response, one event per generation that has some. */
  static List<LlmEvent> events(ChatResponse response) {
    List<Generation> generations = response.getResults();
    if (generations == null || generations.isEmpty()) {
      return List.of();
    }
    List<LlmEvent> events = new ArrayList<>(1);
    for (Generation g : generations) {
      AssistantMessage m = g == null ? null : g.getOutput();
      if (m == null) {
        continue;
      }
      String text = isThinking(g) ? m.getText() : reasoningOf(m);
      if (text != null && !text.isBlank()) {
        events.add(LlmEvent.Reasoning.of(text));
      }
    }
    return events;
  }

  /** Whether the generation is an Anthropic thinking block rather than an answer. */
  static boolean isThinking(Generation g) {
    AssistantMessage m = g == null ? null : g.getOutput();
    Map<String, Object> metadata = m == null ? null : m.getMetadata();
    return metadata != null && metadata.get("signature") instanceof String
        && (m.getToolCalls() == null || m.getToolCalls().isEmpty());
  }

  private static String reasoningOf(AssistantMessage m) {
    Map<String, Object> metadata = m.getMetadata();
    if (metadata != null && metadata.get(METADATA_KEY) instanceof String s && !s.isBlank()) {
      return s;
    }
    MethodHandle getter = GETTER.get(m.getClass());
    if (getter == null) {
      return null;
    }
    try {
      return (String) getter.invoke(m);
    } catch (Throwable e) {
      return null; // a provider's accessor that fails is not the call's failure
    }
  }
}
