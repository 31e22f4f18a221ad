package ai.galileo.tracing.core.internal.annotation;

import ai.galileo.tracing.Content;
import ai.galileo.tracing.Galileo;
import ai.galileo.tracing.Span;
import ai.galileo.tracing.SpanBuilder;
import ai.galileo.tracing.SpanType;
import ai.galileo.tracing.Tracer;
import ai.galileo.tracing.annotation.NotCaptured;
import ai.galileo.tracing.annotation.Traced;
import ai.galileo.tracing.core.internal.ContainedFailures;
import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * What a {@link Traced} method's calls need, worked out once from its declaration: the span's name
 * and type, the JSON keys of the captured parameters, and how its result ends the span.
 *
 * <p>Internal: not part of the public API and may change without notice.
 */
public final class MethodPlan {
  static final ContainedFailures FAILURES = new ContainedFailures(
      "ai.galileo.tracing.annotation", "Galileo's @Traced support", "the traced method");

  static final MethodPlan UNTRACED =
      new MethodPlan(false, null, null, null, null, false, ResultKind.PLAIN);

  private final boolean traced;
  private final String name;
  private final SpanType type;
  /** {@code "name":} of each captured parameter, ready to append; null when there is no input. */
  private final String[] keys;
  private final int[] indexes;
  /** {@code {"name":"} for a method with one captured parameter. */
  private final String singleStringOpening;
  /** The keys' length with the braces and commas. */
  private final int keysLength;
  private final boolean captureOutput;
  private final ResultKind result;

  private MethodPlan(boolean traced, String name, SpanType type, String[] keys, int[] indexes,
      boolean captureOutput, ResultKind result) {
    this.traced = traced;
    this.name = name;
    this.type = type;
    this.keys = keys;
    this.indexes = indexes;
    int length = 2;
    if (keys != null) {
      for (String key : keys) {
        length += key.length() + 1;
      }
    }
    this.keysLength = length;
    this.singleStringOpening = keys != null && keys.length == 1 ? "{" + keys[0] + "\"" : null;
    this.captureOutput = captureOutput;
    this.result = result;
  }

  static MethodPlan of(Method method) {
    Traced traced = method.getAnnotation(Traced.class);
    if (traced == null) {
      return UNTRACED;
    }
    String name = traced.name().isBlank()
        ? method.getDeclaringClass().getSimpleName() + "." + method.getName()
        : traced.name();
    SpanType type = traced.type() == null ? SpanType.WORKFLOW : traced.type();
    String[] keys = null;
    int[] indexes = null;
    if (traced.captureInput()) {
      List<String> k = new ArrayList<>();
      List<Integer> ix = new ArrayList<>();
      Parameter[] parameters = method.getParameters();
      for (int i = 0; i < parameters.length; i++) {
        if (!parameters[i].isAnnotationPresent(NotCaptured.class)) {
          StringBuilder key = new StringBuilder();
          JsonValues.appendString(key, parameters[i].getName(), Integer.MAX_VALUE);
          k.add(key.append(':').toString());
          ix.add(i);
        }
      }
      if (!k.isEmpty()) {
        keys = k.toArray(new String[0]);
        indexes = ix.stream().mapToInt(Integer::intValue).toArray();
      }
    }
    return new MethodPlan(true, name, type, keys, indexes, traced.captureOutput(),
        ResultKind.of(method.getReturnType()));
  }

  /** False for a method without {@link Traced}: its calls just proceed. */
  public boolean traced() {
    return traced;
  }

  /**
   * Starts the call's span with {@code tracer}, or with {@code Galileo.tracer()} when it is null;
   * a span that records nothing if that fails (an invalid configuration found on first use).
   */
  public Span start(Tracer tracer, Object[] args) {
    try {
      if (tracer == null) {
        tracer = Galileo.tracer();
      }
      SpanBuilder builder = type == SpanType.TRACE
          ? tracer.traceBuilder(name)
          : tracer.spanBuilder(name, type);
      if (keys != null) {
        builder.setInput(input(args));
      }
      Span span = builder.start();
      return span == null ? Span.invalid() : span;
    } catch (RuntimeException | LinkageError e) {
      return failedToStart(e);
    }
  }

