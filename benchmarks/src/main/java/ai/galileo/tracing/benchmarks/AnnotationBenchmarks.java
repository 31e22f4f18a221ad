package ai.galileo.tracing.benchmarks;

import ai.galileo.tracing.Span;
import ai.galileo.tracing.SpanType;
import ai.galileo.tracing.annotation.Traced;
import ai.galileo.tracing.core.GalileoConfig;
import ai.galileo.tracing.core.GalileoTracer;
import ai.galileo.tracing.core.annotation.TracedMethod;
import ai.galileo.tracing.core.annotation.TracedMethods;
import ai.galileo.tracing.cdi.GalileoCdiExtension;
import ai.galileo.tracing.spring.boot.GalileoAnnotationsAutoConfiguration;
import jakarta.annotation.Priority;
import jakarta.interceptor.AroundInvoke;
import jakarta.interceptor.Interceptor;
import jakarta.interceptor.InterceptorBinding;
import jakarta.interceptor.InvocationContext;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.aopalliance.intercept.MethodInterceptor;
import org.aopalliance.intercept.MethodInvocation;
import org.jboss.weld.environment.se.Weld;
import org.jboss.weld.environment.se.WeldContainer;
import org.springframework.aop.framework.ProxyFactory;
import org.springframework.aop.support.DefaultPointcutAdvisor;
import org.springframework.aop.support.annotation.AnnotationMatchingPointcut;
import org.springframework.beans.factory.support.DefaultListableBeanFactory;

/**
 * 12. {@code @Traced}: one call of an annotated method, as the child of the current span, against
 * the same span written by hand (same name, type, input and output), with the exporter
 * {@code none}. The target (issue 24) is on what the annotation adds over the hand-written span:
 * at most 50 ns through the Spring aspect and the CDI interceptor alike.
 *
 * <ul>
 *   <li>{@code tracedCall_untraced}: the plain method, for scale.
 *   <li>{@code tracedCall_handWritten}: the span a user would write around the call.
 *   <li>{@code tracedCall_engine}: galileo-core's engine called directly as the interceptors now
 *       call it: the method's {@code TracedMethod} resolved once, the call handed over with a
 *       method reference that captures nothing. The engine's own share.
 *   <li>{@code tracedCall_springAspect}: a Spring AOP class proxy (CGLIB, as Spring Boot makes
 *       them) carrying the starter's own advisor.
 *   <li>{@code tracedCall_springProxyOnly}: the same proxy with an advice that only proceeds, no
 *       span: Spring AOP's own share of {@code springAspect}, which no advice can avoid.
 *   <li>{@code tracedCall_springResolvedAdvice}: the same proxy with an advice that calls the
 *       engine as the starter's does, but with the method's {@code TracedMethod} resolved before
 *       the trial: {@code springAspect} without the advice's per-call look-up (target class,
 *       {@code ClassValue}, map). Against {@code springAspect} it prices that look-up; against
 *       {@code springProxyOnly} plus {@code engine}, how the engine fares inside Spring's chain.
 *   <li>{@code tracedCall_springHandWrittenAdvice}: the same proxy with the hand-written row's
 *       span written into its advice (around {@code invocation.proceed()}): the least any advice
 *       on Spring AOP's proxy costs for this span, the floor under {@code springAspect}.
 *   <li>{@code tracedCall_cdiInterceptor}: galileo-cdi's interceptor on the same class as a
 *       {@code @Dependent} bean of a Weld SE 6 container (Weld's interception subclass, no client
 *       proxy: a normal-scoped bean adds Weld's client proxy, which every call to it pays, traced
 *       or not). The interceptor traces with {@code Galileo.tracer()}, as in an application, so
 *       the trial installs the benchmark's tracer there.
 *   <li>{@code tracedCall_cdiProxyOnly}: the same kind of bean with an interceptor that only
 *       proceeds, no span: Weld's own share of {@code cdiInterceptor}, which no interceptor can
 *       avoid.
 * </ul>
 */
