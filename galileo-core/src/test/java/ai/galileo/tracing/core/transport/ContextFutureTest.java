package ai.galileo.tracing.core.transport;

import static org.assertj.core.api.Assertions.assertThat;

import ai.galileo.tracing.Context;
import ai.galileo.tracing.Scope;
import ai.galileo.tracing.Span;
import ai.galileo.tracing.SpanContext;
import ai.galileo.tracing.core.internal.transport.ContextFuture;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class ContextFutureTest {
  private static final Span CALLER =
      Span.wrap(SpanContext.create(UUID.randomUUID(), UUID.randomUUID()));

  @Test
  void dependentStagesRunInTheCallersContextOnTheCompletingThread() throws Exception {
    ExecutorService io = Executors.newSingleThreadExecutor();
    try {
      ContextFuture<String> future;
      AtomicReference<Span> inApply = new AtomicReference<>();
      AtomicReference<Span> inChained = new AtomicReference<>();
      AtomicReference<Span> inWhenComplete = new AtomicReference<>();
      AtomicReference<Span> inAsync = new AtomicReference<>();
      CountDownLatch done = new CountDownLatch(1);
      CompletableFuture<String> upstream = new CompletableFuture<>();
      try (Scope scope = Context.root().with(CALLER).makeCurrent()) {
        future = new ContextFuture<>(Context.current(), upstream);
        future.thenApply(s -> { inApply.set(Span.current()); return s; })
            .thenApply(s -> { inChained.set(Span.current()); return s; })
            .thenApplyAsync(s -> { inAsync.set(Span.current()); return s; }, io)
            .whenComplete((s, e) -> { inWhenComplete.set(Span.current()); done.countDown(); });
      }
      io.execute(() -> future.complete("answer")); // as an HTTP client's thread would
      assertThat(done.await(5, TimeUnit.SECONDS)).isTrue();
      assertThat(inApply.get()).isSameAs(CALLER);
      assertThat(inChained.get()).isSameAs(CALLER);
      assertThat(inAsync.get()).isSameAs(CALLER);
      assertThat(inWhenComplete.get()).isSameAs(CALLER);
      assertThat(Span.current().context().isValid()).isFalse();
    } finally {
      io.shutdownNow();
    }
  }

  @Test
  void failuresAreHandledInTheCallersContextToo() {
    ContextFuture<String> future = new ContextFuture<>(Context.root().with(CALLER), null);
    CompletableFuture<Span> seen = future.exceptionally(e -> "x").thenApply(s -> Span.current());
    future.completeExceptionally(new IllegalStateException());
    assertThat(seen.join()).isSameAs(CALLER);
  }

  @Test
  void cancellingCancelsTheRequest() {
    CompletableFuture<String> upstream = new CompletableFuture<>();
    ContextFuture<String> future = new ContextFuture<>(Context.root(), upstream);
    future.cancel(true);
    assertThat(upstream.isCancelled()).isTrue();
  }
}
