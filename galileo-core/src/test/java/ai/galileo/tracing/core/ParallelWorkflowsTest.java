package ai.galileo.tracing.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ai.galileo.tracing.Context;
import ai.galileo.tracing.Scope;
import ai.galileo.tracing.Span;
import ai.galileo.tracing.SpanType;
import ai.galileo.tracing.Tracer;
import ai.galileo.tracing.internal.ThreadLocalContextStorage;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Parallel nested workflows and fire-and-forget, which Galileo's own SDK does not support: many
 * traces at once, each fanning out child workflows on other threads, every span under the right
 * parent. Runs on a platform-thread pool, and on virtual threads where the JDK has them (the build
 * runs this class again on JDK 21+ when one is installed).
 */
class ParallelWorkflowsTest {
  private static final int TRACES = 200;
  private static final int CHILDREN = 8;

  @Test
  void parallelChildWorkflowsOnAPoolEachGetTheRightParent() throws Exception {
    ExecutorService workers = Executors.newFixedThreadPool(16);
    try {
      runAndVerify(workers);
    } finally {
      workers.shutdownNow();
    }
  }

  @Test
  void parallelChildWorkflowsOnVirtualThreadsEachGetTheRightParent() throws Exception {
    ExecutorService virtual = virtualThreadExecutor();
    assumeTrue(virtual != null, "virtual threads need JDK 21+; this run is on " + Runtime.version());
    try {
      runAndVerify(virtual);
    } finally {
      virtual.shutdownNow();
    }
  }

  private static ExecutorService virtualThreadExecutor() {
    try {
      return (ExecutorService) Executors.class.getMethod("newVirtualThreadPerTaskExecutor").invoke(null);
    } catch (ReflectiveOperationException e) {
      return null;
    }
  }

  private void runAndVerify(ExecutorService rawWorkers) throws Exception {
    RecordingProcessor recorded = new RecordingProcessor();
    GalileoTracer tracer = GalileoTracer.builder()
        .config(GalileoTracerTest.quiet().mode(Mode.DISTRIBUTED).build())
        .addSpanProcessor(recorded)
        .build();
    AtomicInteger leakedScopes = new AtomicInteger();
    // Tasks carry the submitter's context; the outer wrapper checks the worker is clean afterwards.
    ExecutorService workers = Context.taskWrapping(leakChecking(rawWorkers, leakedScopes));
    ExecutorService requests = Executors.newFixedThreadPool(8);
    List<CompletableFuture<?>> fireAndForget = new ArrayList<>();
    try {
      List<CompletableFuture<Void>> all = new ArrayList<>();
      for (int t = 0; t < TRACES; t++) {
        String traceName = "trace-" + t;
        all.add(CompletableFuture.runAsync(() -> request(tracer, traceName, workers, fireAndForget), requests));
      }
      CompletableFuture.allOf(all.toArray(new CompletableFuture<?>[0])).get(60, TimeUnit.SECONDS);
      synchronized (fireAndForget) {
        CompletableFuture.allOf(fireAndForget.toArray(new CompletableFuture<?>[0])).get(60, TimeUnit.SECONDS);
      }
    } finally {
      requests.shutdownNow();
    }

    assertThat(leakedScopes).hasValue(0);
    Map<UUID, SpanData> byId = recorded.endedById();
    // per trace: the trace, 8 workflows each with an LLM span, and one late tool span
    assertThat(byId).hasSize(TRACES * (2 + CHILDREN * 2));
    Map<String, SpanData> byName = new java.util.HashMap<>();
    for (SpanData s : byId.values()) {
      assertThat(byName.put(s.name(), s)).as("unique name %s", s.name()).isNull();
    }
    for (int t = 0; t < TRACES; t++) {
      SpanData trace = byName.get("trace-" + t);
      assertThat(trace.isTrace()).isTrue();
      for (int c = 0; c < CHILDREN; c++) {
        SpanData workflow = byName.get("trace-" + t + "/workflow-" + c);
        SpanData llm = byName.get("trace-" + t + "/workflow-" + c + "/llm");
        assertThat(workflow.traceId()).isEqualTo(trace.traceId());
        assertThat(workflow.parentId()).isEqualTo(trace.spanId());
        assertThat(llm.traceId()).isEqualTo(trace.traceId());
        assertThat(llm.parentId()).isEqualTo(workflow.spanId());
      }
      SpanData late = byName.get("trace-" + t + "/late");
      assertThat(late.traceId()).isEqualTo(trace.traceId());
      assertThat(late.parentId()).isEqualTo(trace.spanId());
      assertThat(late.startEpochNanos() + late.durationNanos())
          .isGreaterThan(trace.startEpochNanos() + trace.durationNanos());
    }
    tracer.close();
  }

  private static void request(Tracer tracer, String traceName, ExecutorService workers,
      List<CompletableFuture<?>> fireAndForget) {
    Span trace = tracer.traceBuilder(traceName).setInput("question").start();
    try (Scope ignored = trace.makeCurrent()) {
      List<CompletableFuture<Void>> children = new ArrayList<>();
      for (int c = 0; c < CHILDREN; c++) {
        String name = traceName + "/workflow-" + c;
        children.add(CompletableFuture.runAsync(() -> childWorkflow(tracer, name), workers));
      }
      CompletableFuture.allOf(children.toArray(new CompletableFuture<?>[0])).join();
      // Fire and forget: the trace concludes before this span ends.
      CompletableFuture<Void> late = CompletableFuture.runAsync(() -> {
        Span span = tracer.spanBuilder(traceName + "/late", SpanType.TOOL).start();
        sleepQuietly(20);
        span.end("notified");
      }, workers);
      synchronized (fireAndForget) {
        fireAndForget.add(late);
      }
    }
    trace.end();
  }

  private static void childWorkflow(Tracer tracer, String name) {
    Span workflow = tracer.spanBuilder(name, SpanType.WORKFLOW).start();
    try (Scope ignored = workflow.makeCurrent()) {
      Thread.yield();
      Span llm = tracer.spanBuilder(name + "/llm", SpanType.LLM).start();
      Thread.yield();
      llm.end("answer");
    }
    workflow.end();
  }

  private static ExecutorService leakChecking(ExecutorService delegate, AtomicInteger leaks) {
    return new java.util.concurrent.AbstractExecutorService() {
      @Override
      public void execute(Runnable task) {
        delegate.execute(() -> {
          try {
            task.run();
          } finally {
            if (ThreadLocalContextStorage.openScopes() != 0 || Context.current() != Context.root()) {
              leaks.incrementAndGet();
            }
          }
        });
      }

      @Override
      public void shutdown() {
        delegate.shutdown();
      }

      @Override
      public List<Runnable> shutdownNow() {
        return delegate.shutdownNow();
      }

      @Override
      public boolean isShutdown() {
        return delegate.isShutdown();
      }

      @Override
      public boolean isTerminated() {
        return delegate.isTerminated();
      }

      @Override
      public boolean awaitTermination(long timeout, TimeUnit unit) throws InterruptedException {
        return delegate.awaitTermination(timeout, unit);
      }
    };
  }

  private static void sleepQuietly(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
