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
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Moves span snapshots from application threads to an exporter: a bounded queue that never blocks
 * the producer, and one daemon worker that batches by size and by time.
 *
 * <p>A full queue drops the snapshot and counts it. A flush notes how many snapshots had been
 * queued when it was asked for, and completes once the worker has exported that many, so it covers
 * exactly what was recorded before it. In distributed mode start snapshots are queued too; in
 * batch mode only final ones, since a trace is sent whole.
 *
 * <p>Producers do not wake the worker for every span: a wake-up costs a system call and, on a
 * machine with few cores, a context switch on the application's critical path. The worker sleeps
 * until a whole batch is queued, a flush arrives, or the linger time since its last export has
 * passed, whichever comes first; so a span waits at most about the linger time.
 */
public final class ExportPipeline implements SpanProcessor {
  private static final Logger LOG = Logger.getLogger(ExportPipeline.class.getName());

  private final SpanExporter exporter;
  private final boolean queueStarts;
  private final int maxBatch;
  private final long lingerNanos;
  /** The snapshots, in order. Lock-free and node-free, so producers never wait for each other. */
  private final SpanRing<SpanData> queue;
  /** Flushes waiting for the worker, each with the number of snapshots it covers. */
  private final ConcurrentLinkedQueue<FlushMarker> flushes = new ConcurrentLinkedQueue<>();
  /**
   * The number of queued snapshots that would fill the worker's batch while it sleeps; the
   * producer that reaches it first sets it back to {@link Integer#MAX_VALUE} and wakes the
   * worker, so one wake-up is asked for however many producers see the batch full.
   * {@link Integer#MAX_VALUE} while the worker is awake.
   */
  private final AtomicInteger spansNeeded = new AtomicInteger(Integer.MAX_VALUE);
  private final Thread worker;
  private final AtomicBoolean stopping = new AtomicBoolean();
  private final AtomicBoolean exportFailureLogged = new AtomicBoolean();
  private final AtomicLong sent = new AtomicLong();
  private final AtomicLong retried = new AtomicLong();
  private final AtomicLong dropped = new AtomicLong();
  private final AtomicLong failed = new AtomicLong();
  /** Snapshots the worker has taken from the queue and not yet finished exporting. */
  private volatile int inFlight;
  private volatile boolean workerDone;

  /** A flush request: completed by the worker once everything queued before it is exported. */
  private static final class FlushMarker {
    final CountDownLatch done = new CountDownLatch(1);
    final boolean last;
    /** The snapshots queued before this flush was asked for: the first {@code upTo} taken. */
    final long upTo;

    FlushMarker(boolean last, long upTo) {
      this.last = last;
      this.upTo = upTo;
    }
  }

  public ExportPipeline(SpanExporter exporter, Mode mode, int capacity, int maxBatch, Duration linger) {
    this.exporter = exporter;
    this.queueStarts = mode == Mode.DISTRIBUTED;
    this.queue = new SpanRing<>(capacity);
    this.maxBatch = maxBatch;
    this.lingerNanos = linger.toNanos();
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
    if (stopping.get()) {
      drop(span);
      return;
    }
    if (!queue.offer(span)) {
      drop(span);
      return;
    }
    int needed = spansNeeded.get(); // MAX_VALUE while the worker is awake: no need to count then
    if (needed != Integer.MAX_VALUE && queue.size() >= needed
        && spansNeeded.compareAndSet(needed, Integer.MAX_VALUE)) {
      LockSupport.unpark(worker);
    }
  }

  private void drop(SpanData span) {
    // A lost start snapshot costs nothing: the final one is then sent complete.
    if (span.isFinal()) {
      dropped.incrementAndGet();
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
    return awaitMarker(new FlushMarker(false, queue.claimed()), timeout);
  }

  /**
   * Stops accepting spans, exports what is queued, and stops the worker, waiting at most the
   * timeout. Spans recorded afterwards are dropped and counted.
   */
  public DeliveryReceipt shutdown(Duration timeout) {
    if (!stopping.compareAndSet(false, true)) {
      return flush(timeout);
    }
    DeliveryReceipt receipt = awaitMarker(new FlushMarker(true, queue.claimed()), timeout);
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

  /** Only distributed mode streams start snapshots; batch mode sends each span once, final. */
  @Override
  public boolean isStartRequired() {
    return queueStarts;
  }

  private DeliveryReceipt awaitMarker(FlushMarker marker, Duration timeout) {
    // Flushes always get in, even while spans are being refused for space.
    flushes.offer(marker);
    LockSupport.unpark(worker);
    try {
      return receipt(marker.done.await(timeout.toNanos(), TimeUnit.NANOSECONDS));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return receipt(false);
    }
  }

  private DeliveryReceipt receipt(boolean completed) {
    return new DeliveryReceipt(sent.get(), retried.get(), dropped.get(), failed.get(),
        queue.size() + inFlight, completed);
  }

  private void work() {
    List<SpanData> batch = new ArrayList<>(maxBatch);
    try {
      long nextExport = System.nanoTime() + lingerNanos;
      while (true) {
        if (Thread.interrupted()) {
          return; // shutdown gave up waiting; leave the rest
        }
        SpanData next;
        while (batch.size() < maxBatch && (next = queue.poll()) != null) {
          batch.add(next);
          inFlight = batch.size();
        }
        FlushMarker marker = flushes.peek();
        if (marker != null && queue.taken() >= marker.upTo) {
          flushes.poll();
          export(batch);
          record(safeFlush());
          marker.done.countDown();
          if (marker.last) {
            return;
          }
          nextExport = System.nanoTime() + lingerNanos;
          continue;
        }
        long now = System.nanoTime();
        if (batch.size() >= maxBatch || now - nextExport >= 0) {
          export(batch);
          nextExport = now + lingerNanos;
          continue;
        }
        if (marker != null) {
          // The flush covers a snapshot whose producer has claimed its place but is still
          // writing it: wait a moment for it.
          LockSupport.parkNanos(this, 10_000);
          continue;
        }
        // Sleep until the batch can be filled, a flush comes (its sender wakes us), or time is up.
        int needed = maxBatch - batch.size();
        spansNeeded.set(needed);
        if (queue.size() < needed && flushes.peek() == null) {
          LockSupport.parkNanos(this, nextExport - now);
        }
        spansNeeded.set(Integer.MAX_VALUE);
      }
    } finally {
      workerDone = true;
      try {
        exporter.shutdown();
      } catch (RuntimeException e) {
        LOG.log(Level.FINE, "Exporter failed to shut down", e);
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
