package ai.galileo.tracing.adk.internal;

import ai.galileo.tracing.Scope;
import ai.galileo.tracing.Span;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A running tool's span and the scope that makes it current on the thread ADK calls the tool on
 * (the thread of {@code beforeToolCallback}: ADK subscribes to the tool there), so that spans the
 * tool starts, such as our HTTP transports' client spans, nest under it.
 *
 * <p>Internal: not part of the public API and may change without notice.
 */
final class OpenTool {
  private final Span span;
  private final Scope scope;
  private final AtomicBoolean ended = new AtomicBoolean();

  OpenTool(Span span, Scope scope) {
    this.span = span;
    this.scope = scope;
  }

  /**
   * Ends the span once. The scope closes only on its own thread (galileo-core ignores a close from
   * another): a tool that moved to another thread leaves it to the scope below it on its thread.
   */
  void end(String output, Throwable error, boolean failedResult) {
    if (!ended.compareAndSet(false, true)) {
      return;
    }
    scope.close();
    if (error != null) {
      span.recordError(error);
    } else if (output != null) {
      span.setOutput(output);
    }
    if (failedResult) {
      span.setStatusCode(500);
    }
    span.end();
  }
}
