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
import org.junit.jupiter.api.Test;

/**
 * A flush asked for while the tracer shuts down (a service's own shutdown hook flushing while
 * the tracer's hook shuts the export down, both at JVM exit) returns once the shutdown is done.
 * It once waited its whole timeout and reported "timed out" although everything was delivered:
 * the export worker stopped at the shutdown's marker and left later flushes unanswered.
 */
class FlushDuringShutdownTest {
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
