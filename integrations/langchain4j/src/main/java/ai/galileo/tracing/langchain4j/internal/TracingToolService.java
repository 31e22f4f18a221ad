package ai.galileo.tracing.langchain4j.internal;

import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.invocation.InvocationContext;
import dev.langchain4j.service.tool.ToolExecutor;
import dev.langchain4j.service.tool.ToolService;
import dev.langchain4j.service.tool.ToolServiceContext;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * LangChain4j's own tool service, with one change: the tool executors each invocation gets are
 * wrapped in {@link TracedToolExecutor}s, so each tool execution is a {@code TOOL} span current
 * while the tool runs. Everything else (tool discovery, the hooks, error handling, concurrency,
 * compensation) is LangChain4j's, untouched: the wrapping happens in {@link #createContext}, the
 * one place every invocation, sync or streaming, takes its executors from, and the service's own
 * executor map (which LangChain4j inspects for {@code @CompensateFor}) stays as it was.
 *
 * <p>Installed by {@link ContextFactory} in the AI Service's context before the builder adds any
 * tool. Tools a dynamic tool provider adds in the middle of an invocation are not wrapped (LangChain4j
 * adds them through a static method); they are logged after the fact from their
 * {@code ToolExecutedEvent}, as without the hook.
 *
 * <p>Internal: not part of the public API and may change without notice.
 */
final class TracingToolService extends ToolService {
  private final TracerRef tracer;

  TracingToolService(TracerRef tracer) {
    this.tracer = tracer;
  }

  /** Whether the AI Service offers the model tools: some of its own, or a provider of them. */
  boolean offersTools() {
    return !toolSpecifications().isEmpty() || !toolProviders().isEmpty();
  }

  @Override
  public ToolServiceContext createContext(
      InvocationContext invocationContext, UserMessage userMessage, List<ChatMessage> messages) {
    ToolServiceContext context = super.createContext(invocationContext, userMessage, messages);
    try {
      return traced(context);
    } catch (RuntimeException | LinkageError e) {
      Guard.failed("ToolService.createContext", e);
      return context;
    }
  }

  private ToolServiceContext traced(ToolServiceContext context) {
    if (context == null || context.toolExecutors() == null || context.toolExecutors().isEmpty()) {
      return context;
    }
    Map<String, ToolExecutor> executors = new LinkedHashMap<>(context.toolExecutors().size() * 2);
    context.toolExecutors().forEach((name, executor) ->
        executors.put(name, executor == null ? null : TracedToolExecutor.wrap(executor, tracer)));
    return context.toBuilder().toolExecutors(executors).build();
  }
}
