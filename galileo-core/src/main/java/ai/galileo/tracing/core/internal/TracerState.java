package ai.galileo.tracing.core.internal;

import ai.galileo.tracing.core.SpanData;
import ai.galileo.tracing.core.SpanProcessor;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * What every span of one tracer shares: where its snapshots go and the service it was made in.
 * Processor failures are contained here, so a broken exporter never reaches application code.
 */
public final class TracerState {
  private static final Logger LOG = Logger.getLogger(TracerState.class.getName());
  /** Stripes of the open-span registry; a power of two. */
  private static final int OPEN_STRIPES = 16;

  private final SpanProcessor[] processors;
  /** The processors that want start snapshots; empty when none does, so none is taken. */
  private final SpanProcessor[] startProcessors;
  private final String serviceName;
  private final boolean recording;
  private final AtomicLong processorFailures = new AtomicLong();
  private final AtomicBoolean failureLogged = new AtomicBoolean();
  /** Spans started and not yet ended, so that shutdown can send them as unfinished. */
  private final OpenSpans[] open = new OpenSpans[OPEN_STRIPES];

  /**
   * @param recording false when {@code GALILEO_LOGGING_DISABLED} is set: spans still get ids and
   *     propagate, but no snapshot leaves the tracer
   */
  public TracerState(List<SpanProcessor> processors, String serviceName, boolean recording) {
    this.processors = processors.toArray(new SpanProcessor[0]);
    this.startProcessors = processors.stream()
        .filter(SpanProcessor::isStartRequired)
        .toArray(SpanProcessor[]::new);
    this.serviceName = serviceName;
    this.recording = recording && !processors.isEmpty();
    for (int i = 0; i < open.length; i++) {
      open[i] = new OpenSpans();
    }
  }

  public String serviceName() {
    return serviceName;
  }

  /** True when snapshots are wanted; spans skip building them otherwise. */
  public boolean recording() {
    return recording;
  }

  /** True when some processor wants a snapshot of each span as it starts. */
  boolean startRequired() {
    return recording && startProcessors.length > 0;
  }

  public long processorFailures() {
    return processorFailures.get();
  }

  void opened(RecordingSpan span) {
    // The starting thread picks the stripe, so threads rarely share one; most spans end on the
    // thread that started them, which finds the stripe still in its cache.
    int stripe = (int) Thread.currentThread().getId() & (OPEN_STRIPES - 1);
    open[stripe].add(span, stripe);
  }

  void closed(RecordingSpan span) {
    int stripe = span.openStripe;
    if (stripe >= 0) {
      open[stripe].remove(span, stripe);
    }
  }

  /** Hands every span still open to the processors, marked unfinished; for shutdown. */
  public void endUnfinished() {
    List<RecordingSpan> spans = new ArrayList<>();
    for (OpenSpans stripe : open) {
      stripe.takeAll(spans);
    }
    for (RecordingSpan span : spans) {
      SpanData snapshot = span.unfinishedSnapshot();
      if (snapshot != null) {
        ended(snapshot);
      }
    }
  }

  void started(SpanData span) {
    for (SpanProcessor p : startProcessors) {
      try {
        p.onStart(span);
      } catch (RuntimeException | LinkageError e) {
        failed(p, e);
      }
    }
  }

  void ended(SpanData span) {
    for (SpanProcessor p : processors) {
      try {
        p.onEnd(span);
      } catch (RuntimeException | LinkageError e) {
        failed(p, e);
      }
    }
  }

  public void shutdown() {
    for (SpanProcessor p : processors) {
      try {
        p.shutdown();
      } catch (RuntimeException | LinkageError e) {
        failed(p, e);
      }
    }
  }

  /**
   * One stripe of the open spans: a doubly-linked list through the spans' own fields, so that
   * registering a span allocates nothing, guarded by this object's lock. A hash set cost a node
   * and five atomic updates per span; this costs two uncontended locks.
   */
  static final class OpenSpans {
    private RecordingSpan head;

    synchronized void add(RecordingSpan span, int index) {
      span.openStripe = (byte) index;
      span.nextOpen = head;
      if (head != null) {
        head.prevOpen = span;
      }
      head = span;
    }

    synchronized void remove(RecordingSpan span, int index) {
      if (span.openStripe != index) {
        return; // taken by takeAll already
      }
      if (span.prevOpen != null) {
        span.prevOpen.nextOpen = span.nextOpen;
      } else {
        head = span.nextOpen;
      }
      if (span.nextOpen != null) {
        span.nextOpen.prevOpen = span.prevOpen;
      }
      span.openStripe = -1;
      span.prevOpen = null;
      span.nextOpen = null;
    }

    /** Moves every span of this stripe into {@code into}, leaving the stripe empty. */
    synchronized void takeAll(List<RecordingSpan> into) {
      RecordingSpan span = head;
      while (span != null) {
        RecordingSpan next = span.nextOpen;
        into.add(span);
        span.openStripe = -1;
        span.prevOpen = null;
        span.nextOpen = null;
        span = next;
      }
      head = null;
    }
  }

  private void failed(SpanProcessor processor, Throwable e) {
    processorFailures.incrementAndGet();
    if (failureLogged.compareAndSet(false, true)) {
      LOG.log(Level.WARNING, "Span processor " + processor.getClass().getName()
          + " threw; its failures are counted and not logged again", e);
    }
  }
}
