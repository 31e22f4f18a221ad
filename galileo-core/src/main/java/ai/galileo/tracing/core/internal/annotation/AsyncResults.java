package ai.galileo.tracing.core.internal.annotation;

import ai.galileo.tracing.Span;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;

/**
 * Ends the span of a method that returned a {@code CompletionStage} when the stage completes.
 *
 * <p>The callback hangs off the stage on a branch of its own and the caller gets the very stage the
 * method returned, not a dependent one: a caller that casts it, completes it or cancels it acts on
 * the method's own future, as without the annotation (cancelling a dependent stage would not reach
 * the method's). Cancellation is the caller's choice, not the method's failure, so it is recorded
 * as {@code cancelled=true} rather than as an error.
 */
final class AsyncResults {
  static final String CANCELLED = "cancelled";

  private AsyncResults() {}

  static void endOnCompletion(CompletionStage<?> stage, Span span, MethodPlan plan) {
    try {
      stage.whenComplete((value, error) -> end(span, plan, value, error));
    } catch (RuntimeException e) { // a stage of someone else's that refuses callbacks
      MethodPlan.FAILURES.failed("waiting for the result of " + plan.name(), e);
      span.end();
    }
  }

  static void end(Span span, MethodPlan plan, Object value, Throwable error) {
    try {
      if (error == null) {
        plan.recordOutput(span, value);
      } else {
        Throwable cause = unwrap(error);
        if (cause instanceof CancellationException) {
          span.setMetadata(CANCELLED, "true");
        } else {
          span.recordError(cause);
        }
      }
    } catch (RuntimeException | LinkageError e) {
      MethodPlan.FAILURES.failed("recording the result of " + plan.name(), e);
    } finally {
      span.end();
    }
  }

  /** The failure itself, not the wrapper that a dependent stage reports it in. */
  private static Throwable unwrap(Throwable error) {
    Throwable e = error;
    while ((e instanceof CompletionException || e instanceof ExecutionException)
        && e.getCause() != null) {
      e = e.getCause();
    }
    return e;
  }
}
