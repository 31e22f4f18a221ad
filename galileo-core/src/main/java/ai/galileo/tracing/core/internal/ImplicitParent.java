package ai.galileo.tracing.core.internal;

import ai.galileo.tracing.Span;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.UnaryOperator;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Where a span started without an explicit parent finds it, when something other than Galileo's
 * own context also knows a current span: the OpenTelemetry bridge
 * ({@code galileo-opentelemetry}) installs a resolver here so that a Galileo span started while
 * an OpenTelemetry span is current nests under it. Without a resolver, the parent is Galileo's
 * current span, as always.
 *
 * <p>The resolver gets Galileo's current span and answers the parent to use: that same span, or
 * one standing for the other system's current span. A parent it answers whose context is not
 * {@linkplain ai.galileo.tracing.SpanContext#isRemote() remote} is taken as made in this process:
 * the span waits, in the exporter, for that parent to be sent, as it would for a Galileo parent.
 * A resolver that throws is ignored (Galileo's current span is used), logged once.
 *
 * <p>Internal: not part of the public API and may change without notice.
 */
public final class ImplicitParent {
  private static final Logger LOG = Logger.getLogger(ImplicitParent.class.getName());
  private static final AtomicBoolean FAILURE_LOGGED = new AtomicBoolean();
  private static volatile UnaryOperator<Span> resolver;

  private ImplicitParent() {}

  /** Installs the resolver, replacing any other; null removes it. */
  public static void install(UnaryOperator<Span> newResolver) {
    resolver = newResolver;
  }

  /** The installed resolver, or null. */
  public static UnaryOperator<Span> installed() {
    return resolver;
  }

  /** The parent for a span started now, given Galileo's current span; never null. */
  static Span resolve(Span galileoCurrent) {
    UnaryOperator<Span> r = resolver;
    if (r == null) {
      return galileoCurrent;
    }
    try {
      Span s = r.apply(galileoCurrent);
      return s == null ? galileoCurrent : s;
    } catch (RuntimeException | LinkageError e) {
      if (FAILURE_LOGGED.compareAndSet(false, true)) {
        LOG.log(Level.WARNING, "The implicit-parent resolver threw; Galileo's current span is used"
            + " (logged once)", e);
      }
      return galileoCurrent;
    }
  }
}
