package ai.galileo.tracing.springai.internal;

import ai.galileo.tracing.Context;
import ai.galileo.tracing.SpanContext;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import org.springframework.ai.chat.messages.AssistantMessage;
import org.springframework.ai.chat.model.ChatResponse;
import org.springframework.ai.chat.model.Generation;

/**
 * The id of the model's tool call a tool observation executes, on Spring AI 1.x, whose
 * {@code ToolCallingObservationContext} does not carry it (2.x does). Spring AI's tool calling
 * manager runs the tool calls of an answer one by one, in order, each with the name and the
 * arguments the model wrote (arguments left blank become {@code {}}), under the span the model call
 * was made under. So the calls of each traced answer are remembered with the span the model call's
 * span started under, and a tool observation starting under that same span takes the oldest one
 * not yet taken with its name and arguments. Calls never executed (an answer the application
 * handles itself) are overwritten as newer ones come; keying by the parent span keeps them from
 * being taken by another model call's tools, which start under another span.
 *
 * <p>Internal: not part of the public API and may change without notice.
 */
final class ToolCallIds {
  /** Recent tool calls not yet executed; old ones are overwritten. */
  private static final int REMEMBERED = 256;
  private static final Pending[] RECENT = new Pending[REMEMBERED];
  private static int next;

  private record Pending(UUID traceId, UUID parentSpanId, String name, String arguments, String id) {}

  private ToolCallIds() {}

  /**
   * Remembers the tool calls a traced model answer asks for, with the span the model call's span
   * started under ({@code parent}).
   */
  static void remember(SpanContext parent, ChatResponse response) {
    List<Generation> generations = response.getResults();
    if (parent == null || !parent.isValid() || generations == null) {
      return;
    }
    for (Generation g : generations) {
      AssistantMessage answer = g == null ? null : g.getOutput();
      List<AssistantMessage.ToolCall> calls = answer == null ? null : answer.getToolCalls();
      if (calls == null) {
        continue;
      }
      for (AssistantMessage.ToolCall c : calls) {
        if (c != null && c.id() != null && !c.id().isBlank() && c.name() != null) {
          Pending p = new Pending(parent.traceId(), parent.spanId(), c.name(), arguments(c.arguments()), c.id());
          synchronized (RECENT) {
            RECENT[next] = p;
            next = (next + 1) % REMEMBERED;
          }
        }
      }
    }
  }

  /**
   * The id of the oldest remembered call made under {@code parent}'s span with this tool name and
   * these arguments, which is then forgotten; null when there is none.
   */
  static String take(Context parent, String name, String arguments) {
    SpanContext context = parent.span().context();
    if (name == null || context == null || !context.isValid()) {
      return null;
    }
    String args = arguments(arguments);
    synchronized (RECENT) {
      for (int i = 0; i < REMEMBERED; i++) {
        int at = (next + i) % REMEMBERED; // oldest first
        Pending p = RECENT[at];
        if (p != null && p.traceId().equals(context.traceId()) && p.parentSpanId().equals(context.spanId())
            && p.name().equals(name) && Objects.equals(p.arguments(), args)) {
          RECENT[at] = null;
          return p.id();
        }
      }
    }
    return null;
  }

  /** Arguments as Spring AI hands them to the tool: blank ones become {@code {}}. */
  private static String arguments(String arguments) {
    return arguments == null || arguments.isBlank() ? "{}" : arguments;
  }
}