  /** Out of the way of {@link #start}, which runs on every call and should stay small. */
  private Span failedToStart(Throwable e) {
    FAILURES.failed("starting the span of " + name, e);
    return Span.invalid();
  }

  /** The arguments as a JSON object; a note instead when they cannot be read. */
  String input(Object[] args) {
    if (keys.length == 1 && args != null && args.length > indexes[0]
        && args[indexes[0]] instanceof String s && s.length() <= JsonValues.MAX_STRING_CHARS
        && !JsonValues.needsEscaping(s)) {
      return singleStringOpening + s + "\"}"; // the common case, in one exact allocation
    }
    StringBuilder sb = new StringBuilder(capacity(args));
    sb.append('{');
    for (int i = 0; i < keys.length; i++) {
      if (i > 0) {
        sb.append(',');
      }
      sb.append(keys[i]);
      int index = indexes[i];
      JsonValues.append(sb, args == null || index >= args.length ? null : args[index], 0);
    }
    return sb.append('}').toString();
  }

  /** Room for the keys and the strings among the arguments, so that the common input fits at once. */
  private int capacity(Object[] args) {
    int n = keysLength;
    if (args != null) {
      for (int index : indexes) {
        if (index < args.length && args[index] instanceof String s) {
          n += Math.min(s.length(), JsonValues.MAX_STRING_CHARS) + 2;
        } else {
          n += 8;
        }
      }
    }
    return n;
  }

  /** Records the method's exception and ends the span; the caller rethrows it. */
  public void failed(Span span, Throwable error) {
    try {
      span.recordError(error);
    } catch (RuntimeException | LinkageError e) {
      FAILURES.failed("recording the exception of " + name, e); // rare: no need to keep it apart
    } finally {
      span.end();
    }
  }

  /**
   * Records a synchronous result and ends the span, or hands an asynchronous one what ends the span
   * when it completes. Returns what the caller gets.
   */
  public Object finish(Span span, Object value) {
    if (result == ResultKind.PLAIN) { // decided once from the declared return type
      recordSafely(span, value);
      span.end();
      return value;
    }
    return finishAsync(span, value);
  }

  /** A result that may end the span later: a stage, a Mono or Flux, or one that may be either. */
  private Object finishAsync(Span span, Object value) {
    try {
      switch (result) {
        case STAGE:
          if (value instanceof CompletionStage<?> stage) {
            AsyncResults.endOnCompletion(stage, span, this);
            return value;
          }
          break;
        case REACTOR:
          return ReactorResults.endOnTermination(value, span, this);
        case DYNAMIC:
          if (value instanceof CompletionStage<?> stage) {
            AsyncResults.endOnCompletion(stage, span, this);
            return value;
          }
          if (ResultKind.REACTOR_PRESENT && ReactorResults.isReactor(value)) {
            return ReactorResults.endOnTermination(value, span, this);
          }
          break;
        default:
          break;
      }
    } catch (RuntimeException | LinkageError e) {
      FAILURES.failed("recording the result of " + name, e);
      span.end();
      return value;
    }
    recordSafely(span, value); // null, or not the kind the declared type allows
    span.end();
    return value;
  }

  /** {@link #recordOutput}, a failure of which is logged and leaves the span without output. */
  private void recordSafely(Span span, Object value) {
    if (!captureOutput || value == null) {
      return;
    }
    try {
      recordOutput(span, value);
    } catch (RuntimeException | LinkageError e) {
      FAILURES.failed("recording the result of " + name, e);
    }
  }

  /** Sets the span's output from a value, unless output capture is off or the value is null. */
  void recordOutput(Span span, Object value) {
    if (!captureOutput || value == null) {
      return;
    }
    if (value instanceof String s) { // the common case, ahead of the general rendering
      span.setOutput(JsonValues.cut(s));
    } else if (value instanceof Content content) {
      span.setOutput(content);
    } else {
      span.setOutput(JsonValues.text(value));
    }
  }

  String name() {
    return name;
  }
}
