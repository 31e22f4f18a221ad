package ai.galileo.tracing;

import static org.assertj.core.api.Assertions.assertThat;

import ai.galileo.tracing.internal.ThreadLocalContextStorage;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ContextTest {
  private static final ContextKey<String> KEY = ContextKey.named("key");

  private static Span span() {
    return Span.wrap(SpanContext.create(UUID.randomUUID(), UUID.randomUUID()));
  }

  @AfterEach
  void noScopeLeaks() {
    assertThat(ThreadLocalContextStorage.openScopes()).isZero();
    assertThat(Context.current()).isSameAs(Context.root());
  }

  @Test
  void withReturnsNewContextAndLeavesTheOriginalUnchanged() {
    Context root = Context.root();
    Span s = span();
    Context withSpan = root.with(s);
    Context withValue = withSpan.with(KEY, "v");

    assertThat(root.span()).isSameAs(Span.invalid());
    assertThat(root.get(KEY)).isNull();
    assertThat(withSpan.span()).isSameAs(s);
    assertThat(withSpan.get(KEY)).isNull();
    assertThat(withValue.span()).isSameAs(s);
    assertThat(withValue.get(KEY)).isEqualTo("v");
    assertThat(withValue.with(KEY, null).get(KEY)).isNull();
    assertThat(withValue.with(KEY, "w").get(KEY)).isEqualTo("w");
    assertThat(withValue.get(KEY)).isEqualTo("v");
  }

  @Test
  void makeCurrentReturnsScopeThatRestoresThePreviousContext() {
    Context a = Context.root().with(span());
    Context b = a.with(span());
    try (Scope sa = a.makeCurrent()) {
      assertThat(Context.current()).isSameAs(a);
      try (Scope sb = b.makeCurrent()) {
        assertThat(Context.current()).isSameAs(b);
      }
      assertThat(Context.current()).isSameAs(a);
    }
    assertThat(Context.current()).isSameAs(Context.root());
  }

  @Test
  void closingAScopeTwiceIsHarmless() {
    Context a = Context.root().with(span());
    Context b = a.with(span());
    Scope sa = a.makeCurrent();
    Scope sb = b.makeCurrent();
    sb.close();
    sb.close();
    assertThat(Context.current()).isSameAs(a);
    sa.close();
    sa.close();
    assertThat(Context.current()).isSameAs(Context.root());
  }

  @Test
  void closingAnOuterScopeRestoresItsContextAndDiscardsLeakedInnerScopes() {
    Context a = Context.root().with(span());
    Context b = a.with(span());
    Context c = b.with(span());
    Scope sa = a.makeCurrent();
    Scope sb = b.makeCurrent();
    c.makeCurrent(); // leaked: never closed, as a buggy handler would
    sb.close(); // the middleware around the handler closes its own scope
    assertThat(Context.current()).isSameAs(a);
    assertThat(ThreadLocalContextStorage.openScopes()).isEqualTo(1);
    sa.close();
    assertThat(Context.current()).isSameAs(Context.root());
  }

  @Test
  void closingScopesOutOfOrderLeavesNoStaleContext() {
    Context a = Context.root().with(span());
    Context b = a.with(span());
    Scope sa = a.makeCurrent();
    Scope sb = b.makeCurrent();
    sa.close(); // out of order: back to what was current before a, b discarded
    assertThat(Context.current()).isSameAs(Context.root());
    sb.close(); // discarded already: nothing happens
    assertThat(Context.current()).isSameAs(Context.root());
    Scope again = b.makeCurrent();
    again.close();
    assertThat(Context.current()).isSameAs(Context.root());
  }

  @Test
  void closingAScopeOnAnotherThreadDoesNotTouchEitherThread() throws Exception {
    Context a = Context.root().with(span());
    Scope sa = a.makeCurrent();
    Thread other = new Thread(sa::close);
    other.start();
    other.join();
    assertThat(Context.current()).isSameAs(a);
    sa.close();
  }

  @Test
  void newThreadsDoNotInheritTheCurrentContext() throws Exception {
    AtomicReference<Context> seen = new AtomicReference<>();
    try (Scope ignored = Context.root().with(span()).makeCurrent()) {
      Thread t = new Thread(() -> seen.set(Context.current()));
      t.start();
      t.join();
    }
    assertThat(seen.get()).isSameAs(Context.root());
  }

  @Test
  void wrappedTasksRunInTheCapturedContextAndRestoreTheWorkerThread() throws Exception {
    Context ctx = Context.root().with(span());
    ExecutorService pool = Executors.newSingleThreadExecutor();
    try {
      assertThat(pool.submit(ctx.wrap(Context::current)).get()).isSameAs(ctx);
      AtomicReference<Context> ran = new AtomicReference<>();
      pool.submit(ctx.wrap(() -> ran.set(Context.current()))).get();
      assertThat(ran.get()).isSameAs(ctx);
      assertThat(pool.submit(Context::current).get()).isSameAs(Context.root());
      assertThat(pool.submit(ThreadLocalContextStorage::openScopes).get()).isZero();
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void wrappedFunctionalInterfacesCarryTheContextThroughCompletableFutures() throws Exception {
    Context ctx = Context.root().with(span()).with(KEY, "request-1");
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      CompletableFuture<String> f = CompletableFuture
          .supplyAsync(ctx.wrapSupplier(() -> Context.current().get(KEY)), pool)
          .thenApplyAsync(ctx.wrapFunction((String v) -> v + "/" + Context.current().get(KEY)), pool)
          .thenCombineAsync(CompletableFuture.completedFuture("x"),
              ctx.wrapFunction((String v, String x) -> v + "/" + Context.current().get(KEY)), pool);
      assertThat(f.get(5, TimeUnit.SECONDS)).isEqualTo("request-1/request-1/request-1");

      AtomicReference<String> accepted = new AtomicReference<>();
      AtomicReference<String> completed = new AtomicReference<>();
      CompletableFuture.completedFuture("v")
          .thenAcceptAsync(ctx.wrapConsumer((String v) -> accepted.set(Context.current().get(KEY))), pool)
          .whenCompleteAsync(ctx.wrapConsumer((Void v, Throwable t) -> completed.set(Context.current().get(KEY))), pool)
          .get(5, TimeUnit.SECONDS);
      assertThat(accepted.get()).isEqualTo("request-1");
      assertThat(completed.get()).isEqualTo("request-1");
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void taskWrappingExecutorCapturesTheSubmittersContextAtSubmission() throws Exception {
    ExecutorService pool = Context.taskWrapping(Executors.newFixedThreadPool(2));
    try {
      Context first = Context.root().with(KEY, "first");
      Context second = Context.root().with(KEY, "second");
      Future<String> a;
      Future<String> b;
      try (Scope ignored = first.makeCurrent()) {
        a = pool.submit(() -> Context.current().get(KEY));
      }
      try (Scope ignored = second.makeCurrent()) {
        b = pool.submit(() -> Context.current().get(KEY));
      }
      assertThat(a.get()).isEqualTo("first");
      assertThat(b.get()).isEqualTo("second");

      List<Future<String>> all;
      try (Scope ignored = first.makeCurrent()) {
        all = pool.invokeAll(List.of(() -> Context.current().get(KEY), () -> Context.current().get(KEY)));
      }
      for (Future<String> f : all) {
        assertThat(f.get()).isEqualTo("first");
      }
      assertThat(pool.submit(() -> Context.current().get(KEY)).get()).isNull();
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void contextWrappedExecutorUsesItsOwnContextWhoeverSubmits() throws Exception {
    Context fixed = Context.root().with(KEY, "fixed");
    ExecutorService pool = fixed.wrap(Executors.newSingleThreadExecutor());
    try (Scope ignored = Context.root().with(KEY, "other").makeCurrent()) {
      assertThat(pool.submit(() -> Context.current().get(KEY)).get()).isEqualTo("fixed");
    } finally {
      pool.shutdownNow();
    }
    AtomicReference<String> seen = new AtomicReference<>();
    Thread[] ran = new Thread[1];
    fixed.wrap((Runnable r) -> {
      ran[0] = new Thread(r);
      ran[0].start();
    }).execute(() -> seen.set(Context.current().get(KEY)));
    ran[0].join();
    assertThat(seen.get()).isEqualTo("fixed");
  }

  @Test
  void theThreadLocalHoldsNothingWhenNoScopeIsOpen() {
    try (Scope ignored = Context.root().with(span()).makeCurrent()) {
      assertThat(ThreadLocalContextStorage.current()).isNotNull();
    }
    assertThat(ThreadLocalContextStorage.current()).isNull();
  }
}