@BenchmarkMode(org.openjdk.jmh.annotations.Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class AnnotationBenchmarks {
  static final String QUESTION = "What did Galileo Galilei research?";
  /** What the annotation makes of the argument: a JSON object keyed by the parameter's name. */
  static final String INPUT_PREFIX = "{\"question\":\"";

  /** The traced bean. Public and not final, so that a class proxy can extend it. */
  public static class Assistant {
    static final String ANSWER = "Motion, astronomy and the telescope.";

    @Traced(name = "Assistant.answer", type = SpanType.WORKFLOW)
    public String answer(String question) {
      return ANSWER;
    }
  }

  /** The bean the engine row calls, as the interceptor's target. */
  static final Assistant TARGET = new Assistant();

  /** What an interceptor's proceed does for the engine row: the plain call, capturing nothing. */
  static Object proceedWith(Object[] args) {
    return TARGET.answer((String) args[0]);
  }

  /** An interceptor binding of the benchmark's own, for Weld's share alone. */
  @InterceptorBinding
  @Retention(RetentionPolicy.RUNTIME)
  @Target({ElementType.METHOD, ElementType.TYPE})
  public @interface PassThrough {}

  /** An interceptor that only proceeds: what Weld costs per call with any interceptor. */
  @Interceptor
  @PassThrough
  @Priority(Interceptor.Priority.LIBRARY_BEFORE)
  public static class PassThroughInterceptor {
    @AroundInvoke
    public Object proceed(InvocationContext invocation) throws Exception {
      return invocation.proceed();
    }
  }

  /** {@link Assistant}'s method, bound to {@link PassThrough} instead of traced. */
  public static class PlainAssistant {
    @PassThrough
    public String answer(String question) {
      return Assistant.ANSWER;
    }
  }

  @State(Scope.Thread)
  public static class Galileo {
    /**
     * Read per call from a field, as a real argument is: from a constant, C2 folded the
     * hand-written rows' input concatenation away.
     */
    String question = QUESTION;

    GalileoTracer tracer;
    Span parent;
    ai.galileo.tracing.Scope parentScope;
    Assistant plain;
    Assistant springProxy;
    Assistant springPassThrough;
    Assistant springResolved;
    Assistant springHandWritten;
    TracedMethod engine;

    @Setup(Level.Trial)
    public void setUp() throws NoSuchMethodException {
      tracer = GalileoTracer.builder()
          .config(GalileoConfig.builder().set("GALILEO_EXPORTER", "none")
              .serviceName(Fixtures.SERVICE).build())
          .build();
      parent = tracer.traceBuilder("parent").start();
      parentScope = parent.makeCurrent();
      plain = new Assistant();
      engine = TracedMethods.create(tracer)
          .method(Assistant.class.getMethod("answer", String.class));
      springProxy = springProxy(tracer, plain);
      springPassThrough = passThroughProxy(plain);
      springResolved = resolvedAdviceProxy(plain, engine);
      springHandWritten = handWrittenAdviceProxy(plain, tracer);
      if (!Assistant.ANSWER.equals(springProxy.answer(QUESTION))) {
        throw new IllegalStateException("the proxy does not reach the bean");
      }
    }

    /** The starter's advisor, on a class proxy as Spring Boot's auto-proxying makes one. */
    static Assistant springProxy(GalileoTracer tracer, Assistant target) {
      DefaultListableBeanFactory beans = new DefaultListableBeanFactory();
      beans.registerSingleton("galileoTracer", tracer);
      ProxyFactory proxies = new ProxyFactory(target);
      proxies.setProxyTargetClass(true);
      proxies.addAdvisor(GalileoAnnotationsAutoConfiguration.galileoTracedMethodsAdvisor(
          beans.getBeanProvider(GalileoTracer.class)));
      return (Assistant) proxies.getProxy(AnnotationBenchmarks.class.getClassLoader());
    }

    /** The same kind of proxy and pointcut, with an advice that only proceeds. */
    static Assistant passThroughProxy(Assistant target) {
      ProxyFactory proxies = new ProxyFactory(target);
      proxies.setProxyTargetClass(true);
      proxies.addAdvisor(new DefaultPointcutAdvisor(
          new AnnotationMatchingPointcut(null, Traced.class, true),
          (MethodInterceptor) MethodInvocation::proceed));
      return (Assistant) proxies.getProxy(AnnotationBenchmarks.class.getClassLoader());
    }

    /** The same kind of proxy and pointcut, the engine called with a handle resolved up front. */
    static Assistant resolvedAdviceProxy(Assistant target, TracedMethod handle) {
      ProxyFactory proxies = new ProxyFactory(target);
      proxies.setProxyTargetClass(true);
      proxies.addAdvisor(new DefaultPointcutAdvisor(
          new AnnotationMatchingPointcut(null, Traced.class, true),
          (MethodInterceptor) invocation ->
              handle.invoke(invocation, invocation.getArguments(), MethodInvocation::proceed)));
      return (Assistant) proxies.getProxy(AnnotationBenchmarks.class.getClassLoader());
    }

    /**
     * The same kind of proxy and pointcut, with the hand-written row's span written into an advice:
     * what any advice on Spring AOP's proxy costs at least for this span.
     */
    static Assistant handWrittenAdviceProxy(Assistant target, GalileoTracer tracer) {
      ProxyFactory proxies = new ProxyFactory(target);
      proxies.setProxyTargetClass(true);
      proxies.addAdvisor(new DefaultPointcutAdvisor(
          new AnnotationMatchingPointcut(null, Traced.class, true),
          (MethodInterceptor) invocation -> {
            Span span = tracer.spanBuilder("Assistant.answer", SpanType.WORKFLOW)
                .setInput(INPUT_PREFIX + invocation.getArguments()[0] + "\"}")
                .start();
            try (ai.galileo.tracing.Scope ignored = span.makeCurrent()) {
              Object answer = invocation.proceed();
              span.setOutput((String) answer);
              return answer;
            } catch (RuntimeException e) {
              span.recordError(e);
              throw e;
            } finally {
              span.end();
            }
          }));
      return (Assistant) proxies.getProxy(AnnotationBenchmarks.class.getClassLoader());
    }

    @TearDown(Level.Trial)
    public void tearDown() {
      parentScope.close();
      parent.end();
      tracer.shutdown(Duration.ofSeconds(5));
    }
  }

  /** galileo-cdi's interceptor: {@link Assistant} as a bean of a Weld SE container. */
  @State(Scope.Thread)
  public static class Cdi {
    /**
     * Read per call from a field, as a real argument is: from a constant, C2 folded the
     * hand-written rows' input concatenation away.
     */
    String question = QUESTION;

    ai.galileo.tracing.Tracer previous;
    WeldContainer container;
    Assistant bean;
    PlainAssistant passThrough;

    @Setup(Level.Trial)
    public void setUp(Galileo g) {
      previous = ai.galileo.tracing.Galileo.register(g.tracer);
      container = new Weld().disableDiscovery()
          .addBeanClasses(Assistant.class, PlainAssistant.class, PassThroughInterceptor.class)
          .addExtension(new GalileoCdiExtension())
          .initialize();
      bean = container.select(Assistant.class).get();
      if (bean.getClass() == Assistant.class || !Assistant.ANSWER.equals(bean.answer(QUESTION))) {
        throw new IllegalStateException("Weld gave no intercepted bean: " + bean.getClass());
      }
      passThrough = container.select(PlainAssistant.class).get();
      if (passThrough.getClass() == PlainAssistant.class) {
        throw new IllegalStateException("Weld gave no intercepted bean: " + passThrough.getClass());
      }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
      container.close();
      if (previous == null) {
        ai.galileo.tracing.Galileo.reset();
      } else {
        ai.galileo.tracing.Galileo.register(previous);
      }
    }
  }

  @Benchmark
  public String tracedCall_untraced(Galileo g) {
    return g.plain.answer(g.question);
  }

  @Benchmark
  public String tracedCall_handWritten(Galileo g) {
    String question = g.question;
    Span span = g.tracer.spanBuilder("Assistant.answer", SpanType.WORKFLOW)
        .setInput(INPUT_PREFIX + question + "\"}")
        .start();
    try (ai.galileo.tracing.Scope ignored = span.makeCurrent()) {
      String answer = g.plain.answer(question);
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
  public Object tracedCall_engine(Galileo g) throws Throwable {
    Object[] args = {g.question};
    return g.engine.invoke(args, args, AnnotationBenchmarks::proceedWith);
  }

  @Benchmark
  public String tracedCall_springAspect(Galileo g) {
    return g.springProxy.answer(g.question);
  }

  @Benchmark
  public String tracedCall_springProxyOnly(Galileo g) {
    return g.springPassThrough.answer(g.question);
  }

  @Benchmark
  public String tracedCall_springResolvedAdvice(Galileo g) {
    return g.springResolved.answer(g.question);
  }

  @Benchmark
  public String tracedCall_springHandWrittenAdvice(Galileo g) {
    return g.springHandWritten.answer(g.question);
  }

  @Benchmark
  public String tracedCall_cdiInterceptor(Cdi cdi) {
    return cdi.bean.answer(cdi.question);
  }

  @Benchmark
  public String tracedCall_cdiProxyOnly(Cdi cdi) {
    return cdi.passThrough.answer(cdi.question);
  }
}
