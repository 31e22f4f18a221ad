package ai.galileo.tracing.core.internal;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The OpenTelemetry instrumentation scopes whose steps a Galileo integration in this JVM already
 * logs as Galileo spans of its own (ADK's {@code gcp.vertex.agent}, once galileo-adk's plugin
 * exists). The OpenTelemetry bridge neither exports spans of these scopes nor nests Galileo spans
 * under them, so that a step does not appear twice. A registry in the core because the
 * integration and the bridge do not know each other.
 *
 * <p>Internal: not part of the public API and may change without notice.
 */
public final class CoveredInstrumentation {
  private static final Set<String> SCOPES = ConcurrentHashMap.newKeySet();

  private CoveredInstrumentation() {}

  /** Marks the scope as covered, for the rest of the JVM's life. */
  public static void cover(String scopeName) {
    if (scopeName != null) {
      SCOPES.add(scopeName);
    }
  }

  /** True when an integration logs this scope's steps itself. */
  public static boolean isCovered(String scopeName) {
    return scopeName != null && !SCOPES.isEmpty() && SCOPES.contains(scopeName);
  }
}
