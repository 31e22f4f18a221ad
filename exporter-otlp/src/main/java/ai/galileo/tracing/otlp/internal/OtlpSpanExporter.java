package ai.galileo.tracing.otlp.internal;

import ai.galileo.tracing.core.SpanData;
import ai.galileo.tracing.core.export.ExportResult;
import ai.galileo.tracing.core.export.SpanExporter;
import ai.galileo.tracing.core.internal.export.InFlightExporter;
import ai.galileo.tracing.core.internal.export.RetryPolicy;
import ai.galileo.tracing.core.internal.export.SenderThreads;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The {@code otlp} exporter: each batch's final snapshots as one OTLP/HTTP request, with up to
 * {@code GALILEO_EXPORT_MAX_IN_FLIGHT} requests in flight. Open (start) snapshots, which
 * distributed mode exports for Galileo's completion rule, are not OTLP spans and are left out.
 * Spans the endpoint rejects in a partial success count as failed.
 *
 * <p>The pipeline's worker encodes each batch into one of {@code maxInFlight} reusable buffers and
 * hands it to one of as many sender threads, which sends it (retries and back-off included) and
 * gives the buffer back when its request is settled. With every
 * buffer out, the worker waits for one, so the pipeline's bounded queue absorbs a slow endpoint and
 * drops (counted) when full: the application never waits. The export pipeline takes each request's
 * result as it settles ({@link InFlightExporter}) and counts what is in flight as pending; used on
 * its own, the exporter reports what settled with the next {@link #export} or {@link #flush}, and a
 * flush first waits for every request in flight.
 */
public final class OtlpSpanExporter implements SpanExporter, InFlightExporter {
  private static final Logger LOG = Logger.getLogger(OtlpSpanExporter.class.getName());
  /** A buffer that grew past this (a huge batch) is not kept for the next request. */
  private static final int MAX_KEPT_BUFFER = 8 << 20;

  private final OtlpSpans spans;
  private final OtlpHttp http;
  private final boolean json;
  private final int maxInFlight;
  /**
   * The buffers not in use, guarded by itself, the one given back last on top: at a few requests
   * a second one buffer does all the work, stays in the CPU's caches, and the others are never
   * made. At most {@code maxInFlight} exist, one per request in flight.
   */
  private final ArrayDeque<ProtoWriter> buffers = new ArrayDeque<>();
  /** Buffers made and kept, and those of them in use; guarded by {@code buffers}. */
  private int buffersMade;
  private int buffersInUse;
  /**
   * The threads that send: as many as buffers, made when needed and gone after a quiet half
   * minute. Each request blocks one of them, so no request waits for a thread, and none is made
   * per request.
   */
  private final ThreadPoolExecutor senders;
  private final Object settledLock = new Object();
  /** Spans of settled requests not reported yet, guarded by {@code settledLock}. */
  private long settledSent;
  private long settledFailed;
  private long settledRetries;
  private final AtomicBoolean unexpectedFailureLogged = new AtomicBoolean();
  /** Final snapshots in requests handed to a sender and not settled yet. */
  private final AtomicInteger inFlightSpans = new AtomicInteger();
  /** Where settled requests' results go as they settle; null: kept for the next export or flush. */
  private volatile Consumer<ExportResult> results;

  public OtlpSpanExporter(OtlpSettings settings, RetryPolicy retry, String sdkVersion, int maxFieldChars) {
    this.spans = new OtlpSpans(settings.resource(), sdkVersion, maxFieldChars);
    this.http = new OtlpHttp(settings, retry);
    this.json = settings.json();
    this.maxInFlight = settings.maxInFlight();
    this.senders = SenderThreads.pool("galileo-otlp-send-", maxInFlight);
  }

  /** Synchronized because the encoder's arrays are reused; the pipeline calls it from one thread. */
  @Override
  public synchronized ExportResult export(List<SpanData> batch) {
    ProtoWriter buffer;
    try {
      buffer = takeBuffer();
    } catch (InterruptedException e) {
      // Shutdown gave up waiting: this batch is not sent.
      Thread.currentThread().interrupt();
      return ExportResult.failed(finals(batch)).plus(settled());
    }
    boolean handedOver = false;
    try {
      int count = spans.encode(batch, buffer);
      if (count > 0) {
        send(buffer, count);
        handedOver = true;
      }
    } catch (RuntimeException e) {
      // A bug here, not the application's: count the spans failed, log once, go on.
      int finals = finals(batch);
      if (unexpectedFailureLogged.compareAndSet(false, true)) {
        LOG.log(Level.WARNING, "Could not export " + finals + " spans as OTLP; they are counted as"
            + " failed (further failures of this kind are not logged)", e);
      }
      settle(0, finals, 0);
    } finally {
      if (!handedOver) {
        release(buffer);
      }
    }
    return settled();
  }

  /** Hands the encoded request to a sender; from here on the buffer is the sender's to give back. */
  private void send(ProtoWriter buffer, int count) {
    inFlightSpans.addAndGet(count);
    try {
      senders.execute(() -> deliver(buffer, count));
    } catch (RejectedExecutionException e) { // shut down: not sent
      settled(buffer, count, 0, count, 0);
    }
  }

  /** On a sender thread: sends one request, with its retries, and settles it. */
  private void deliver(ProtoWriter buffer, int count) {
    int sent = 0;
    int failed = count;
    int retries = 0;
    try {
      byte[] body = buffer.array();
      int length = buffer.size();
      if (json) {
        body = OtlpJson.fromProtobuf(body, length);
        length = body.length;
      }
      OtlpHttp.Outcome outcome = http.send(body, length);
      retries = outcome.retries();
      if (outcome.ok()) {
        int rejected = (int) Math.min(count, Math.max(0, outcome.rejectedSpans()));
        sent = count - rejected;
        failed = rejected;
      }
    } catch (RuntimeException | LinkageError e) { // a bug here: the spans count as failed, logged once
      if (unexpectedFailureLogged.compareAndSet(false, true)) {
        LOG.log(Level.WARNING, "Could not send " + count + " spans as OTLP; they are counted as"
            + " failed (further failures of this kind are not logged)", e);
      }
    } finally {
      settled(buffer, count, sent, failed, retries);
    }
  }

  /** A request is over: its spans counted, out of the in-flight count, and its buffer free again. */
  private void settled(ProtoWriter buffer, int count, int sent, int failed, int retries) {
    settle(sent, failed, retries); // before it leaves the in-flight count, so no span is in neither
    inFlightSpans.addAndGet(-count);
    release(buffer);
  }

  private void settle(int sent, int failed, int retries) {
    Consumer<ExportResult> sink = results;
    if (sink != null) {
      sink.accept(new ExportResult(sent, failed, retries));
      return;
    }
    synchronized (settledLock) {
      settledSent += sent;
      settledFailed += failed;
      settledRetries += retries;
    }
  }

  /** What requests settled since the last call, counted once. */
  private ExportResult settled() {
    synchronized (settledLock) {
      ExportResult r = new ExportResult((int) settledSent, (int) settledFailed, (int) settledRetries);
      settledSent = 0;
      settledFailed = 0;
      settledRetries = 0;
      return r;
    }
  }

  /** A free buffer, made if fewer than {@code maxInFlight} exist; waits while all are in use. */
  private ProtoWriter takeBuffer() throws InterruptedException {
    synchronized (buffers) {
      while (true) {
        ProtoWriter b = buffers.pollLast();
        if (b == null && buffersMade < maxInFlight) {
          buffersMade++;
          b = new ProtoWriter(16 * 1024);
        }
        if (b != null) {
          buffersInUse++;
          return b;
        }
        buffers.wait();
      }
    }
  }

  private void release(ProtoWriter buffer) {
    synchronized (buffers) {
      buffersInUse--;
      if (buffer.capacity() > MAX_KEPT_BUFFER) {
        buffersMade--; // a huge batch's buffer is not kept: the next request makes a new one
      } else {
        buffers.addLast(buffer);
      }
      buffers.notifyAll();
    }
  }

  /** Waits for every request in flight, then reports what settled. */
  @Override
  public ExportResult flush() {
    try {
      awaitInFlight(Long.MAX_VALUE);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt(); // shutdown gave up waiting; report what settled
    }
    return settled();
  }

  /**
   * Results of requests go to {@code sink} as each one settles, on the thread that settled it,
   * instead of with the next export or flush: the pipeline counts them as they come, and counts
   * what is in flight as pending.
   */
  @Override
  public void sendConcurrently(Consumer<ExportResult> sink) {
    this.results = sink;
  }

  /** Final snapshots in requests not settled yet: what a receipt counts as pending. */
  @Override
  public int inFlight() {
    return inFlightSpans.get();
  }

  /**
   * Waits until no request is in flight, at most until {@code deadline} ({@link System#nanoTime()};
   * {@link Long#MAX_VALUE} for no limit). True if none is left.
   */
  @Override
  public boolean awaitInFlight(long deadline) throws InterruptedException {
    synchronized (buffers) {
      while (buffersInUse > 0) {
        long wait = deadline == Long.MAX_VALUE ? 100
            : TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
        if (wait <= 0) {
          return false;
        }
        buffers.wait(Math.min(wait, 100));
      }
      return true;
    }
  }

  /** An OTLP backend has no completion rule: batches fill for up to a second in both modes. */
  @Override
  public boolean completesTraces() {
    return false;
  }

  /** Requests still in flight are answered without further retries. */
  @Override
  public void shutdown() {
    http.close();
    senders.shutdown(); // requests in flight still settle
  }

  private static int finals(List<SpanData> batch) {
    int n = 0;
    for (SpanData s : batch) {
      if (s.isFinal()) {
        n++;
      }
    }
    return n;
  }

  @Override
  public String toString() {
    return "OtlpSpanExporter{" + http.endpoint() + (json ? ", http/json" : ", http/protobuf")
        + ", maxInFlight=" + maxInFlight + "}";
  }
}
