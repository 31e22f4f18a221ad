package ai.galileo.tracing.core.internal.export;

import static org.assertj.core.api.Assertions.assertThat;

import ai.galileo.tracing.Content;
import ai.galileo.tracing.SpanType;
import ai.galileo.tracing.core.Mode;
import ai.galileo.tracing.core.SpanData;
import ai.galileo.tracing.core.export.DeliveryReceipt;
import ai.galileo.tracing.core.export.ExportResult;
import ai.galileo.tracing.core.export.SpanExporter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ExportPipelineTest {
  private final List<ExportPipeline> pipelines = new ArrayList<>();

  @AfterEach
  void stop() {
    for (ExportPipeline p : pipelines) {
      p.shutdown(Duration.ofSeconds(1));
    }
  }

  private ExportPipeline pipeline(SpanExporter exporter, Mode mode, int capacity, int batch, Duration linger) {
    ExportPipeline p = new ExportPipeline(exporter, mode, capacity, batch, linger);
    pipelines.add(p);
    return p;
  }

  static SpanData span(SpanData.State state) {
    UUID trace = UUID.randomUUID();
    return new SpanData(SpanType.WORKFLOW, "s", trace, UUID.randomUUID(), trace, false, null,
        Content.text("in"), null, Map.of(), List.of(), null, 0, state == SpanData.State.STARTED ? -1 : 5,
        state, null);
  }

  /** Records batches; counts every final snapshot as sent. */
  static class Recording implements SpanExporter {
    final List<List<SpanData>> batches = new CopyOnWriteArrayList<>();

    @Override
    public ExportResult export(List<SpanData> batch) {
      batches.add(List.copyOf(batch));
      return ExportResult.sent((int) batch.stream().filter(SpanData::isFinal).count());
    }

    int total() {
      return batches.stream().mapToInt(List::size).sum();
    }
  }

  @Test
  void aParentsFirstWait_handsWhatIsQueuedToTheExporter_withoutFlushingIt() {
    List<String> flushes = new CopyOnWriteArrayList<>();
    Recording exporter = new Recording() {
      @Override
      public ExportResult flush() {
        flushes.add("flush"); // would send other traces' spans still waiting for their parent
        return ExportResult.NOTHING;
      }
    };
    ExportPipeline p = pipeline(exporter, Mode.DISTRIBUTED, 1000, 512, Duration.ofMinutes(1));
    SpanData waiting = span(SpanData.State.ENDED);
    SpanData start = span(SpanData.State.STARTED);
    p.onEnd(waiting);
    p.onStart(start);

    assertThat(p.awaitTraceHandedOver(start.traceId(), Duration.ofSeconds(30))).isTrue();

    assertThat(exporter.batches).flatExtracting(b -> b).containsExactly(waiting, start);
    assertThat(flushes).isEmpty();
  }

  @Test
  void batchesBySizeWithoutWaitingForTheDelay() {
    Recording exporter = new Recording();
    ExportPipeline p = pipeline(exporter, Mode.BATCH, 1000, 10, Duration.ofMinutes(1));
    for (int i = 0; i < 25; i++) {
      p.onEnd(span(SpanData.State.ENDED));
    }
    long start = System.nanoTime();
    while (exporter.total() < 20 && System.nanoTime() - start < TimeUnit.SECONDS.toNanos(10)) {
      Thread.onSpinWait();
    }
    assertThat(exporter.batches).hasSizeGreaterThanOrEqualTo(2).allSatisfy(b -> assertThat(b).hasSize(10));
  }

  @Test
  void batchesByTimeWhenFewSpansArrive() throws Exception {
    Recording exporter = new Recording();
    ExportPipeline p = pipeline(exporter, Mode.BATCH, 1000, 512, Duration.ofMillis(50));
    p.onEnd(span(SpanData.State.ENDED));
    p.onEnd(span(SpanData.State.ENDED));
    long start = System.nanoTime();
    while (exporter.total() < 2 && System.nanoTime() - start < TimeUnit.SECONDS.toNanos(10)) {
      Thread.sleep(5);
    }
    assertThat(exporter.total()).isEqualTo(2);
  }

  @Test
  void batchModeQueuesOnlyFinalSnapshotsAndDistributedModeQueuesStartsToo() {
    Recording batch = new Recording();
    Recording streaming = new Recording();
    ExportPipeline b = pipeline(batch, Mode.BATCH, 100, 100, Duration.ofMillis(10));
    ExportPipeline d = pipeline(streaming, Mode.DISTRIBUTED, 100, 100, Duration.ofMillis(10));
    for (ExportPipeline p : List.of(b, d)) {
      p.onStart(span(SpanData.State.STARTED));
      p.onEnd(span(SpanData.State.ENDED));
    }
    assertThat(b.flush(Duration.ofSeconds(5)).completed()).isTrue();
    assertThat(d.flush(Duration.ofSeconds(5)).completed()).isTrue();
    assertThat(batch.total()).isEqualTo(1);
    assertThat(streaming.total()).isEqualTo(2);
  }

  @Test
  void noModeAsksTheTracerForASnapshotOfEverySpanAsItStarts() {
    // Distributed mode takes start snapshots only of spans whose headers leave the process.
    assertThat(pipeline(new Recording(), Mode.BATCH, 10, 10, Duration.ofMillis(10)).isStartRequired()).isFalse();
    assertThat(pipeline(new Recording(), Mode.DISTRIBUTED, 10, 10, Duration.ofMillis(10)).isStartRequired()).isFalse();
  }

  @Test
  void aFullQueueDropsAndCountsWithoutBlockingTheProducer() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    SpanExporter stalled = batch -> {
      try {
        release.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return ExportResult.sent(batch.size());
    };
    ExportPipeline p = pipeline(stalled, Mode.BATCH, 10, 1, Duration.ofMillis(1));
    long start = System.nanoTime();
    for (int i = 0; i < 1000; i++) {
      p.onEnd(span(SpanData.State.ENDED));
    }
    long elapsedMillis = (System.nanoTime() - start) / 1_000_000;
    assertThat(elapsedMillis).as("1000 spans against a stalled exporter").isLessThan(2000);
    // at most the queue's 10 plus the one batch the worker holds are kept
    assertThat(p.stats().dropped()).isBetween(989L, 990L);
    release.countDown();
    DeliveryReceipt receipt = p.flush(Duration.ofSeconds(5));
    assertThat(receipt.completed()).isTrue();
    assertThat(receipt.sent() + receipt.dropped()).isEqualTo(1000);
  }

  @Test
  void aLostStartSnapshotIsNotCountedAsADroppedSpan() {
    CountDownLatch release = new CountDownLatch(1);
    ExportPipeline p = pipeline(batch -> {
      try {
        release.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return ExportResult.NOTHING;
    }, Mode.DISTRIBUTED, 1, 1, Duration.ofMillis(1));
    for (int i = 0; i < 50; i++) {
      p.onStart(span(SpanData.State.STARTED));
    }
    assertThat(p.stats().dropped()).isZero();
    release.countDown();
  }

  @Test
  void flushCoversEverythingRecordedBeforeItAndReportsTheCounts() {
    Recording exporter = new Recording();
    ExportPipeline p = pipeline(exporter, Mode.BATCH, 1000, 7, Duration.ofMinutes(1));
    for (int i = 0; i < 30; i++) {
      p.onEnd(span(SpanData.State.ENDED));
    }
    DeliveryReceipt receipt = p.flush(Duration.ofSeconds(5));
    assertThat(receipt.completed()).isTrue();
    assertThat(receipt.sent()).isEqualTo(30);
    assertThat(receipt.pending()).isZero();
    assertThat(exporter.total()).isEqualTo(30);
  }

  @Test
  void shutdownWithAStuckExporterReturnsInTimeAndReportsWhatIsPending() {
    SpanExporter stuck = batch -> {
      try {
        Thread.sleep(60_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return ExportResult.failed(batch.size());
    };
    ExportPipeline p = pipeline(stuck, Mode.BATCH, 100, 5, Duration.ofMillis(1));
    for (int i = 0; i < 20; i++) {
      p.onEnd(span(SpanData.State.ENDED));
    }
    long start = System.nanoTime();
    DeliveryReceipt receipt = p.shutdown(Duration.ofMillis(300));
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
    assertThat(receipt.completed()).isFalse();
    assertThat(receipt.pending()).isGreaterThan(0);
    p.onEnd(span(SpanData.State.ENDED));
    assertThat(p.stats().dropped()).as("spans after shutdown are dropped and counted").isEqualTo(1);
  }

  @Test
  void aThrowingExporterCountsItsSpansAsFailedAndKeepsWorking() {
    List<Integer> calls = new CopyOnWriteArrayList<>();
    ExportPipeline p = pipeline(batch -> {
      calls.add(batch.size());
      if (calls.size() == 1) {
        throw new IllegalStateException("boom");
      }
      return ExportResult.sent(batch.size());
    }, Mode.BATCH, 100, 3, Duration.ofMinutes(1));
    for (int i = 0; i < 6; i++) {
      p.onEnd(span(SpanData.State.ENDED));
    }
    DeliveryReceipt receipt = p.flush(Duration.ofSeconds(5));
    assertThat(receipt.failed()).isEqualTo(3);
    assertThat(receipt.sent()).isEqualTo(3);
  }

  @Test
  void anIdleWorkerSleepsWithoutATimeout_andTheFirstSpanAfterwardsStillLeavesWithinTheLinger() throws Exception {
    Recording exporter = new Recording();
    ExportPipeline p = pipeline(exporter, Mode.DISTRIBUTED, 1000, 512, Duration.ofMillis(50));
    Thread worker = workerOf(p);
    p.onEnd(span(SpanData.State.ENDED));
    awaitTotal(exporter, 1);

    // Nothing queued, batched or held: parked with no deadline (a timed park would be TIMED_WAITING)
    awaitState(worker, Thread.State.WAITING);

    long before = System.nanoTime();
    p.onEnd(span(SpanData.State.ENDED));
    p.onEnd(span(SpanData.State.ENDED));
    awaitTotal(exporter, 3);
    assertThat(exporter.batches).hasSize(2); // the two later spans waited for each other: one batch
    assertThat(System.nanoTime() - before).isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(50));
  }

  private static Thread workerOf(ExportPipeline p) {
    try {
      var field = ExportPipeline.class.getDeclaredField("worker");
      field.setAccessible(true);
      return (Thread) field.get(p);
    } catch (ReflectiveOperationException e) {
      throw new AssertionError(e);
    }
  }

  private static void awaitTotal(Recording exporter, int total) throws InterruptedException {
    long start = System.nanoTime();
    while (exporter.total() < total && System.nanoTime() - start < TimeUnit.SECONDS.toNanos(10)) {
      Thread.sleep(2);
    }
    assertThat(exporter.total()).isEqualTo(total);
  }

  private static void awaitState(Thread thread, Thread.State state) throws InterruptedException {
    long start = System.nanoTime();
    while (thread.getState() != state && System.nanoTime() - start < TimeUnit.SECONDS.toNanos(10)) {
      Thread.sleep(2);
    }
    assertThat(thread.getState()).isEqualTo(state);
  }

  @Test
  void theWorkerIsANamedDaemonThread() {
    pipeline(new Recording(), Mode.BATCH, 10, 10, Duration.ofMillis(10));
    Thread worker = Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.getName().equals("galileo-export")).findFirst().orElseThrow();
    assertThat(worker.isDaemon()).isTrue();
    assertThat(worker.getContextClassLoader()).isNull();
  }
}
