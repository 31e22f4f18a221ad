package ai.galileo.tracing.core.internal.export;

import ai.galileo.tracing.core.Mode;
import ai.galileo.tracing.core.SpanData;
import ai.galileo.tracing.core.SpanProcessor;
import ai.galileo.tracing.core.export.DeliveryReceipt;
import ai.galileo.tracing.core.export.ExportResult;
import ai.galileo.tracing.core.export.ExportStats;
import ai.galileo.tracing.core.export.SpanExporter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Moves span snapshots from application threads to an exporter: a bounded queue that never blocks
 * the producer, and one daemon worker that batches by size and by time.
 *
 * <p>A full queue drops the snapshot and counts it. Flushes travel through the queue as markers,
 * so a flush covers exactly what was recorded before it. In distributed mode start snapshots are
 * queued too; in batch mode only final ones, since a trace is sent whole.
 */
public final class ExportPipeline implements SpanProcessor {
  private static final Logger LOG = Logger.getLogger(ExportPipeline.class.getName());

  private final SpanExporter exporter;
  private final boolean queueStarts;
  private final int maxBatch;
  private final long lingerNanos;
  private final ArrayBlockingQueue<Object> queue;
  private final Thread worker;
  private final AtomicBoolean stopping = new AtomicBoolean();
  private final AtomicBoolean exportFailureLogged = new AtomicBoolean();
  private final AtomicLong sent = new AtomicLong();
  private final AtomicLong retried = new AtomicLong();
  private final AtomicLong dropped = new AtomicLong();
  private final AtomicLong failed = new AtomicLong();
  private volatile int inFlight;
  private volatile boolean workerDone;

  /** A flush request: completed by the worker once everything queued before it is exported. */
  private static final class FlushMarker {
    final CountDownLatch done = new CountDownLatch(1);
    final boolean last;

    FlushMarker(boolean last) {
      this.last = last;
    }
  }

  public ExportPipeline(SpanExporter exporter, Mode mode, int capacity, int maxBatch, Duration linger) {
    this.exporter = exporter;
    this.queueStarts = mode == Mode.DISTRIBUTED;
    this.maxBatch = maxBatch;
    this.lingerNanos = linger.toNanos();
    this.queue = new ArrayBlockingQueue<>(capacity);
    this.worker = new Thread(this::work, "galileo-export");
    worker.setDaemon(true);
    // A web app's class loader must not be pinned by a thread that outlives it.
    worker.setContextClassLoader(null);
    worker.start();
  }

  @Override
  public void onStart(SpanData span) {
    if (queueStarts) {
      enqueue(span);
    }
  }

  @Override
  public void onEnd(SpanData span) {
    enqueue(span);
  }

  private void enqueue(SpanData span) {
    if (stopping.get() || !queue.offer(span)) {
      // A lost start snapshot costs nothing: the final one is then sent complete.
      if (span.isFinal()) {
        dropped.incrementAndGet();
      }
    }
  }

  /** The counters right now. */
  public ExportStats stats() {
    return new ExportStats(sent.get(), retried.get(), dropped.get(), failed.get(), queue.size());
  }

  /** Exports everything recorded so far and waits for it, at most for the timeout. */
  public DeliveryReceipt flush(Duration timeout) {
    if (workerDone) {
      return receipt(true);
    }
    return awaitMarker(new FlushMarker(false), timeout);
  }

  /**
   * Stops accepting spans, exports what is queued, and stops the worker, waiting at most the
   * timeout. Spans recorded afterwards are dropped and counted.
   */
  public DeliveryReceipt shutdown(Duration timeout) {
    if (!stopping.compareAndSet(false, true)) {
      return flush(timeout);
    }
    DeliveryReceipt receipt = awaitMarker(new FlushMarker(true), timeout);
    if (!receipt.completed()) {
      worker.interrupt(); // abandon retries; what is left stays counted as pending
    }
    return receipt;
  }

  /** The processor's shutdown: a no-op when {@link #shutdown(Duration)} already ran. */
  @Override
  public void shutdown() {
    if (!stopping.get()) {
      shutdown(Duration.ofSeconds(5));
    }
  }

  private DeliveryReceipt awaitMarker(FlushMarker marker, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    try {
      // Markers must get in even when spans are being refused for space.
      if (!queue.offer(marker, timeout.toNanos(), TimeUnit.NANOSECONDS)) {
        return receipt(false);
      }
      long remaining = deadline - System.nanoTime();
      return receipt(marker.done.await(Math.max(0, remaining), TimeUnit.NANOSECONDS));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return receipt(false);
    }
  }

  private DeliveryReceipt receipt(boolean completed) {
    int pendingSpans = 0;
    for (Object o : queue.toArray()) {
      if (o instanceof SpanData) {
        pendingSpans++;
      }
    }
    return new DeliveryReceipt(sent.get(), retried.get(), dropped.get(), failed.get(),
        pendingSpans + inFlight, completed);
  }

  private void work() {
    List<SpanData> batch = new ArrayList<>(maxBatch);
    try {
      while (true) {
        Object first = queue.poll(lingerNanos, TimeUnit.NANOSECONDS);
        if (first == null) {
          continue;
        }
        FlushMarker marker = collect(first, batch);
        export(batch);
        if (marker != null) {
          record(safeFlush());
          marker.done.countDown();
          if (marker.last) {
            break;
          }
        }
      }
    } catch (InterruptedException e) {
      // shutdown gave up waiting; leave the rest
    } finally {
      workerDone = true;
      try {
        exporter.shutdown();
      } catch (RuntimeException e) {
        LOG.log(Level.FINE, "Exporter failed to shut down", e);
      }
    }
  }

  /**
   * Fills the batch starting with {@code first}: waits up to the linger time for more, stops early
   * at the size limit or at a flush marker, which it returns.
   */
  private FlushMarker collect(Object first, List<SpanData> batch) throws InterruptedException {
    long deadline = System.nanoTime() + lingerNanos;
    Object next = first;
    while (true) {
      if (next instanceof FlushMarker) {
        return (FlushMarker) next;
      }
      if (next != null) {
        batch.add((SpanData) next);
        if (batch.size() >= maxBatch) {
          return null;
        }
      }
      long remaining = deadline - System.nanoTime();
      if (remaining <= 0) {
        return null;
      }
      next = queue.poll(remaining, TimeUnit.NANOSECONDS);
      if (next == null) {
        return null;
      }
    }
  }

  private void export(List<SpanData> batch) {
    if (batch.isEmpty()) {
      return;
    }
    inFlight = batch.size();
    try {
      record(exporter.export(batch));
    } catch (RuntimeException | LinkageError e) {
      int finals = 0;
      for (SpanData s : batch) {
        if (s.isFinal()) {
          finals++;
        }
      }
      failed.addAndGet(finals);
      if (exportFailureLogged.compareAndSet(false, true)) {
        LOG.log(Level.WARNING, "Exporter " + exporter.getClass().getName()
            + " threw; its spans are counted as failed and further throws are not logged", e);
      }
    } finally {
      batch.clear();
      inFlight = 0;
    }
  }

  private ExportResult safeFlush() {
    try {
      return exporter.flush();
    } catch (RuntimeException | LinkageError e) {
      LOG.log(Level.FINE, "Exporter failed to flush", e);
      return ExportResult.NOTHING;
    }
  }

  private void record(ExportResult result) {
    if (result != null) {
      sent.addAndGet(result.sent());
      failed.addAndGet(result.failed());
      retried.addAndGet(result.retries());
    }
  }
}
