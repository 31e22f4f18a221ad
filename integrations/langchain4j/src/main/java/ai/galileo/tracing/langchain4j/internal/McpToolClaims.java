package ai.galileo.tracing.langchain4j.internal;

import dev.langchain4j.agent.tool.ToolExecutionRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Predicate;

/**
 * One TOOL span per tool execution when the tool is an MCP tool. LangChain4j reports a tool only
 * once it is done ({@code ToolExecutedEvent}), but its MCP client says when a {@code tools/call}
 * starts: so the MCP client's span ({@code tools/call get_weather}, current-parented under the
 * invocation, with the MCP conventions' attributes) is the execution's TOOL span, and the AI
 * Service listener makes none for it.
 *
 * <p>The two are matched through the invocation: a {@code tools/call} made during an invocation
 * claims one of the tool calls the model asked for in its last answer (same name and arguments;
 * or same arguments, or same name, when only one fits, since an MCP tool provider may rename
 * tools), which gives the span the model's tool call id at its start; the executed event of that
 * very request (by identity: LangChain4j hands the answer's request objects to both) releases the
 * claim instead of making a second span. Uses no {@code langchain4j-mcp} class: the AI Service
 * listener calls it with or without that module.
 *
 * <p>Internal: not part of the public API and may change without notice.
 */
final class McpToolClaims {
  private McpToolClaims() {}

  /** A tool call the model asked for and an MCP client's TOOL span stands for. */
  record Claim(String toolCallId) {}

  /**
   * Claims the requested tool call a {@code tools/call} of an AI Service invocation executes, or
   * returns null when the invocation is not traced or no requested call fits.
   *
   * @param invocationId LangChain4j's invocation id, from the MCP call's invocation context
   * @param toolName the tool name the MCP client sends
   * @param sameArguments whether a requested call's arguments (JSON text) are the ones sent
   */
  static Claim claim(UUID invocationId, String toolName, Predicate<String> sameArguments) {
    Invocation invocation = Invocations.get(invocationId);
    if (invocation == null) {
      return null;
    }
    synchronized (invocation) {
      List<ToolExecutionRequest> free = new ArrayList<>();
      for (Object o : invocation.requestedTools) {
        if (o instanceof ToolExecutionRequest r && !claimed(invocation, r)) {
          free.add(r);
        }
      }
      ToolExecutionRequest match = pick(free, toolName, sameArguments);
      if (match == null) {
        return null;
      }
      List<Object> claimed = new ArrayList<>(invocation.mcpTools);
      claimed.add(match);
      invocation.mcpTools = claimed;
      return new Claim(match.id());
    }
  }

  private static ToolExecutionRequest pick(List<ToolExecutionRequest> free, String name,
      Predicate<String> sameArguments) {
    ToolExecutionRequest byArguments = null;
    ToolExecutionRequest byName = null;
    int argumentMatches = 0;
    int nameMatches = 0;
    for (ToolExecutionRequest r : free) {
      boolean sameName = name != null && name.equals(r.name());
      boolean sameArgs = sameArguments.test(r.arguments());
      if (sameName && sameArgs) {
        return r;
      }
      if (sameArgs) {
        byArguments = r;
        argumentMatches++;
      }
      if (sameName) {
        byName = r;
        nameMatches++;
      }
    }
    if (argumentMatches == 1) {
      return byArguments;
    }
    return nameMatches == 1 ? byName : null;
  }

  private static boolean claimed(Invocation invocation, Object request) {
    for (Object o : invocation.mcpTools) {
      if (o == request) {
        return true;
      }
    }
    return false;
  }

  /**
   * True, and forgets the claim, when an MCP client's TOOL span stands for this executed request;
   * the caller holds the invocation's lock.
   */
  static boolean release(Invocation invocation, Object request) {
    if (invocation.mcpTools.isEmpty() || !claimed(invocation, request)) {
      return false;
    }
    List<Object> rest = new ArrayList<>(invocation.mcpTools.size());
    for (Object o : invocation.mcpTools) {
      if (o != request) {
        rest.add(o);
      }
    }
    invocation.mcpTools = rest;
    return true;
  }

  /** The context an MCP call of the invocation starts its span in, or null if not traced. */
  static ai.galileo.tracing.Context context(UUID invocationId) {
    Invocation invocation = Invocations.get(invocationId);
    return invocation == null ? null : invocation.context;
  }
}
