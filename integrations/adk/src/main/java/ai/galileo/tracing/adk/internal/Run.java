package ai.galileo.tracing.adk.internal;

import ai.galileo.tracing.Context;
import ai.galileo.tracing.Span;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One ADK invocation (a {@code Runner} run) as the plugin tracks it: where its spans nest, its
 * Galileo session, and its open spans. ADK is reactive and runs parallel agents and tools on other
 * threads, so the spans are found by ADK's own ids, never by thread: agents by name (unique in an
 * ADK agent tree), model calls by the id of the event they answer into, tools by their
 * {@code ToolContext}.
 *
 * <p>Internal: not part of the public API and may change without notice.
 */
final class Run {
  final Context parent;
  final UUID sessionId;
  final String adkSessionId;
  final String userMessage;
  /** True when no {@code beforeRunCallback} made it (an agent run outside a Runner). */
  final boolean implicit;

  final ConcurrentHashMap<String, Span> agents = new ConcurrentHashMap<>(4);
  final ConcurrentHashMap<String, Span> models = new ConcurrentHashMap<>(2);
  final ConcurrentHashMap<ToolKey, OpenTool> tools = new ConcurrentHashMap<>(2);
  /** The last answer text of each agent, and of each of its ancestors: the agents' outputs. */
  final ConcurrentHashMap<String, String> answers = new ConcurrentHashMap<>(4);

  Run(Context parent, UUID sessionId, String adkSessionId, String userMessage, boolean implicit) {
    this.parent = parent;
    this.sessionId = sessionId;
    this.adkSessionId = adkSessionId;
    this.userMessage = userMessage;
    this.implicit = implicit;
  }

  /** Ends what is still open: the run failed, or ended without reporting a step's end. */
  void endAll(Throwable error) {
    for (OpenTool t : tools.values()) {
      t.end(null, error, false);
    }
    tools.clear();
    endEach(models, error);
    endEach(agents, error);
  }

  private static void endEach(ConcurrentHashMap<String, Span> open, Throwable error) {
    for (String key : open.keySet()) {
      Span s = open.remove(key);
      if (s != null) {
        if (error != null) {
          s.recordError(error);
        } else {
          s.setMetadata("adk_status", "incomplete");
        }
        s.end();
      }
    }
  }

  /** A tool call's {@code ToolContext}, by identity: ADK hands the same one to every callback. */
  record ToolKey(Object toolContext) {
    @Override
    public boolean equals(Object o) {
      return o instanceof ToolKey k && k.toolContext == toolContext;
    }

    @Override
    public int hashCode() {
      return System.identityHashCode(toolContext);
    }
  }
}
