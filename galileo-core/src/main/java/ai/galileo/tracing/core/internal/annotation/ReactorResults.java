package ai.galileo.tracing.core.internal.annotation;

import ai.galileo.tracing.Span;
import java.util.concurrent.atomic.AtomicLong;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Ends the span of a method that returned a Reactor {@code Mono} or {@code Flux} when what the
 * method returned terminates: completes (a Mono's value is the output; a Flux's count of items goes
 * to metadata {@code items}), fails (recorded as the error) or is cancelled ({@code cancelled=true}).
 * A Mono or Flux is lazy, so the caller gets one of the same kind that observes the original; the
 * span ends on the first subscription's end, and stays open if nothing ever subscribes.
 *
 * <p>Reactor is an optional dependency of the core: this class is loaded only after
 * {@link ResultKind#REACTOR_PRESENT} found it, so an application without Reactor never links it.
 */
final class ReactorResults {
  private ReactorResults() {}

  static boolean isMonoOrFlux(Class<?> type) {
    return type == Mono.class || type == Flux.class;
  }

  static boolean isReactor(Object value) {
    return value instanceof Mono || value instanceof Flux;
  }

  static Object endOnTermination(Object value, Span span, MethodPlan plan) {
    if (value instanceof Mono<?> mono) {
      return mono
          .doOnSuccess(v -> AsyncResults.end(span, plan, v, null))
          .doOnError(e -> AsyncResults.end(span, plan, null, e))
          .doOnCancel(() -> cancelled(span));
    }
    if (value instanceof Flux<?> flux) {
      AtomicLong items = new AtomicLong();
      return flux
          .doOnNext(v -> items.incrementAndGet())
          .doOnComplete(() -> {
            span.setMetadata("items", Long.toString(items.get()));
            span.end();
          })
          .doOnError(e -> AsyncResults.end(span, plan, null, e))
          .doOnCancel(() -> cancelled(span));
    }
    plan.recordOutput(span, value); // null, or a subclass the declared type did not promise
    span.end();
    return value;
  }

  private static void cancelled(Span span) {
    span.setMetadata(AsyncResults.CANCELLED, "true");
    span.end();
  }
}
