package ai.galileo.tracing;

import ai.galileo.tracing.internal.ContextExecutorService;
import ai.galileo.tracing.internal.ThreadLocalContextStorage;
import java.util.Arrays;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.function.BiConsumer;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * An immutable bundle of what is current: the span, and any values plug-ins keep.
 *
 * <p>Every change gives a new context; {@link #makeCurrent()} makes one current on this thread until
 * the returned {@link Scope} closes. Storage is a plain (not inheritable) thread-local: a new
 * thread starts with the {@linkplain #root() root} context, and work handed to other threads carries
 * its context only through the {@code wrap} methods here. That is what lets parallel children of
 * one span each keep the right parent.
 *
 * <pre>{@code
 * Context ctx = Context.current();
 * executor.submit(ctx.wrap(() -> retrieve(query)));             // this context, on another thread
 * ExecutorService traced = Context.taskWrapping(executor);       // the context of each submitter
 * CompletableFuture.supplyAsync(ctx.wrap(this::search), pool).thenApply(ctx.wrap(this::rank));
 * }</pre>
 *
 * @since 0.1.0
 */
public final class Context {
  private static final Object[] NO_ENTRIES = new Object[0];
  private static final Context ROOT = new Context(Span.invalid(), NO_ENTRIES);

  private final Span span;
  /** Alternating keys and values; small, so a copy per change beats a map. */
  private final Object[] entries;

  private Context(Span span, Object[] entries) {
    this.span = span;
    this.entries = entries;
  }

  /** The empty context: no span, no values. */
  public static Context root() {
    return ROOT;
  }

  /** The context current on this thread; {@link #root()} when none is. */
  public static Context current() {
    Context c = ThreadLocalContextStorage.current();
    return c == null ? ROOT : c;
  }

  /**
   * An executor that runs each task in the context that was current when the task was submitted.
   * Use it to make a pool or a virtual-thread executor context-aware once, at creation.
   */
  public static Executor taskWrapping(Executor executor) {
    Objects.requireNonNull(executor, "executor");
    return task -> executor.execute(current().wrap(task));
  }

  /** Like {@link #taskWrapping(Executor)}, for every way of submitting to an executor service. */
  public static ExecutorService taskWrapping(ExecutorService executor) {
    return new ContextExecutorService(executor, null);
  }

  /** The span of this context; {@link Span#invalid()} when there is none. Never null. */
  public Span span() {
    return span;
  }

  /** This context with the given span. */
  public Context with(Span span) {
    Span s = span == null ? Span.invalid() : span;
    return s == this.span ? this : new Context(s, entries);
  }

  /** The value for the key, or null. */
  @SuppressWarnings("unchecked")
  public <T> T get(ContextKey<T> key) {
    for (int i = 0; i < entries.length; i += 2) {
      if (entries[i] == key) {
        return (T) entries[i + 1];
      }
    }
    return null;
  }

  /** This context with the key set to the value; a null value removes the key. */
  public <T> Context with(ContextKey<T> key, T value) {
    Objects.requireNonNull(key, "key");
    for (int i = 0; i < entries.length; i += 2) {
      if (entries[i] == key) {
        if (entries[i + 1] == value) {
          return this;
        }
        if (value == null) {
          Object[] fewer = new Object[entries.length - 2];
          System.arraycopy(entries, 0, fewer, 0, i);
          System.arraycopy(entries, i + 2, fewer, i, entries.length - i - 2);
          return new Context(span, fewer);
        }
        Object[] copy = entries.clone();
        copy[i + 1] = value;
        return new Context(span, copy);
      }
    }
    if (value == null) {
      return this;
    }
    Object[] more = Arrays.copyOf(entries, entries.length + 2);
    more[entries.length] = key;
    more[entries.length + 1] = value;
    return new Context(span, more);
  }

  /** Makes this context current on this thread until the returned scope is closed. */
  public Scope makeCurrent() {
    return ThreadLocalContextStorage.attach(this);
  }

  /** The runnable, run in this context on whatever thread runs it. */
  public Runnable wrap(Runnable task) {
    Objects.requireNonNull(task, "task");
    return () -> {
      try (Scope ignored = makeCurrent()) {
        task.run();
      }
    };
  }

  /** The callable, run in this context. */
  public <T> Callable<T> wrap(Callable<T> task) {
    Objects.requireNonNull(task, "task");
    return () -> {
      try (Scope ignored = makeCurrent()) {
        return task.call();
      }
    };
  }

  /** The supplier, run in this context; for {@code CompletableFuture.supplyAsync}. */
  public <T> Supplier<T> wrapSupplier(Supplier<T> supplier) {
    Objects.requireNonNull(supplier, "supplier");
    return () -> {
      try (Scope ignored = makeCurrent()) {
        return supplier.get();
      }
    };
  }

  /** The function, run in this context; for {@code thenApply} and its kin. */
  public <T, R> Function<T, R> wrapFunction(Function<T, R> function) {
    Objects.requireNonNull(function, "function");
    return t -> {
      try (Scope ignored = makeCurrent()) {
        return function.apply(t);
      }
    };
  }

  /** The function, run in this context; for {@code handle} and {@code thenCombine}. */
  public <T, U, R> BiFunction<T, U, R> wrapFunction(BiFunction<T, U, R> function) {
    Objects.requireNonNull(function, "function");
    return (t, u) -> {
      try (Scope ignored = makeCurrent()) {
        return function.apply(t, u);
      }
    };
  }

  /** The consumer, run in this context; for {@code thenAccept}. */
  public <T> Consumer<T> wrapConsumer(Consumer<T> consumer) {
    Objects.requireNonNull(consumer, "consumer");
    return t -> {
      try (Scope ignored = makeCurrent()) {
        consumer.accept(t);
      }
    };
  }

  /** The consumer, run in this context; for {@code whenComplete}. */
  public <T, U> BiConsumer<T, U> wrapConsumer(BiConsumer<T, U> consumer) {
    Objects.requireNonNull(consumer, "consumer");
    return (t, u) -> {
      try (Scope ignored = makeCurrent()) {
        consumer.accept(t, u);
      }
    };
  }

  /** An executor that runs every task in this context, whoever submits it. */
  public Executor wrap(Executor executor) {
    Objects.requireNonNull(executor, "executor");
    return task -> executor.execute(wrap(task));
  }

  /** An executor service that runs every task in this context, whoever submits it. */
  public ExecutorService wrap(ExecutorService executor) {
    return new ContextExecutorService(executor, this);
  }

  @Override
  public String toString() {
    return "Context{span=" + span.context() + (entries.length == 0 ? "" : ", values=" + (entries.length / 2)) + "}";
  }
}
