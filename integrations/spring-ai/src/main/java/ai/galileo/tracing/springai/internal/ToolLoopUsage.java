package ai.galileo.tracing.springai.internal;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.ref.WeakReference;
import java.util.List;
import org.springframework.ai.chat.messages.AssistantMessage;
import org.springframework.ai.chat.messages.Message;
import org.springframework.ai.chat.messages.ToolResponseMessage;
import org.springframework.ai.chat.metadata.EmptyUsage;
import org.springframework.ai.chat.metadata.Usage;
import org.springframework.ai.chat.model.ChatResponse;
import org.springframework.ai.chat.model.Generation;
import org.springframework.ai.chat.prompt.ChatOptions;
import org.springframework.ai.chat.prompt.Prompt;

/**
 * The token counts of one model call. Spring AI 1.x chat models run their tool loop themselves
 * (internal tool execution) and report in each response of the loop the usage of all its calls so
 * far, added up; an LLM span must carry its own call's. That case is recognised exactly: the
 * prompt ends with the tool answers to an assistant message that is the very object a call traced
 * here returned, and the options have internal tool execution on (so Spring AI, not the user, sent
 * it back). The call's own counts are then the reported ones less that previous call's. A response
 * that repeats the previous usage object (the provider reported none this time) gets no counts, and
 * so does one whose counts are all zero (see {@link #reported}).
 *
 * <p>Spring AI 2.x no longer has internal tool execution in the models (the ChatClient's tool
 * calling advisor runs the loop, and each response reports its own call), so there the reported
 * counts are always the call's own.
 *
 * <p>Internal: not part of the public API and may change without notice.
 */
final class ToolLoopUsage {
  /** Recent answers with tool calls and the usage reported with them; old ones are overwritten. */
  private static final int REMEMBERED = 256;
  private static final Entry[] RECENT = new Entry[REMEMBERED];
  private static int next;
  /** {@code ToolCallingChatOptions.isInternalToolExecutionEnabled(ChatOptions)}: Spring AI 1.x only. */
  private static final MethodHandle INTERNAL_TOOL_EXECUTION = internalToolExecution();

  private record Entry(WeakReference<AssistantMessage> answer, Usage usage) {}

  /** Token counts to record: input, output and total, each null when not reported. */
  record Tokens(Integer input, Integer output, Integer total) {}

  private ToolLoopUsage() {}

  /** The counts of this call, or null when the provider reported none. */
  static Tokens of(Prompt prompt, ChatResponse response) {
    Usage usage = response.getMetadata() == null ? null : response.getMetadata().getUsage();
    if (!reported(usage)) {
      return null;
    }
    Usage previous = previousInLoop(prompt);
    if (previous == usage) {
      return null; // the loop repeated the previous call's usage: this call reported none
    }
    Integer in = usage.getPromptTokens();
    Integer out = usage.getCompletionTokens();
    Integer total = usage.getTotalTokens();
    if (previous != null && usage.getNativeUsage() == null) {
      Integer pin = previous.getPromptTokens();
      Integer pout = previous.getCompletionTokens();
      Integer ptotal = previous.getTotalTokens();
      if (atLeast(in, pin) && atLeast(out, pout) && atLeast(total, ptotal)) {
        return new Tokens(minus(in, pin), minus(out, pout), minus(total, ptotal));
      }
    }
    return new Tokens(in, out, total);
  }

  /** Remembers the answers of a response that asked for tools, with the usage reported with them. */
  static void remember(ChatResponse response) {
    if (INTERNAL_TOOL_EXECUTION == null || response.getMetadata() == null
        || response.getMetadata().getUsage() == null || response.getResults() == null) {
      return;
    }
    for (Generation g : response.getResults()) {
      AssistantMessage answer = g == null ? null : g.getOutput();
      if (answer != null && answer.hasToolCalls()) {
        Entry entry = new Entry(new WeakReference<>(answer), response.getMetadata().getUsage());
        synchronized (RECENT) {
          RECENT[next] = entry;
          next = (next + 1) % REMEMBERED;
        }
      }
    }
  }

  private static Usage previousInLoop(Prompt prompt) {
    if (INTERNAL_TOOL_EXECUTION == null || !internalToolExecution(prompt.getOptions())) {
      return null;
    }
    List<Message> messages = prompt.getInstructions();
    int n = messages == null ? 0 : messages.size();
    if (n < 2 || !(messages.get(n - 1) instanceof ToolResponseMessage)
        || !(messages.get(n - 2) instanceof AssistantMessage asked)) {
      return null;
    }
    synchronized (RECENT) {
      for (Entry e : RECENT) {
        if (e != null && e.answer().get() == asked) {
          return e.usage();
        }
      }
    }
    return null;
  }

  private static boolean internalToolExecution(ChatOptions options) {
    try {
      return options != null && (boolean) INTERNAL_TOOL_EXECUTION.invoke(options);
    } catch (Throwable e) {
      return false;
    }
  }

  private static MethodHandle internalToolExecution() {
    try {
      Class<?> type = Class.forName("org.springframework.ai.model.tool.ToolCallingChatOptions", false,
          ToolLoopUsage.class.getClassLoader());
      return MethodHandles.publicLookup().findStatic(type, "isInternalToolExecutionEnabled",
          MethodType.methodType(boolean.class, ChatOptions.class));
    } catch (ReflectiveOperationException | LinkageError e) {
      return null; // Spring AI 2.x: models do not run tools themselves
    }
  }

  /**
   * Whether the usage holds counts the provider reported: not Spring AI's {@link EmptyUsage}, and
   * not all zeros, which is what Spring AI makes when nothing was reported (a stream without its
   * usage chunk) and what its own {@code UsageCalculator.isEmpty} takes as empty.
   */
  static boolean reported(Usage usage) {
    if (usage == null || usage instanceof EmptyUsage) {
      return false;
    }
    return !(zero(usage.getPromptTokens()) && zero(usage.getCompletionTokens()) && zero(usage.getTotalTokens()));
  }

  private static boolean zero(Integer count) {
    return count == null || count == 0;
  }

  private static boolean atLeast(Integer value, Integer previous) {
    return value != null && previous != null && value >= previous;
  }

  private static Integer minus(Integer value, Integer previous) {
    return value - previous;
  }
}
