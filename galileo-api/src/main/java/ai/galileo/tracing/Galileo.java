package ai.galileo.tracing;

import ai.galileo.tracing.internal.NoopTracer;
import ai.galileo.tracing.spi.TracerProvider;
import java.util.Objects;
import java.util.ServiceLoader;

/**
 * The entry point: the tracer of this process.
 *
 * <p>With {@code galileo-core} on the class path, {@link #tracer()} gives the tracer it configures
 * from the environment; without it, a no-op tracer that still carries remote parents' ids through,
 * so a library compiled only against this api never breaks a trace.
 *
 * @since 0.1.0
 */
public final class Galileo {
  private static final Object LOCK = new Object();
  private static volatile Tracer tracer;

  private Galileo() {}

  /**
   * The installed tracer, created on first use from the highest-priority {@link TracerProvider}
   * found by {@link ServiceLoader}.
   *
   * @throws IllegalArgumentException on first use, if the implementation finds its configuration
   *     invalid (such as {@code GALILEO_MODE=distributd})
   */
  public static Tracer tracer() {
    Tracer t = tracer;
    if (t == null) {
      synchronized (LOCK) {
        t = tracer;
        if (t == null) {
          t = load(Galileo.class.getClassLoader());
          tracer = t;
        }
      }
    }
    return t;
  }

  /** The propagator of the installed tracer. */
  public static Propagator propagator() {
    return tracer().propagator();
  }

  /**
   * Installs a tracer for the whole process, replacing any other, and returns the one it replaced
   * (null if none had been created yet). For applications that build their tracer in code, and for
   * tests.
   */
  public static Tracer register(Tracer newTracer) {
    Objects.requireNonNull(newTracer, "tracer");
    synchronized (LOCK) {
      Tracer previous = tracer;
      tracer = newTracer;
      return previous;
    }
  }

  /** Forgets the installed tracer so that the next {@link #tracer()} loads one again. For tests. */
  public static void reset() {
    synchronized (LOCK) {
      tracer = null;
    }
  }

  static Tracer load(ClassLoader classLoader) {
    TracerProvider best = null;
    for (TracerProvider provider : ServiceLoader.load(TracerProvider.class, classLoader)) {
      if (best == null || provider.priority() > best.priority()) {
        best = provider;
      }
    }
    return best == null ? NoopTracer.INSTANCE : best.create();
  }
}
