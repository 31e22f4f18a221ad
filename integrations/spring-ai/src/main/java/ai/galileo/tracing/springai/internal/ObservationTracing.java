package ai.galileo.tracing.springai.internal;

import ai.galileo.tracing.Context;
import ai.galileo.tracing.Span;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationView;
import java.util.List;

/**
 * Spring AI's observations as Galileo spans. Micrometer calls this handler for each observation
 * Spring AI makes: at its start the span is started under the current context, while its scope is
 * open the span is current (so nested observations and the user's own spans nest under it), and at
 * its stop the response is recorded and the span ended. Everything is read from the observation
 * contexts (the request and response objects), never from Spring AI's log output.
 *
 * <p>The state of each observation is kept in its own {@link Observation.Context}, under a key that
 * every instance shares: when two instances are registered (one by hand, one by auto-configuration)
 * the first to see an observation logs it and the other leaves it alone.
 *
 * <p>Internal: not part of the public API and may change without notice.
 */
public final class ObservationTracing implements ObservationHandler<Observation.Context> {
  /** Where an observation's {@link SpanState} is kept in its context. */
  static final Object STATE = new Object() {
    @Override
    public String toString() {
      return "galileo.span";
    }
  };
  /** How far up the observation tree a parent span is looked for. */
  private static final int MAX_DEPTH = 64;

  private final TracerRef tracer;
  private final List<ObservationKind> kinds;

  public ObservationTracing(TracerRef tracer) {
    this.tracer = tracer;
    this.kinds = Kinds.available();
  }

  @Override
  public boolean supportsContext(Observation.Context context) {
    try {
      return kindOf(context) != null;
    } catch (RuntimeException | LinkageError e) {
      Guard.failed("supportsContext", e);
      return false;
    }
  }

  @Override
  public void onStart(Observation.Context context) {
    Guard.run("onStart", () -> {
      if (context.containsKey(STATE)) {
        return; // another instance of this handler logs it
      }
      ObservationKind kind = kindOf(context);
      if (kind == null) {
        return;
      }
      Context parent = parentOf(context);
      Span span = kind.start(tracer.get(), context, parent);
      context.put(STATE, new SpanState(this, kind, span, parent.with(span)));
    });
  }

  @Override
  public void onScopeOpened(Observation.Context context) {
    Guard.run("onScopeOpened", () -> {
      SpanState state = mine(context);
      if (state != null) {
        state.openScope();
      }
    });
  }

  @Override
  public void onScopeClosed(Observation.Context context) {
    Guard.run("onScopeClosed", () -> {
      SpanState state = mine(context);
      if (state != null) {
        state.closeScope();
      }
    });
  }

  @Override
  public void onScopeReset(Observation.Context context) {
    Guard.run("onScopeReset", () -> {
      SpanState state = mine(context);
      if (state != null) {
        state.resetScopes();
      }
    });
  }

  @Override
  public void onStop(Observation.Context context) {
    SpanState state;
    try {
      state = mine(context);
    } catch (RuntimeException | LinkageError e) {
      Guard.failed("onStop", e);
      return;
    }
    if (state == null) {
      return;
    }
    Span span = state.span;
    // Each step on its own: a response we cannot read still leaves the error and the end.
    Guard.run(state.kind.getClass().getSimpleName() + ".stop", () -> state.kind.stop(span, context));
    Guard.run("onStop", () -> {
      Throwable error = context.getError();
      if (error != null) {
        Integer status = Errors.httpStatus(error);
        if (status != null) {
          span.setStatusCode(status);
        }
        span.recordError(error);
      }
    });
    Guard.run("onStop", span::end);
  }

  private ObservationKind kindOf(Observation.Context context) {
    for (ObservationKind kind : kinds) {
      if (kind.handles(context)) {
        return kind;
      }
    }
    return null;
  }

  private SpanState mine(Observation.Context context) {
    Object state = context.get(STATE);
    return state instanceof SpanState s && s.owner == this ? s : null;
  }

  /**
   * The context the observation's span starts under: the current one, unless the nearest Spring AI
   * observation above it has a span whose scope is not open on this thread. That is a reactive
   * (streaming) call, where Spring AI hands the parent observation over in Reactor's context rather
   * than making it current, or work moved to another thread: there the parent observation's span
   * is the parent, not whatever happens to be current on the thread. An observation with no parent
   * at all, started with nothing current, on a thread that runs a streamed call's tools, takes that
   * call's span.
   */
  private static Context parentOf(Observation.Context context) {
    Context current = Context.current();
    SpanState above = nearestAbove(context);
    if (above == null && context.getParentObservation() == null && !current.span().context().isValid()) {
      above = streamedToolCaller();
    }
    if (above == null || above.scopeOpenHere()) {
      return current;
    }
    return above.context;
  }

  /**
   * The span of the streamed chat model call whose tool calls this thread runs, with nothing
   * current and no parent observation: see {@link ReactiveToolCall}.
   */
  private static SpanState streamedToolCaller() {
    return ReactiveToolCall.observation() instanceof Observation o && o.getContextView() != null
        && o.getContextView().get(STATE) instanceof SpanState state ? state : null;
  }

  private static SpanState nearestAbove(Observation.Context context) {
    ObservationView parent = context.getParentObservation();
    for (int depth = 0; parent != null && depth < MAX_DEPTH; depth++) {
      Observation.ContextView view = parent.getContextView();
      if (view == null) {
        return null;
      }
      if (view.get(STATE) instanceof SpanState state) {
        return state;
      }
      parent = view.getParentObservation();
    }
    return null;
  }
}
