package ai.galileo.tracing.benchmarks.arc;

import ai.galileo.tracing.Galileo;
import ai.galileo.tracing.Span;
import ai.galileo.tracing.SpanType;
import ai.galileo.tracing.Tracer;
import ai.galileo.tracing.core.GalileoConfig;
import ai.galileo.tracing.core.GalileoTracer;
import io.quarkus.arc.Arc;
import io.quarkus.arc.ClientProxy;
import io.quarkus.runtime.Application;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * 12. {@code @Traced} on Quarkus' ArC: benchmarks/' {@code AnnotationBenchmarks} rows for Weld SE
 * again, in a Quarkus application, where ArC writes the interception at build time. One call of
 * the annotated method as the child of the current span, exporter {@code none}, against the same
 * span written by hand. The target (issue 24): at most 50 ns over the hand-written span.
 *
 * <ul>
 *   <li>{@code tracedCall_untraced}: the plain method, for scale.
 *   <li>{@code tracedCall_handWritten}: the span a user would write around the call (the same code
 *       as {@code AnnotationBenchmarks.tracedCall_handWritten}).
 *   <li>{@code tracedCall_arcInterceptor}: galileo-cdi's interceptor on a {@code @Dependent} bean:
 *       ArC's interception subclass, no client proxy; the row to set beside Weld's, which is
 *       {@code @Dependent} too.
 *   <li>{@code tracedCall_arcProxyOnly}: the same kind of bean with an interceptor that only
 *       proceeds, no span: ArC's own share of {@code arcInterceptor}.
 *   <li>{@code tracedCall_untracedScoped}, {@code tracedCall_handWrittenScoped},
 *       {@code tracedCall_arcInterceptorScoped}, {@code tracedCall_arcProxyOnlyScoped}: the same
 *       four on {@code @ApplicationScoped} beans, as application beans usually are: each call also
 *       goes through ArC's client proxy, traced or not, so the hand-written span is written around
 *       a call to such a bean with no interceptor.
 * </ul>
 *
 * <p>Run from the application's uber-jar ({@code java -cp ...-runner.jar org.openjdk.jmh.Main}):
 * each fork starts the application in its set-up with the generated {@code ApplicationImpl}, so
 * it needs forks ({@code -f 0} would start it twice in one JVM).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class ArcAnnotationBenchmarks {
  static final String QUESTION = "What did Galileo Galilei research?";
  /** What the annotation makes of the argument: a JSON object keyed by the parameter's name. */
  static final String INPUT_PREFIX = "{\"question\":\"";
  static final String SERVICE = "bench-service";
  /** The class Quarkus' build generates to start the application. */
  static final String APPLICATION = "io.quarkus.runner.ApplicationImpl";

  @State(Scope.Thread)
  public static class Arc {
    /**
     * Read per call from a field, as a real argument is: from a constant, C2 folded the
     * hand-written rows' input concatenation away.
     */
    String question = QUESTION;

    Application quarkus;
    Tracer previous;
    GalileoTracer tracer;
    Span parent;
    ai.galileo.tracing.Scope parentScope;
    Assistant plain;
    Assistant bean;
    PlainAssistant passThrough;
    ScopedAssistant scoped;
    ScopedPlainAssistant scopedPassThrough;
    ScopedUntracedAssistant scopedPlain;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
      quarkus = (Application) Class.forName(APPLICATION).getDeclaredConstructor().newInstance();
      quarkus.start(new String[0]);
      plain = new Assistant();
      bean = intercepted(Assistant.class, false);
      passThrough = intercepted(PlainAssistant.class, false);
      scoped = intercepted(ScopedAssistant.class, true);
      scopedPassThrough = intercepted(ScopedPlainAssistant.class, true);
      scopedPlain = io.quarkus.arc.Arc.container().instance(ScopedUntracedAssistant.class).get();
      if (!(scopedPlain instanceof ClientProxy)
          || ClientProxy.unwrap(scopedPlain).getClass() != ScopedUntracedAssistant.class) {
        throw new IllegalStateException("expected a client proxy to the plain bean: "
            + scopedPlain.getClass());
      }

      // The class names say ArC intercepts; a recording tracer shows the interceptor makes the span.
      SpanCheck check = new SpanCheck(SERVICE);
      previous = Galileo.register(check.tracer());
      try {
        check.expectSpan("the @Dependent bean", bean::answer, QUESTION,
            INPUT_PREFIX + QUESTION + "\"}", Assistant.ANSWER);
        check.expectSpan("the @ApplicationScoped bean", scoped::answer, QUESTION,
            INPUT_PREFIX + QUESTION + "\"}", Assistant.ANSWER);
        check.expectNoSpan("the @Dependent pass-through bean", passThrough::answer, QUESTION);
        check.expectNoSpan("the @ApplicationScoped pass-through bean", scopedPassThrough::answer,
            QUESTION);
      } finally {
        check.close();
      }

      // The tracer the rows measure: the interceptor finds it with Galileo.tracer() at each call.
      tracer = exportingNothing();
      Galileo.register(tracer);
      parent = tracer.traceBuilder("parent").start();
      parentScope = parent.makeCurrent();
    }

    @TearDown(Level.Trial)
    public void tearDown() {
      parentScope.close();
      parent.end();
      tracer.shutdown(Duration.ofSeconds(5));
      if (previous == null) {
        Galileo.reset();
      } else {
        Galileo.register(previous);
      }
      quarkus.stop();
    }
  }

  /** A real tracer whose spans end at the exporter {@code none}, as AnnotationBenchmarks measures. */
  static GalileoTracer exportingNothing() {
    return GalileoTracer.builder()
        .config(GalileoConfig.builder().set("GALILEO_EXPORTER", "none").serviceName(SERVICE).build())
        .build();
  }

  /**
   * The bean ArC hands out, checked to be its interception subclass (behind its client proxy for a
   * normal-scoped bean), so that no row measures a plain object by mistake.
   */
  static <T> T intercepted(Class<T> type, boolean normalScoped) {
    T bean = io.quarkus.arc.Arc.container().instance(type).get();
    if (bean == null) {
      throw new IllegalStateException("ArC has no bean " + type.getName());
    }
    Object target = bean;
    if (normalScoped) {
      if (!(bean instanceof ClientProxy)) {
        throw new IllegalStateException("ArC gave no client proxy: " + bean.getClass());
      }
      target = ClientProxy.unwrap(bean);
    }
    if (target.getClass() == type || !target.getClass().getName().endsWith("_Subclass")) {
      throw new IllegalStateException("ArC gave no intercepted bean: " + target.getClass());
    }
    return bean;
  }

  @Benchmark
  public String tracedCall_untraced(Arc a) {
    return a.plain.answer(a.question);
  }

  @Benchmark
  public String tracedCall_handWritten(Arc a) {
    String question = a.question;
    Span span = a.tracer.spanBuilder("Assistant.answer", SpanType.WORKFLOW)
        .setInput(INPUT_PREFIX + question + "\"}")
        .start();
    try (ai.galileo.tracing.Scope ignored = span.makeCurrent()) {
      String answer = a.plain.answer(question);
      span.setOutput(answer);
      return answer;
    } catch (RuntimeException e) {
      span.recordError(e);
      throw e;
    } finally {
      span.end();
    }
  }

  @Benchmark
  public String tracedCall_untracedScoped(Arc a) {
    return a.scopedPlain.answer(a.question);
  }

  @Benchmark
  public String tracedCall_handWrittenScoped(Arc a) {
    String question = a.question;
    Span span = a.tracer.spanBuilder("Assistant.answer", SpanType.WORKFLOW)
        .setInput(INPUT_PREFIX + question + "\"}")
        .start();
    try (ai.galileo.tracing.Scope ignored = span.makeCurrent()) {
      String answer = a.scopedPlain.answer(question);
      span.setOutput(answer);
      return answer;
    } catch (RuntimeException e) {
      span.recordError(e);
      throw e;
    } finally {
      span.end();
    }
  }

  @Benchmark
  public String tracedCall_arcInterceptor(Arc a) {
    return a.bean.answer(a.question);
  }

  @Benchmark
  public String tracedCall_arcProxyOnly(Arc a) {
    return a.passThrough.answer(a.question);
  }

  @Benchmark
  public String tracedCall_arcInterceptorScoped(Arc a) {
    return a.scoped.answer(a.question);
  }

  @Benchmark
  public String tracedCall_arcProxyOnlyScoped(Arc a) {
    return a.scopedPassThrough.answer(a.question);
  }
}
