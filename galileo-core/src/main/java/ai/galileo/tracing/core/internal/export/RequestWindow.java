package ai.galileo.tracing.core.internal.export;

import ai.galileo.tracing.core.export.ExportResult;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The requests of one exporter that are in flight: at most {@code max} at once, sent from as many
 * daemon threads, and for each trace one after another, in the order they were handed in.
 *
 * <p>The export worker hands requests in; it waits only when {@code max} are already out, so a
 * slow backend costs throughput only once every slot is taken, and the queue in front of the
 * worker absorbs that, then drops and counts. A request whose trace has an earlier request still
 * in flight starts when that one has been answered (successfully or not): a trace's records go
 * before its spans, a parent before its children and the completing update last, as Galileo
 * requires, while requests of different traces overlap. A request waiting for an earlier one holds
 * its slot, so the bound counts it, and no thread blocks on it.
 *
 * <p>Results go to the sink as requests complete, from the sender threads: counts stay exact,
 * each request's final snapshots counted once, as sent or failed.
 *
 * <p>Internal: not part of the public API and may change without notice.
 */
final class RequestWindow {
  private static final Logger LOG = Logger.getLogger(RequestWindow.class.getName());

  /** One request and its retries: says what became of its final snapshots. Must not block forever. */
  @FunctionalInterface
  interface Request {
    ExportResult send();
  }

  private final int max;
  private final Semaphore slots;
  private final ThreadPoolExecutor senders;
  private final Consumer<ExportResult> results;
  /** The last request handed in for each trace, until it is answered. */
  private final ConcurrentHashMap<UUID, CompletableFuture<Void>> lastByTrace = new ConcurrentHashMap<>();
  private final AtomicInteger requests = new AtomicInteger();
  private final AtomicInteger finals = new AtomicInteger();
  private final Object idle = new Object();
  private volatile boolean abandoned;

  /**
   * @param max the most requests in flight at once, at least 1
   * @param results where each request's result goes when it completes; called on sender threads
   */
  RequestWindow(int max, Consumer<ExportResult> results) {
    if (max < 1) {
      throw new IllegalArgumentException("max must be at least 1, was " + max);
    }
    this.max = max;
    this.slots = new Semaphore(max);
    this.results = results;
    // As many threads as slots: a slot's request never waits for a thread.
    this.senders = SenderThreads.pool("galileo-export-send-", max);
  }

  int max() {
    return max;
  }

  /**
   * Hands a request in: it is sent once every earlier request of its traces has been answered.
   * Waits while {@code max} requests are in flight. Export worker only.
   *
   * @param traceIds the traces the request carries records of
   * @param finalCount its final snapshots, counted as failed if it can never be sent
   * @throws InterruptedException if the worker is interrupted while waiting for a slot; the
   *     request is then not sent, and its finals are counted as failed
   */
  void submit(Collection<UUID> traceIds, int finalCount, Request request) throws InterruptedException {
    try {
      slots.acquire();
    } catch (InterruptedException e) {
      results.accept(ExportResult.failed(finalCount));
      throw e;
    }
    requests.incrementAndGet();
    finals.addAndGet(finalCount);
    CompletableFuture<Void> self = new CompletableFuture<>();
    List<CompletableFuture<Void>> before = new ArrayList<>(1);
    for (UUID id : traceIds) {
      CompletableFuture<Void> previous = lastByTrace.put(id, self);
      if (previous != null && !previous.isDone() && !before.contains(previous)) {
        before.add(previous);
      }
    }
    Runnable run = () -> {
      ExportResult result = ExportResult.failed(finalCount);
      try {
        if (!abandoned) {
          result = request.send();
        }
      } catch (RuntimeException | LinkageError e) {
        LOG.log(Level.WARNING, "A request to Galileo's API failed unexpectedly; its spans are counted as failed", e);
      } finally {
        complete(self, traceIds, finalCount, result);
      }
    };
    CompletableFuture<?> ready = before.isEmpty() ? null
        : before.size() == 1 ? before.get(0)
        : CompletableFuture.allOf(before.toArray(new CompletableFuture<?>[0]));
    if (ready == null) {
      start(self, traceIds, finalCount, run);
    } else {
      ready.whenComplete((v, e) -> start(self, traceIds, finalCount, run));
    }
  }

  private void start(CompletableFuture<Void> self, Collection<UUID> traceIds, int finalCount, Runnable run) {
    try {
      senders.execute(run);
    } catch (RejectedExecutionException e) { // abandoned at shutdown
      complete(self, traceIds, finalCount, ExportResult.failed(finalCount));
    }
  }

  private void complete(CompletableFuture<Void> self, Collection<UUID> traceIds, int finalCount, ExportResult result) {
    results.accept(result); // before it leaves the pending count, so no span is ever in neither
    finals.addAndGet(-finalCount);
    for (UUID id : traceIds) {
      lastByTrace.remove(id, self);
    }
    slots.release();
    self.complete(null); // starts the requests of the same traces that waited for this one
    if (requests.decrementAndGet() == 0) {
      synchronized (idle) {
        idle.notifyAll();
      }
    }
  }

  /** Final snapshots in requests handed in and not answered yet. */
  int inFlightFinals() {
    return Math.max(0, finals.get());
  }

  /** Requests handed in and not answered yet. */
  int inFlightRequests() {
    return requests.get();
  }

  /**
   * Waits until every request handed in has been answered, at most until {@code deadline}
   * ({@link System#nanoTime()}). True if none is left.
   */
  boolean awaitIdle(long deadline) throws InterruptedException {
    synchronized (idle) {
      while (requests.get() > 0) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          return false;
        }
        TimeUnit.NANOSECONDS.timedWait(idle, left);
      }
      return true;
    }
  }

  /**
   * Waits until the requests of one trace handed in so far have been answered, at most until
   * {@code deadline} ({@link System#nanoTime()}). A trace's requests go one after another, so its
   * last one being answered means all were. True if none is left.
   */
  boolean awaitTrace(UUID traceId, long deadline) throws InterruptedException {
    CompletableFuture<Void> last = lastByTrace.get(traceId);
    if (last == null) {
      return true;
    }
    try {
      last.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
      return true;
    } catch (TimeoutException e) {
      return false;
    } catch (ExecutionException e) {
      return true; // never completed exceptionally; answered all the same
    }
  }

  /**
   * Gives up on what is in flight: sends are interrupted (a request then fails after the attempt
   * it is in) and requests not started yet are counted as failed without being sent.
   */
  void abandon() {
    abandoned = true;
    for (Runnable notStarted : senders.shutdownNow()) {
      notStarted.run(); // counts it as failed, and frees what waited for it
    }
  }

  /** Lets idle sender threads go; requests in flight still complete. */
  void close() {
    senders.shutdown();
  }
}
