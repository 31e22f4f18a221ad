package ai.galileo.tracing.distributedit;

import static org.assertj.core.api.Assertions.assertThat;

import ai.galileo.tracing.Span;
import ai.galileo.tracing.core.GalileoConfig;
import ai.galileo.tracing.core.GalileoTracer;
import ai.galileo.tracing.core.SpanData;
import ai.galileo.tracing.core.export.DeliveryReceipt;
import ai.galileo.tracing.core.export.ExportResult;
import ai.galileo.tracing.core.export.SpanExporter;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Test;

/**
 * A core bug found while writing the scenarios, shown here rather than fixed (galileo-core is not
 * this module's to change): a flush asked for while the tracer shuts down (a service's own
 * shutdown hook flushing while the tracer's hook shuts the export down, both at JVM exit) is
 * never answered: the export worker stops at the shutdown's marker and leaves later flush markers
 * waiting, so the flush blocks for its whole timeout and reports "timed out" although everything
 * was delivered. {@code ExportPipeline.flush} checks {@code workerDone} only before it queues its
 * marker, and {@code work()} returns at a {@code last} marker without counting down the others.
 * It bites any service that flushes from a shutdown hook of its own while the tracer's hook runs;
 * the example's retrieval service avoids it by turning the tracer's hook off and shutting the
 * tracer down itself, after its server. Enable this test with the fix.
 */
class FlushDuringShutdownTest {
  @Disabled("galileo-core bug: ExportPipeline leaves flushes queued behind a shutdown unanswered")
  @Test
  void aFlushAskedForWhileTheTracerShutsDownReturnsWhenTheShutdownIsDone() throws Exception {
    CountDownLatch exporting = new CountDownLatch(1);
    SpanExporter slow = new SpanExporter() {
      @Override
      public ExportResult export(List<SpanData> batch) {
        exporting.countDown();
        try {
          Thread.sleep(300);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        int finals = (int) batch.stream().filter(SpanData::isFinal).count();
        return new ExportResult(finals, 0, 0);
      }
    };
    GalileoTracer tracer = GalileoTracer.builder().config(GalileoConfig.builder().build())
        .exporter(slow).shutdownHook(false).build();
    Span trace = tracer.traceBuilder("t").start();
    trace.end();
    CompletableFuture<DeliveryReceipt> shutdown =
        CompletableFuture.supplyAsync(() -> tracer.shutdown(Duration.ofSeconds(5)));
    exporting.await();
    long start = System.nanoTime();
    DeliveryReceipt flushed = tracer.flush(Duration.ofSeconds(3));
    long tookMs = (System.nanoTime() - start) / 1_000_000;
    System.out.println("flush took " + tookMs + " ms: " + flushed + "; shutdown: " + shutdown.get());
    assertThat(flushed.completed()).as("flush took %d ms: %s", tookMs, flushed).isTrue();
    assertThat(flushed.sent()).isEqualTo(1);
  }
}
