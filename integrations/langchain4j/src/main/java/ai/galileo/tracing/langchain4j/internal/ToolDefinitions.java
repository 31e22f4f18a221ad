package ai.galileo.tracing.langchain4j.internal;

import ai.galileo.tracing.ToolDefinition;
import dev.langchain4j.agent.tool.ToolSpecification;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The tools a chat request offers, as Galileo's {@link ToolDefinition}s: the name, the description
 * and the parameters as JSON Schema text.
 *
 * <p>An AI Service offers the very same {@link ToolSpecification} objects on every call, so each
 * one's definition is made once and kept, by identity, in a bounded cache: a request with ten
 * tools then costs ten lookups, not ten schema serialisations.
 *
 * <p>Internal: not part of the public API and may change without notice.
 */
final class ToolDefinitions {
  static final int MAX_CACHED = 4_096;

  private static final ConcurrentHashMap<Identity, ToolDefinition> CACHE = new ConcurrentHashMap<>();

  private ToolDefinitions() {}

  static List<ToolDefinition> of(List<ToolSpecification> specifications) {
    List<ToolDefinition> out = new ArrayList<>(specifications.size());
    for (ToolSpecification s : specifications) {
      if (s != null) {
        out.add(of(s));
      }
    }
    return out;
  }

  static ToolDefinition of(ToolSpecification s) {
    Identity key = new Identity(s);
    ToolDefinition known = CACHE.get(key);
    if (known != null) {
      return known;
    }
    ToolDefinition made = new ToolDefinition(s.name() == null ? "" : s.name(), s.description(),
        s.parameters() == null ? null : JsonText.schema(s.parameters()));
    if (CACHE.size() >= MAX_CACHED) {
      CACHE.clear(); // specifications made per call (a dynamic tool provider's): start over
    }
    CACHE.put(key, made);
    return made;
  }
}
