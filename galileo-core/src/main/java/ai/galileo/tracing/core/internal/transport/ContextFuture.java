package ai.galileo.tracing.core.internal.transport;

import ai.galileo.tracing.Context;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.Future;
import java.util.function.BiConsumer;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * A future whose dependent stages run in the context of the caller that made the request, on
 * whatever thread completes it (an HTTP client's I/O or executor thread). Every stage derived from
 * it is such a future too. Cancelling it cancels the request's own future.
 *
 * <p>What the caller attaches with {@code thenApply}, {@code whenComplete} and their kin sees the
 * caller's current span, so spans it starts nest where the caller expects. Stages obtained through
 * {@link #minimalCompletionStage()} or {@link #toCompletableFuture()} of other futures are not
 * covered.
 *
 * <p>Internal: not part of the public API and may change without notice.
 *
 * @param <T> the result type
 */
@SuppressWarnings("unchecked")
public final class ContextFuture<T> extends CompletableFuture<T> {
  private final Context context;
  private final Future<?> upstream;

  /**
   * A future for the caller's context.
   *
   * @param context the context dependent stages run in
   * @param upstream cancelled when this future is cancelled; may be null
   */
  public ContextFuture(Context context, Future<?> upstream) {
    this.context = context == null ? Context.root() : context;
    this.upstream = upstream;
  }

  /** The context dependent stages run in. */
  public Context context() {
    return context;
  }

  @Override
  public <U> CompletableFuture<U> newIncompleteFuture() {
    return new ContextFuture<>(context, null);
  }

  @Override
  public boolean cancel(boolean mayInterruptIfRunning) {
    boolean cancelled = super.cancel(mayInterruptIfRunning);
    if (upstream != null) {
      upstream.cancel(mayInterruptIfRunning);
    }
    return cancelled;
  }

  @Override
  public <U> ContextFuture<U> thenApply(Function<? super T, ? extends U> fn) {
    return (ContextFuture<U>) super.thenApply(context.wrapFunction(fn));
  }

  @Override
  public <U> ContextFuture<U> thenApplyAsync(Function<? super T, ? extends U> fn) {
    return (ContextFuture<U>) super.thenApplyAsync(context.wrapFunction(fn));
  }

  @Override
  public <U> ContextFuture<U> thenApplyAsync(Function<? super T, ? extends U> fn, Executor executor) {
    return (ContextFuture<U>) super.thenApplyAsync(context.wrapFunction(fn), executor);
  }

  @Override
  public ContextFuture<Void> thenAccept(Consumer<? super T> action) {
    return (ContextFuture<Void>) super.thenAccept(context.wrapConsumer(action));
  }

  @Override
  public ContextFuture<Void> thenAcceptAsync(Consumer<? super T> action) {
    return (ContextFuture<Void>) super.thenAcceptAsync(context.wrapConsumer(action));
  }

  @Override
  public ContextFuture<Void> thenAcceptAsync(Consumer<? super T> action, Executor executor) {
    return (ContextFuture<Void>) super.thenAcceptAsync(context.wrapConsumer(action), executor);
  }

  @Override
  public ContextFuture<Void> thenRun(Runnable action) {
    return (ContextFuture<Void>) super.thenRun(context.wrap(action));
  }

  @Override
  public ContextFuture<Void> thenRunAsync(Runnable action) {
    return (ContextFuture<Void>) super.thenRunAsync(context.wrap(action));
  }

  @Override
  public ContextFuture<Void> thenRunAsync(Runnable action, Executor executor) {
    return (ContextFuture<Void>) super.thenRunAsync(context.wrap(action), executor);
  }

  @Override
  public <U, V> ContextFuture<V> thenCombine(CompletionStage<? extends U> other, BiFunction<? super T, ? super U, ? extends V> fn) {
    return (ContextFuture<V>) super.thenCombine(other, context.wrapFunction(fn));
  }

  @Override
  public <U, V> ContextFuture<V> thenCombineAsync(CompletionStage<? extends U> other, BiFunction<? super T, ? super U, ? extends V> fn) {
    return (ContextFuture<V>) super.thenCombineAsync(other, context.wrapFunction(fn));
  }

  @Override
  public <U, V> ContextFuture<V> thenCombineAsync(CompletionStage<? extends U> other, BiFunction<? super T, ? super U, ? extends V> fn, Executor executor) {
    return (ContextFuture<V>) super.thenCombineAsync(other, context.wrapFunction(fn), executor);
  }

  @Override
  public <U> ContextFuture<Void> thenAcceptBoth(CompletionStage<? extends U> other, BiConsumer<? super T, ? super U> action) {
    return (ContextFuture<Void>) super.thenAcceptBoth(other, context.wrapConsumer(action));
  }

  @Override
  public <U> ContextFuture<Void> thenAcceptBothAsync(CompletionStage<? extends U> other, BiConsumer<? super T, ? super U> action) {
    return (ContextFuture<Void>) super.thenAcceptBothAsync(other, context.wrapConsumer(action));
  }

  @Override
  public <U> ContextFuture<Void> thenAcceptBothAsync(CompletionStage<? extends U> other, BiConsumer<? super T, ? super U> action, Executor executor) {
    return (ContextFuture<Void>) super.thenAcceptBothAsync(other, context.wrapConsumer(action), executor);
  }

  @Override
  public ContextFuture<Void> runAfterBoth(CompletionStage<?> other, Runnable action) {
    return (ContextFuture<Void>) super.runAfterBoth(other, context.wrap(action));
  }

  @Override
  public ContextFuture<Void> runAfterBothAsync(CompletionStage<?> other, Runnable action) {
    return (ContextFuture<Void>) super.runAfterBothAsync(other, context.wrap(action));
  }

  @Override
  public ContextFuture<Void> runAfterBothAsync(CompletionStage<?> other, Runnable action, Executor executor) {
    return (ContextFuture<Void>) super.runAfterBothAsync(other, context.wrap(action), executor);
  }

  @Override
  public <U> ContextFuture<U> applyToEither(CompletionStage<? extends T> other, Function<? super T, U> fn) {
    return (ContextFuture<U>) super.applyToEither(other, context.wrapFunction(fn));
  }

  @Override
  public <U> ContextFuture<U> applyToEitherAsync(CompletionStage<? extends T> other, Function<? super T, U> fn) {
    return (ContextFuture<U>) super.applyToEitherAsync(other, context.wrapFunction(fn));
  }

  @Override
  public <U> ContextFuture<U> applyToEitherAsync(CompletionStage<? extends T> other, Function<? super T, U> fn, Executor executor) {
    return (ContextFuture<U>) super.applyToEitherAsync(other, context.wrapFunction(fn), executor);
  }

  @Override
  public ContextFuture<Void> acceptEither(CompletionStage<? extends T> other, Consumer<? super T> action) {
    return (ContextFuture<Void>) super.acceptEither(other, context.wrapConsumer(action));
  }

  @Override
  public ContextFuture<Void> acceptEitherAsync(CompletionStage<? extends T> other, Consumer<? super T> action) {
    return (ContextFuture<Void>) super.acceptEitherAsync(other, context.wrapConsumer(action));
  }

  @Override
  public ContextFuture<Void> acceptEitherAsync(CompletionStage<? extends T> other, Consumer<? super T> action, Executor executor) {
    return (ContextFuture<Void>) super.acceptEitherAsync(other, context.wrapConsumer(action), executor);
  }

  @Override
  public ContextFuture<Void> runAfterEither(CompletionStage<?> other, Runnable action) {
    return (ContextFuture<Void>) super.runAfterEither(other, context.wrap(action));
  }

  @Override
  public ContextFuture<Void> runAfterEitherAsync(CompletionStage<?> other, Runnable action) {
    return (ContextFuture<Void>) super.runAfterEitherAsync(other, context.wrap(action));
  }

  @Override
  public ContextFuture<Void> runAfterEitherAsync(CompletionStage<?> other, Runnable action, Executor executor) {
    return (ContextFuture<Void>) super.runAfterEitherAsync(other, context.wrap(action), executor);
  }

  @Override
  public <U> ContextFuture<U> thenCompose(Function<? super T, ? extends CompletionStage<U>> fn) {
    return (ContextFuture<U>) super.thenCompose(context.wrapFunction(fn));
  }

  @Override
  public <U> ContextFuture<U> thenComposeAsync(Function<? super T, ? extends CompletionStage<U>> fn) {
    return (ContextFuture<U>) super.thenComposeAsync(context.wrapFunction(fn));
  }

  @Override
  public <U> ContextFuture<U> thenComposeAsync(Function<? super T, ? extends CompletionStage<U>> fn, Executor executor) {
    return (ContextFuture<U>) super.thenComposeAsync(context.wrapFunction(fn), executor);
  }

  @Override
  public <U> ContextFuture<U> handle(BiFunction<? super T, Throwable, ? extends U> fn) {
    return (ContextFuture<U>) super.handle(context.wrapFunction(fn));
  }

  @Override
  public <U> ContextFuture<U> handleAsync(BiFunction<? super T, Throwable, ? extends U> fn) {
    return (ContextFuture<U>) super.handleAsync(context.wrapFunction(fn));
  }

  @Override
  public <U> ContextFuture<U> handleAsync(BiFunction<? super T, Throwable, ? extends U> fn, Executor executor) {
    return (ContextFuture<U>) super.handleAsync(context.wrapFunction(fn), executor);
  }

  @Override
  public ContextFuture<T> whenComplete(BiConsumer<? super T, ? super Throwable> action) {
    return (ContextFuture<T>) super.whenComplete(context.wrapConsumer(action));
  }

  @Override
  public ContextFuture<T> whenCompleteAsync(BiConsumer<? super T, ? super Throwable> action) {
    return (ContextFuture<T>) super.whenCompleteAsync(context.wrapConsumer(action));
  }

  @Override
  public ContextFuture<T> whenCompleteAsync(BiConsumer<? super T, ? super Throwable> action, Executor executor) {
    return (ContextFuture<T>) super.whenCompleteAsync(context.wrapConsumer(action), executor);
  }

  @Override
  public ContextFuture<T> exceptionally(Function<Throwable, ? extends T> fn) {
    return (ContextFuture<T>) super.exceptionally(context.wrapFunction(fn));
  }

  @Override
  public ContextFuture<T> exceptionallyAsync(Function<Throwable, ? extends T> fn) {
    return (ContextFuture<T>) super.exceptionallyAsync(context.wrapFunction(fn));
  }

  @Override
  public ContextFuture<T> exceptionallyAsync(Function<Throwable, ? extends T> fn, Executor executor) {
    return (ContextFuture<T>) super.exceptionallyAsync(context.wrapFunction(fn), executor);
  }

  @Override
  public ContextFuture<T> exceptionallyCompose(Function<Throwable, ? extends CompletionStage<T>> fn) {
    return (ContextFuture<T>) super.exceptionallyCompose(context.wrapFunction(fn));
  }

  @Override
  public ContextFuture<T> exceptionallyComposeAsync(Function<Throwable, ? extends CompletionStage<T>> fn) {
    return (ContextFuture<T>) super.exceptionallyComposeAsync(context.wrapFunction(fn));
  }

  @Override
  public ContextFuture<T> exceptionallyComposeAsync(Function<Throwable, ? extends CompletionStage<T>> fn, Executor executor) {
    return (ContextFuture<T>) super.exceptionallyComposeAsync(context.wrapFunction(fn), executor);
  }
}
