package ai.galileo.tracing.testing;

import ai.galileo.tracing.SpanType;
import ai.galileo.tracing.core.SpanData;
import ai.galileo.tracing.core.export.ExportResult;
import ai.galileo.tracing.core.export.SpanExporter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * Keeps the span snapshots it is given, for assertions in tests. Safe to use from any thread: every
 * read returns an immutable copy of what had been exported when it was called.
 *
 * <p>Final snapshots are kept: spans that ended, and spans still open when their tracer shut down
 * ({@link SpanData.State#UNFINISHED}). Start snapshots are kept too by an exporter made with
 * {@link #keepingStartedSpans()}. Spans stay readable after {@link #shutdown()}, so a test can
 * close its tracer and then look.
 *
 * <pre>{@code
 * InMemorySpanExporter exporter = InMemorySpanExporter.create();
 * // ... hand it to a tracer, run the code under test ...
 * SpanData retrieve = exporter.spans("retrieve").get(0);
 * }</pre>
 *
 * @since 0.1.0
 */
public final class InMemorySpanExporter implements SpanExporter {
  private final boolean keepStarted;
  private final Object lock = new Object();
  private final List<SpanData> finished = new ArrayList<>();
  private final List<SpanData> started = new ArrayList<>();
  private volatile boolean shutdown;

  private InMemorySpanExporter(boolean keepStarted) {
    this.keepStarted = keepStarted;
  }

  /** An exporter that keeps final snapshots and ignores start snapshots. */
  public static InMemorySpanExporter create() {
    return new InMemorySpanExporter(false);
  }

  /**
   * An exporter that also keeps start snapshots, to check what distributed mode streams as spans
   * start.
   */
  public static InMemorySpanExporter keepingStartedSpans() {
    return new InMemorySpanExporter(true);
  }

  /** Keeps the batch; every final snapshot counts as sent. */
  @Override
  public ExportResult export(List<SpanData> batch) {
    int sent = 0;
    synchronized (lock) {
      for (SpanData span : batch) {
        if (span == null) {
          continue;
        }
        if (span.isFinal()) {
          finished.add(span);
          sent++;
        } else if (keepStarted) {
          started.add(span);
        }
      }
    }
    return sent == 0 ? ExportResult.NOTHING : ExportResult.sent(sent);
  }

  /** Marks the exporter shut down; what it holds stays readable. */
  @Override
  public void shutdown() {
    shutdown = true;
  }

  /** True once {@link #shutdown()} was called, as it is when the tracer closes. */
  public boolean isShutdown() {
    return shutdown;
  }

  /** The final snapshots, in the order they were exported (children usually before parents). */
  public List<SpanData> finishedSpans() {
    synchronized (lock) {
      return List.copyOf(finished);
    }
  }

  /** The start snapshots, in order; always empty unless made by {@link #keepingStartedSpans()}. */
  public List<SpanData> startedSpans() {
    synchronized (lock) {
      return List.copyOf(started);
    }
  }

  /** The final snapshots of spans with this name, in the order they were exported. */
  public List<SpanData> spans(String name) {
    Objects.requireNonNull(name, "name");
    List<SpanData> matches = new ArrayList<>();
    for (SpanData span : finishedSpans()) {
      if (name.equals(span.name())) {
        matches.add(span);
      }
    }
    return List.copyOf(matches);
  }

  /**
   * The final snapshots of spans of this type, in the order they were exported: the
   * {@link SpanType#AGENT} spans of an agent run, say, or the {@link SpanType#TOOL} spans of the
   * tools it called.
   *
   * @since 0.1.0
   */
  public List<SpanData> spans(SpanType type) {
    Objects.requireNonNull(type, "type");
    List<SpanData> matches = new ArrayList<>();
    for (SpanData span : finishedSpans()) {
      if (type == span.type()) {
        matches.add(span);
      }
    }
    return List.copyOf(matches);
  }

  /** The final snapshots of one trace, in the order they were exported; empty if none. */
  public List<SpanData> trace(UUID traceId) {
    Objects.requireNonNull(traceId, "traceId");
    List<SpanData> spans = traces().get(traceId);
    return spans == null ? List.of() : spans;
  }

  /**
   * The final snapshots grouped by trace id, traces in the order their first span was exported,
   * spans in the order they were exported.
   */
  public Map<UUID, List<SpanData>> traces() {
    Map<UUID, List<SpanData>> byTrace = new LinkedHashMap<>();
    for (SpanData span : finishedSpans()) {
      byTrace.computeIfAbsent(span.traceId(), id -> new ArrayList<>()).add(span);
    }
    byTrace.replaceAll((id, spans) -> List.copyOf(spans));
    return Collections.unmodifiableMap(byTrace);
  }

  /** Forgets every snapshot, started and final. */
  public void reset() {
    synchronized (lock) {
      finished.clear();
      started.clear();
    }
  }

  @Override
  public String toString() {
    synchronized (lock) {
      return "InMemorySpanExporter{finished=" + finished.size() + ", started=" + started.size()
          + (shutdown ? ", shut down" : "") + "}";
    }
  }
}
