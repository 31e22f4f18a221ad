package ai.galileo.tracing.springai.internal;

import ai.galileo.tracing.ToolDefinition;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.springframework.ai.model.tool.ToolCallingChatOptions;
import org.springframework.ai.tool.ToolCallback;

/**
 * The tools a chat model call offers the model, from its {@link ToolCallingChatOptions}: each tool
 * callback's definition (name, description, input schema, which Spring AI sends to the provider as
 * the function's parameters), then, on Spring AI 1.x, the tools named by {@code toolNames(...)}
 * that Spring AI resolves later, by name only. A callback whose definition cannot be read is left
 * out, never the call; a schema that is not JSON is kept as its text.
 *
 * <p>Internal: not part of the public API and may change without notice.
 */
final class OfferedTools {
  /** {@code ToolCallingChatOptions.getToolNames()}: Spring AI 1.x only. */
  private static final MethodHandle TOOL_NAMES = toolNames();

  private OfferedTools() {}

  static List<ToolDefinition> of(ToolCallingChatOptions options) {
    List<ToolCallback> callbacks = options.getToolCallbacks();
    Set<String> named = names(options);
    if ((callbacks == null || callbacks.isEmpty()) && named.isEmpty()) {
      return List.of();
    }
    List<ToolDefinition> out = new ArrayList<>();
    Set<String> seen = new LinkedHashSet<>();
    if (callbacks != null) {
      for (ToolCallback c : callbacks) {
        ToolDefinition d = definition(c);
        if (d != null && seen.add(d.name())) {
          out.add(d);
        }
      }
    }
    for (String name : named) {
      if (seen.add(name)) {
        out.add(new ToolDefinition(name, null, null));
      }
    }
    return out;
  }

  private static ToolDefinition definition(ToolCallback callback) {
    try {
      org.springframework.ai.tool.definition.ToolDefinition d =
          callback == null ? null : callback.getToolDefinition();
      String name = d == null ? null : d.name();
      if (name == null || name.isBlank()) {
        return null;
      }
      String schema = d.inputSchema();
      return new ToolDefinition(name, blankToNull(d.description()), blankToNull(schema));
    } catch (RuntimeException | LinkageError e) {
      Guard.failed("OfferedTools.definition", e);
      return null;
    }
  }

  private static Set<String> names(ToolCallingChatOptions options) {
    if (TOOL_NAMES == null) {
      return Set.of();
    }
    try {
      Object names = TOOL_NAMES.invoke(options);
      if (!(names instanceof Collection<?> c) || c.isEmpty()) {
        return Set.of();
      }
      Set<String> out = new LinkedHashSet<>();
      for (Object n : c) {
        if (n instanceof String s && !s.isBlank()) {
          out.add(s);
        }
      }
      return out;
    } catch (Throwable e) {
      return Set.of();
    }
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s;
  }

  private static MethodHandle toolNames() {
    try {
      return MethodHandles.publicLookup().findVirtual(ToolCallingChatOptions.class, "getToolNames",
          MethodType.methodType(Set.class));
    } catch (ReflectiveOperationException | LinkageError e) {
      return null; // Spring AI 2.x: tools are callbacks only
    }
  }
}
