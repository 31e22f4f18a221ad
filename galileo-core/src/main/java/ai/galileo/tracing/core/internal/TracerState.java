package ai.galileo.tracing.core.internal;

import ai.galileo.tracing.core.SpanData;
import ai.galileo.tracing.core.SpanProcessor;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * What every span of one tracer shares: where its snapshots go and the service it was made in.
 * Processor failures are contained here, so a broken exporter never reaches application code.
 */
public final class TracerState {
  private static final Logger LOG = Logger.getLogger(TracerState.class.getName());

  private final SpanProcessor[] processors;
  /** The processors that want start snapshots; empty when none does, so none is taken. */
  private final SpanProcessor[] startProcessors;
  private final String serviceName;
  private final boolean recording;
  private final AtomicLong processorFailures = new AtomicLong();
  private final AtomicBoolean failureLogged = new AtomicBoolean();
  /** Spans started and not yet ended, so that shutdown can send them as unfinished. */
  private final OpenSpans open = new OpenSpans();
  /** Distributed mode's streaming: null in batch mode. */
  private final Streaming streaming;

  /**
   * @param recording false when {@code GALILEO_LOGGING_DISABLED} is set: spans still get ids and
   *     propagate, but no snapshot leaves the tracer
   */
  public TracerState(List<SpanProcessor> processors, String serviceName, boolean recording) {
    this(processors, serviceName, recording, null);
  }

  /**
   * @param streaming what distributed mode adds, or null in batch mode
   */
  public TracerState(List<SpanProcessor> processors, String serviceName, boolean recording,
      Streaming streaming) {
    this.processors = processors.toArray(new SpanProcessor[0]);
    this.startProcessors = processors.stream()
        .filter(SpanProcessor::isStartRequired)
        .toArray(SpanProcessor[]::new);
    this.serviceName = serviceName;
    this.recording = recording && !processors.isEmpty();
    this.streaming = this.recording ? streaming : null;
  }

  /**
   * What distributed mode adds to a tracer: where a span is announced (posted open) when its
   * tracing headers leave the process, the registry of roots whose completion waits for other
   * services, and, with {@code GALILEO_INGEST_PARENTS_FIRST}, how to wait for announcements to be
   * delivered.
   *
   * @param announceTo the export pipelines, which take start snapshots through {@link
   *     SpanProcessor#onStart}
   * @param downstream the roots whose headers left the process
   * @param awaitAnnounced null, or a wait (bounded) until what is queued so far has been handed
   *     to the exporters and the given trace's requests among it are answered
   */
  public record Streaming(List<SpanProcessor> announceTo, Downstream downstream,
      Consumer<UUID> awaitAnnounced) {}

  /** The registry of roots whose headers left the process; null outside distributed mode. */
  Downstream downstream() {
    return streaming == null ? null : streaming.downstream();
  }

  /** Hands a span's start snapshot to the export pipelines: it is to be posted open. */
  void announced(SpanData span) {
    for (SpanProcessor p : streaming.announceTo()) {
      try {
        p.onStart(span);
      } catch (RuntimeException | LinkageError e) {
        failed(p, e);
      }
    }
  }

  /** True when start snapshots are posted as tracing headers leave (distributed mode). */
  boolean announcing() {
    return streaming != null;
  }

  /** True with {@code GALILEO_INGEST_PARENTS_FIRST}: a call's ancestors are posted open first. */
  boolean ingestParentsFirst() {
    return streaming != null && streaming.awaitAnnounced() != null;
  }

  /** With {@code GALILEO_INGEST_PARENTS_FIRST}: waits (bounded) until announcements are delivered. */
  void awaitAnnounced(UUID traceId) {
    Consumer<UUID> wait = streaming == null ? null : streaming.awaitAnnounced();
    if (wait != null) {
      wait.accept(traceId);
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

  OpenSpans openSpansForTest() {
    return open;
  }

  void opened(RecordingSpan span) {
    open.add(span);
  }

  /** Hands every span still open to the processors, marked unfinished; for shutdown. */
  public void endUnfinished() {
    List<RecordingSpan> spans = new ArrayList<>();
    open.takeAll(spans);
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

  private void failed(SpanProcessor processor, Throwable e) {
    processorFailures.incrementAndGet();
    if (failureLogged.compareAndSet(false, true)) {
      LOG.log(Level.WARNING, "Span processor " + processor.getClass().getName()
          + " threw; its failures are counted and not logged again", e);
    }
  }
}
