package ai.galileo.tracing.core.internal.export;

import ai.galileo.tracing.core.Mode;
import ai.galileo.tracing.core.SpanData;
import ai.galileo.tracing.core.SpanProcessor;
import ai.galileo.tracing.core.export.DeliveryReceipt;
import ai.galileo.tracing.core.export.ExportResult;
import ai.galileo.tracing.core.export.ExportStats;
import ai.galileo.tracing.core.export.SpanExporter;
import java.time.Duration;
import ai.galileo.tracing.core.internal.Downstream;
import ai.galileo.tracing.core.internal.redaction.Redaction;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.UUID;
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
 * <p>Distributed mode adds two things. A span whose tracing headers left the process is posted
 * open: its start snapshot comes through {@link #onStart}. And the final snapshot of a local root
 * that other services were called under (see {@link Downstream}) is held back by the worker, never
 * by the caller, until every such call has returned and the exporter finds the spans those
 * services reported in the backend ({@link SpanExporter#hasFinishedSpan}), or until the completion
 * timeout: Galileo refuses spans for a trace already complete. A flush covers held snapshots too,
 * and releases them anyway shortly before its own time is up.
 *
 * <p>With {@code GALILEO_INGEST_PARENTS_FIRST} an outgoing call waits for its chain to be posted
 * ({@link #awaitTraceHandedOver}). That wait is not a flush: a flush sends the spans that wait in
 * the exporter for a parent not in the backend yet, and covers held completions; from another
 * trace's call, either would break that trace (a span before its parent, a completion before the
 * services it called had delivered). The wait only hands what is queued to the exporter and
 * waits for its own trace's requests.
 *
 * <p>An exporter that keeps several requests in flight ({@link InFlightExporter}) reports their
 * results as they are answered; what it has in flight counts as pending, and a flush or shutdown
 * completes only once those requests have been answered too.
 *
 * <p>Producers do not wake the worker for every span: a wake-up costs a system call and, on a
 * machine with few cores, a context switch on the application's critical path. The worker sleeps
 * until a whole batch is queued, a flush arrives, or the linger time since the first span of the
 * batch came has passed, whichever comes first; so a span waits at most about the linger time. An
 * idle worker (nothing queued, batched or held) does not wake at all until a span comes.
 */
public final class ExportPipeline implements SpanProcessor {
  private static final Logger LOG = Logger.getLogger(ExportPipeline.class.getName());

  private final SpanExporter exporter;
  /** Applied to each batch on the worker, before the exporter sees it. */
  private final Redaction redaction;
  /** The exporter, when it keeps requests in flight; else null. */
  private final InFlightExporter concurrent;
  private final boolean queueStarts;
  private final int maxBatch;
  private final long lingerNanos;
  /** The snapshots, in order. Lock-free and node-free, so producers never wait for each other. */
  private final SpanRing<SpanData> queue;
  /** Flushes waiting for the worker, each with the number of snapshots it covers. */
  private final ConcurrentLinkedQueue<FlushMarker> flushes = new ConcurrentLinkedQueue<>();
  /** Parents-first waits for the worker to hand what they cover to the exporter. */
  private final ConcurrentLinkedQueue<Handover> handovers = new ConcurrentLinkedQueue<>();
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
  private final AtomicLong late = new AtomicLong();
  /** Snapshots the worker has taken from the queue and not yet finished exporting. */
  private volatile int inFlight;
  private volatile boolean workerDone;
  /** Distributed mode: roots whose headers left the process; null in batch mode. */
  private final Downstream downstream;
  private final long completionTimeoutNanos;
  /** Finals held until the services called under them have delivered; worker thread only. */
  private final List<Held> held = new ArrayList<>();
  /** The number of held finals, for receipts read on other threads. */
  private volatile int heldCount;
  private final AtomicBoolean completionTimeoutLogged = new AtomicBoolean();

  /** How soon a held root is looked at again while calls under it are in flight. */
  private static final long IN_FLIGHT_POLL_NANOS = 10_000_000L;
  /**
   * The first wait before asking the backend again for a called service's span; it doubles. The
   * called service sends its span within its linger time (100 ms in distributed mode by default).
   */
  private static final long FIRST_CHECK_BACKOFF_NANOS = 50_000_000L;
  private static final long MAX_CHECK_BACKOFF_NANOS = 1_000_000_000L;

  /** A root's final snapshot, held until the services called under it have delivered. */
  private static final class Held {
    final SpanData span;
    final Downstream.Root root;
    /** Its position in the queue: flushes asked for after it was queued cover it. */
    final long index;
    final long deadline;
    final Set<UUID> confirmed = new HashSet<>();
    long nextCheck;
    long backoff = FIRST_CHECK_BACKOFF_NANOS;

    Held(SpanData span, Downstream.Root root, long index, long deadline) {
      this.span = span;
      this.root = root;
      this.index = index;
      this.deadline = deadline;
    }
  }

  /** A flush request: completed by the worker once everything queued before it is exported. */
  private static final class FlushMarker {
    final CountDownLatch done = new CountDownLatch(1);
    final boolean last;
    /** The snapshots queued before this flush was asked for: the first {@code upTo} taken. */
    final long upTo;
    /** When held finals it covers are released anyway, so they go out within the flush's time. */
    final long forceAt;
    /** When the flush's caller stops waiting. */
    final long deadline;
    /** Set before {@link #done}: every request it covers was answered. */
    volatile boolean delivered;

    FlushMarker(boolean last, long upTo, Duration timeout) {
      this.last = last;
      this.upTo = upTo;
      long t = Math.max(0, timeout.toNanos());
      long now = System.nanoTime();
      this.forceAt = now + t - Math.min(t / 4, 1_000_000_000L);
      this.deadline = now + t;
    }
  }

  /**
   * A parents-first wait: done once the worker has handed the first {@code upTo} snapshots to the
   * exporter. Unlike a flush it neither sends what the exporter holds back nor waits for held
   * completions.
   */
  private static final class Handover {
    final CountDownLatch done = new CountDownLatch(1);
    final long upTo;

    Handover(long upTo) {
      this.upTo = upTo;
    }
  }

  /** A pipeline for batch mode, or for distributed mode without completion holds (tests). */
  public ExportPipeline(SpanExporter exporter, Mode mode, int capacity, int maxBatch, Duration linger) {
    this(exporter, mode, capacity, maxBatch, linger, null, Duration.ZERO);
  }

  /**
   * @param downstream distributed mode's roots whose completion waits for other services; null
   *     in batch mode
   * @param completionTimeout the longest such a completion is held back
   */
  public ExportPipeline(SpanExporter exporter, Mode mode, int capacity, int maxBatch, Duration linger,
      Downstream downstream, Duration completionTimeout) {
    this(exporter, mode, capacity, maxBatch, linger, downstream, completionTimeout,
        Redaction.off());
  }

  /**
   * @param redaction what {@code GALILEO_REDACTION} does to each span before the exporter sees
   *     it; applied here, on the worker, so that no exporter can miss it
   */
  public ExportPipeline(SpanExporter exporter, Mode mode, int capacity, int maxBatch, Duration linger,
      Downstream downstream, Duration completionTimeout, Redaction redaction) {
    this.exporter = exporter;
    this.redaction = redaction;
    this.downstream = mode == Mode.DISTRIBUTED ? downstream : null;
    this.completionTimeoutNanos = completionTimeout.toNanos();
    this.queueStarts = mode == Mode.DISTRIBUTED;
    this.queue = new SpanRing<>(capacity);
    this.maxBatch = maxBatch;
    this.lingerNanos = linger.toNanos();
    this.concurrent = exporter instanceof InFlightExporter c ? c : null;
    if (concurrent != null) {
      concurrent.sendConcurrently(this::record);
    }
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
    return new ExportStats(sent.get(), retried.get(), dropped.get(), failed.get(), late.get(),
        queue.size() + heldCount);
  }

  /** Exports everything recorded so far and waits for it, at most for the timeout. */
  public DeliveryReceipt flush(Duration timeout) {
    if (workerDone) {
      return receipt(true);
    }
    return awaitMarker(new FlushMarker(false, queue.claimed(), timeout), timeout);
  }

  /**
   * {@code GALILEO_INGEST_PARENTS_FIRST}: waits until what is queued now (the start snapshots of a
   * call's chain among it) has been handed to the exporter and the requests of {@code traceId} are
   * answered, at most for the timeout. Not a flush: other traces' spans waiting for their parent
   * stay where they are (sent early they would arrive before their parent), held completions stay
   * held, and other traces' requests are not waited for.
   *
   * @return true if it did not time out
   */
  public boolean awaitTraceHandedOver(UUID traceId, Duration timeout) {
    if (workerDone) {
      return true;
    }
    long deadline = System.nanoTime() + Math.max(0, timeout.toNanos());
    Handover h = new Handover(queue.claimed());
    handovers.offer(h);
    LockSupport.unpark(worker);
    if (workerDone) {
      answerRemainingFlushes();
    }
    try {
      if (!h.done.await(deadline - System.nanoTime(), TimeUnit.NANOSECONDS)) {
        return false;
      }
      return concurrent == null || concurrent.awaitTrace(traceId, deadline);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    } catch (RuntimeException | LinkageError e) {
      LOG.log(Level.FINE, "Exporter failed to wait for a trace's requests", e);
      return false;
    }
  }

  /**
   * Stops accepting spans, exports what is queued, and stops the worker, waiting at most the
   * timeout. Spans recorded afterwards are dropped and counted.
   */
  public DeliveryReceipt shutdown(Duration timeout) {
    if (!stopping.compareAndSet(false, true)) {
      return flush(timeout);
    }
    DeliveryReceipt receipt = awaitMarker(new FlushMarker(true, queue.claimed(), timeout), timeout);
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

  /**
   * No span's start is wanted as it starts: distributed mode hands over the start snapshots of
   * spans whose headers leave the process, through {@link #onStart}, when they leave.
   */
  @Override
  public boolean isStartRequired() {
    return false;
  }

  private DeliveryReceipt awaitMarker(FlushMarker marker, Duration timeout) {
    // Flushes always get in, even while spans are being refused for space.
    flushes.offer(marker);
    LockSupport.unpark(worker);
    if (workerDone) {
      answerRemainingFlushes(); // the worker stopped before it could see this one
    }
    try {
      boolean answered = marker.done.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
      return receipt(answered && marker.delivered);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return receipt(false);
    }
  }

  private DeliveryReceipt receipt(boolean completed) {
    return new DeliveryReceipt(sent.get(), retried.get(), dropped.get(), failed.get(), late.get(),
        queue.size() + inFlight + exporterInFlight() + heldCount, completed);
  }

  private void work() {
    List<SpanData> batch = new ArrayList<>(maxBatch);
    try {
      long nextExport = System.nanoTime() + lingerNanos;
      while (true) {
        if (Thread.interrupted()) {
          return; // shutdown gave up waiting; leave the rest
        }
        fill(batch);
        long now = System.nanoTime();
        FlushMarker marker = flushes.peek();
        if (!held.isEmpty() && release(batch, now, marker)) {
          nextExport = now; // a completion goes out at once
        }
        if (handedOver(batch)) {
          nextExport = System.nanoTime() + lingerNanos;
          continue;
        }
        if (marker != null && queue.taken() >= marker.upTo && !holds(marker.upTo)) {
          flushes.poll();
          export(batch);
          record(safeFlush());
          marker.delivered = awaitInFlight(marker.deadline);
          marker.done.countDown();
          if (marker.last) {
            return;
          }
          nextExport = System.nanoTime() + lingerNanos;
          continue;
        }
        if (batch.size() >= maxBatch || now - nextExport >= 0) {
          export(batch);
          nextExport = now + lingerNanos;
          continue;
        }
        if ((marker != null && queue.taken() < marker.upTo) || !handovers.isEmpty()) {
          // The flush (or a parents-first wait) covers a snapshot whose producer has claimed its
          // place but is still writing it: wait a moment for it.
          LockSupport.parkNanos(this, 10_000);
          continue;
        }
        // Sleep until the batch can be filled, a flush comes (its sender wakes us), or time is up.
        long sleep = nextExport - now;
        if (!held.isEmpty()) {
          sleep = Math.min(sleep, nextHeldCheck(now, marker));
        }
        // With nothing batched or held the worker has no deadline: it sleeps until the first span
        // comes (one wake-up per linger period under load) and the linger counts from then.
        boolean idle = batch.isEmpty() && held.isEmpty() && marker == null;
        int needed = idle ? 1 : maxBatch - batch.size();
        spansNeeded.set(needed);
        if (queue.size() < needed && flushes.peek() == marker && handovers.isEmpty()) {
          if (idle) {
            LockSupport.park(this);
          } else {
            LockSupport.parkNanos(this, Math.max(sleep, 1));
          }
        }
        spansNeeded.set(Integer.MAX_VALUE);
        if (idle) {
          nextExport = System.nanoTime() + lingerNanos;
        }
      }
    } finally {
      workerDone = true;
      answerRemainingFlushes();
      try {
        exporter.shutdown();
      } catch (RuntimeException e) {
        LOG.log(Level.FINE, "Exporter failed to shut down", e);
      }
    }
  }

  /**
   * Takes snapshots from the queue into the batch, up to its size; finals whose completion waits
   * for called services are held. A method of its own so that it compiles as one: this loop inside
   * the worker's endless one was compiled on-stack again after every deoptimization.
   */
  private void fill(List<SpanData> batch) {
    SpanData next;
    while (batch.size() < maxBatch && (next = queue.poll()) != null) {
      Downstream.Root root = downstream != null && next.isFinal() ? downstream.get(next.spanId()) : null;
      if (root != null) {
        held.add(new Held(next, root, queue.taken(), System.nanoTime() + completionTimeoutNanos));
        heldCount = held.size();
      } else {
        batch.add(next);
        inFlight = batch.size();
      }
    }
  }

  /**
   * Completes the parents-first waits whose snapshots have all been taken from the queue, after
   * exporting the batch that holds them. True if any was completed.
   */
  private boolean handedOver(List<SpanData> batch) {
    if (handovers.isEmpty()) {
      return false;
    }
    long taken = queue.taken();
    boolean exported = false;
    for (Iterator<Handover> it = handovers.iterator(); it.hasNext(); ) {
      Handover h = it.next();
      if (taken >= h.upTo) { // offered by several threads, so not in order of upTo
        if (!exported) {
          export(batch);
          exported = true;
        }
        it.remove();
        h.done.countDown();
      }
    }
    return exported;
  }

  /**
   * Moves held finals whose roots are ready into the batch: no call under them in flight and every
   * span the called services reported found in the backend, or their time is up, or a flush
   * covering them is about to run out. True if any moved.
   */
  private boolean release(List<SpanData> batch, long now, FlushMarker marker) {
    boolean moved = false;
    for (Iterator<Held> it = held.iterator(); it.hasNext(); ) {
      Held h = it.next();
      boolean forced = marker != null && h.index <= marker.upTo && now - marker.forceAt >= 0;
      boolean expired = now - h.deadline >= 0;
      if (!forced && !expired && !ready(h, now)) {
        continue;
      }
      if (forced || expired) {
        timedOut(h);
      }
      it.remove();
      batch.add(h.span);
      downstream.released(h.root);
      moved = true;
    }
    heldCount = held.size();
    inFlight = batch.size();
    return moved;
  }

  /** True once no call under the root is in flight and the backend holds every reported span. */
  private boolean ready(Held h, long now) {
    if (h.root.inFlight() > 0 || now - h.nextCheck < 0) {
      return false;
    }
    for (UUID id : h.root.downstreamSpans()) {
      if (h.confirmed.contains(id)) {
        continue;
      }
      if (!hasFinishedSpan(h.root.traceId(), id)) {
        h.nextCheck = System.nanoTime() + h.backoff;
        h.backoff = Math.min(h.backoff * 2, MAX_CHECK_BACKOFF_NANOS);
        return false;
      }
      h.confirmed.add(id);
    }
    return true;
  }

  private boolean hasFinishedSpan(UUID traceId, UUID spanId) {
    try {
      return exporter.hasFinishedSpan(traceId, spanId);
    } catch (RuntimeException | LinkageError e) {
      LOG.log(Level.FINE, "Exporter failed to look a span up; asking again later", e);
      return false;
    }
  }

  private void timedOut(Held h) {
    if (completionTimeoutLogged.compareAndSet(false, true)) {
      LOG.warning("Completing trace " + h.root.traceId() + " before the services it called"
          + " delivered (" + h.root.inFlight() + " calls in flight, "
          + (h.root.downstreamSpans().size() - h.confirmed.size()) + " of their spans not found):"
          + " what they send later is refused by Galileo and counted as failed in their receipts."
          + " Raise GALILEO_COMPLETION_TIMEOUT_MS, or flush with a longer timeout. Logged once.");
    }
  }

  /** True if a held final was queued before the flush that covers the first {@code upTo}. */
  private boolean holds(long upTo) {
    for (Held h : held) {
      if (h.index <= upTo) {
        return true;
      }
    }
    return false;
  }

  /** How long the worker may sleep before a held final needs looking at again. */
  private long nextHeldCheck(long now, FlushMarker marker) {
    long sleep = Long.MAX_VALUE;
    for (Held h : held) {
      long at = h.root.inFlight() > 0 ? now + IN_FLIGHT_POLL_NANOS : h.nextCheck;
      at = Math.min(at, h.deadline);
      sleep = Math.min(sleep, at - now);
    }
    if (marker != null) {
      sleep = Math.min(sleep, marker.forceAt - now);
    }
    return Math.max(sleep, 1);
  }

  /**
   * Answers the flushes asked for after the shutdown's own: everything recorded before the
   * shutdown was handled by it, and anything recorded since was refused and counted.
   */
  private void answerRemainingFlushes() {
    FlushMarker m;
    while ((m = flushes.poll()) != null) {
      m.delivered = true;
      m.done.countDown();
    }
    Handover h;
    while ((h = handovers.poll()) != null) {
      h.done.countDown();
    }
  }

  private void export(List<SpanData> batch) {
    if (batch.isEmpty()) {
      return;
    }
    inFlight = batch.size();
    try {
      redaction.applyAll(batch);
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

  /** Snapshots in the exporter's requests not answered yet. */
  private int exporterInFlight() {
    if (concurrent == null) {
      return 0;
    }
    try {
      return concurrent.inFlight();
    } catch (RuntimeException | LinkageError e) {
      return 0;
    }
  }

  /**
   * Waits until the exporter's requests have been answered, at most until the deadline. An
   * interrupt (shutdown gave up) is kept for the worker's loop to see.
   */
  private boolean awaitInFlight(long deadline) {
    if (concurrent == null) {
      return true;
    }
    try {
      return concurrent.awaitInFlight(deadline);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    } catch (RuntimeException | LinkageError e) {
      LOG.log(Level.FINE, "Exporter failed to wait for its requests", e);
      return false;
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
      late.addAndGet(result.late());
    }
  }
}
