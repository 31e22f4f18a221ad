package ai.galileo.tracing.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import ai.galileo.tracing.Galileo;
import ai.galileo.tracing.Scope;
import ai.galileo.tracing.Span;
import ai.galileo.tracing.Tracer;
import ai.galileo.tracing.core.GalileoConfig;
import ai.galileo.tracing.core.GalileoTracer;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Event;

/**
 * What the extension does around a test, checked by running test classes through JUnit's engine.
 * The classes it runs are nested, so the build's own test run skips them.
 */
class GalileoTracingExtensionLifecycleTest {
  private final GalileoTracer sentinel =
      GalileoTracer.builder().config(GalileoConfig.builder().serviceName("sentinel").build()).build();

  @AfterEach
  void forgetTheGlobalTracer() {
    sentinel.close();
    Galileo.reset();
  }

  @Test
  void aScopeLeftOpenFailsTheTestAndSaysHowToFixIt() {
    EngineExecutionResults results = run(LeaksAScope.class);

    results.testEvents().assertStatistics(stats -> stats.started(1).failed(1));
    Throwable failure = failure(results.testEvents().failed().list().get(0));
    assertInstanceOf(AssertionError.class, failure);
    assertEquals("1 scope was left open on the test thread by leaks(): close every Scope that"
        + " makeCurrent() returns, with try-with-resources", failure.getMessage());
  }

  @Test
  void scopesClosedInTimePass() {
    run(ClosesItsScopes.class).testEvents().assertStatistics(stats -> stats.started(1).succeeded(1));
  }

  @Test
  void aLeakFailsOnlyTheTestThatLeaked() {
    EngineExecutionResults results = run(LeaksOnceThenBehaves.class);

    results.testEvents().assertStatistics(stats -> stats.started(2).failed(1).succeeded(1));
    assertEquals("leaks()", results.testEvents().failed().list().get(0)
        .getTestDescriptor().getDisplayName());
  }

  @Test
  void theTracerInstalledBeforeIsPutBackEvenWhenTheTestFails() {
    Galileo.register(sentinel);

    run(CapturesItsTracer.class).testEvents().assertStatistics(stats -> stats.succeeded(1));
    assertSame(sentinel, Galileo.tracer());

    run(LeaksAScope.class).testEvents().assertStatistics(stats -> stats.failed(1));
    assertSame(sentinel, Galileo.tracer());
  }

  @Test
  void noTracerIsLeftInstalledWhenNoneWasBefore() {
    Galileo.reset();

    run(CapturesItsTracer.class).testEvents().assertStatistics(stats -> stats.succeeded(1));

    // Registering tells what was installed without loading a tracer from the environment.
    assertNull(Galileo.register(sentinel));
  }

  @Test
  void theTestsTracerIsClosedAfterIt() {
    run(CapturesItsTracer.class).testEvents().assertStatistics(stats -> stats.succeeded(1));

    InMemorySpanExporter exporter = CapturesItsTracer.exporter.get();
    assertTrue(exporter.isShutdown());
    assertEquals(List.of("during the test"),
        exporter.finishedSpans().stream().map(s -> s.name()).toList());
  }

  @Test
  void readingSpansOutsideATestSaysWhyItCannot() {
    GalileoTracingExtension idle = GalileoTracingExtension.create();

    IllegalStateException e = assertThrows(IllegalStateException.class, idle::spans);
    assertTrue(e.getMessage().startsWith("No test is running"), e.getMessage());
  }

  /**
   * Runs one test class through the Jupiter engine on a thread of its own, so that scopes it leaks
   * die with that thread instead of staying on this one.
   */
  private static EngineExecutionResults run(Class<?> testClass) {
    ExecutorService thread = Executors.newSingleThreadExecutor();
    try {
      return thread.submit(
          () -> EngineTestKit.engine("junit-jupiter").selectors(selectClass(testClass)).execute())
          .get();
    } catch (Exception e) {
      throw new AssertionError("could not run " + testClass.getSimpleName(), e);
    } finally {
      thread.shutdown();
    }
  }

  private static Throwable failure(Event event) {
    return event.getPayload(TestExecutionResult.class).orElseThrow().getThrowable().orElseThrow();
  }

  static class LeaksAScope {
    @RegisterExtension
    static final GalileoTracingExtension tracing = GalileoTracingExtension.create();

    @Test
    void leaks() {
      tracing.tracer().traceBuilder("leaky").start().makeCurrent();
    }
  }

  static class ClosesItsScopes {
    @RegisterExtension
    static final GalileoTracingExtension tracing = GalileoTracingExtension.create();

    @Test
    void closes() {
      try (Span trace = tracing.tracer().traceBuilder("tidy").start();
           Scope scope = trace.makeCurrent()) {
        trace.setOutput("done");
      }
    }
  }

  @TestMethodOrder(MethodOrderer.OrderAnnotation.class)
  static class LeaksOnceThenBehaves {
    @RegisterExtension
    static final GalileoTracingExtension tracing = GalileoTracingExtension.create();

    @Test
    @Order(1)
    void leaks() {
      tracing.tracer().traceBuilder("leaky").start().makeCurrent();
    }

    @Test
    @Order(2)
    void behaves() {
      try (Span trace = tracing.tracer().traceBuilder("tidy").start();
           Scope scope = trace.makeCurrent()) {
        trace.setOutput("done");
      }
    }
  }

  static class CapturesItsTracer {
    static final AtomicReference<InMemorySpanExporter> exporter = new AtomicReference<>();

    @RegisterExtension
    static final GalileoTracingExtension tracing = GalileoTracingExtension.create();

    @Test
    void captures() {
      Tracer global = Galileo.tracer();
      assertSame(tracing.tracer(), global);
      exporter.set(tracing.exporter());
      global.traceBuilder("during the test").start().end();
    }
  }
}
