package ai.galileo.tracing.benchmarks;

import ai.galileo.tracing.Galileo;
import ai.galileo.tracing.Span;
import ai.galileo.tracing.SpanType;
import ai.galileo.tracing.Tracer;
import ai.galileo.tracing.annotation.Traced;
import ai.galileo.tracing.cdi.GalileoCdiExtension;
import ai.galileo.tracing.core.GalileoConfig;
import ai.galileo.tracing.core.GalileoTracer;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.jboss.weld.environment.se.Weld;
import org.jboss.weld.environment.se.WeldContainer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * 12 (CDI). {@code @Traced} through galileo-cdi's interceptor on a Weld SE 6 bean, against the same
 * span written by hand (same name, type, input and output), as the child of the current span,
 * exporter {@code none}. The target (issue 24): at most 50 ns over the hand-written span.
 *
 * <ul>
 *   <li>{@code cdi_handWritten}: the span a user would write around the call.
 *   <li>{@code cdi_interceptor}: the annotated method of a {@code @Dependent} bean (Weld's
 *       interception subclass, no client proxy), so the difference is the interceptor chain and
 *       the annotation's engine. A normal-scoped bean adds Weld's client proxy, which any call to
 *       it pays, traced or not.
 * </ul>
 *
 * <p>The interceptor traces with {@code Galileo.tracer()}, as in an application, so the benchmark's
 * tracer is installed there for the trial.
 */
@BenchmarkMode(org.openjdk.jmh.annotations.Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class CdiAnnotationBenchmarks {
  static final String QUESTION = "What did Galileo Galilei research?";
  static final String INPUT_PREFIX = "{\"question\":\"";

  /** The traced bean: a static nested class, which CDI accepts as a managed bean. */
  public static class Assistant {
    static final String ANSWER = "Motion, astronomy and the telescope.";

    @Traced(name = "Assistant.answer", type = SpanType.WORKFLOW)
    public String answer(String question) {
      return ANSWER;
    }
  }

  @State(Scope.Thread)
  public static class Cdi {
    GalileoTracer tracer;
    Tracer previous;
    Span parent;
    ai.galileo.tracing.Scope parentScope;
    WeldContainer container;
    Assistant plain;
    Assistant bean;

    @Setup(Level.Trial)
    public void setUp() {
      tracer = GalileoTracer.builder()
          .config(GalileoConfig.builder().set("GALILEO_EXPORTER", "none")
              .serviceName(Fixtures.SERVICE).build())
          .build();
      previous = Galileo.register(tracer);
      container = new Weld().disableDiscovery()
          .addBeanClasses(Assistant.class)
          .addExtension(new GalileoCdiExtension())
          .initialize();
      bean = container.select(Assistant.class).get();
      plain = new Assistant();
      if (bean.getClass() == Assistant.class || !Assistant.ANSWER.equals(bean.answer(QUESTION))) {
        throw new IllegalStateException("Weld gave no intercepted bean: " + bean.getClass());
      }
      parent = tracer.traceBuilder("parent").start();
      parentScope = parent.makeCurrent();
    }

    @TearDown(Level.Trial)
    public void tearDown() {
      parentScope.close();
      parent.end();
      container.close();
      if (previous == null) {
        Galileo.reset();
      } else {
        Galileo.register(previous);
      }
      tracer.shutdown(Duration.ofSeconds(5));
    }
  }

  @Benchmark
  public String cdi_handWritten(Cdi c) {
    String question = QUESTION;
    Span span = c.tracer.spanBuilder("Assistant.answer", SpanType.WORKFLOW)
        .setInput(INPUT_PREFIX + question + "\"}")
        .start();
    try (ai.galileo.tracing.Scope ignored = span.makeCurrent()) {
      String answer = c.plain.answer(question);
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
  public String cdi_interceptor(Cdi c) {
    return c.bean.answer(QUESTION);
  }
}
