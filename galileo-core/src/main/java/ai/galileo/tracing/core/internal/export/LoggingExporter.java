package ai.galileo.tracing.core.internal.export;

import ai.galileo.tracing.Content;
import ai.galileo.tracing.LlmEvent;
import ai.galileo.tracing.ToolDefinition;
import ai.galileo.tracing.core.SpanData;
import ai.galileo.tracing.core.export.ExportResult;
import ai.galileo.tracing.core.export.SpanExporter;
import java.io.PrintStream;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;

/**
 * Prints each trace as a readable tree, one line per span, when its root ends: the trace itself, or
 * in a service that continues another's trace, its local root (the span whose parent is remote).
 *
 * <p>Children end before their parents, so final snapshots are buffered by trace id until their
 * root ends, then printed together. A span whose parent was printed already (fire-and-forget work
 * that outlived its trace) is printed on its own, with what ended under it, marked late. The buffer
 * is bounded: past the cap the oldest traces are printed as they are, marked partial, and counted.
 * {@link #flush()} prints whatever is still buffered, also marked partial. Start snapshots are
 * ignored.
 *
 * <p>For debugging, not for production volumes: every trace is formatted and written to one stream.
 *
 * <p>Internal: not part of the public API and may change without notice.
 */
public final class LoggingExporter implements SpanExporter {
  /** How many final snapshots wait for their root at most. */
  static final int DEFAULT_MAX_BUFFERED = 10_000;
  // Enough to recognise late spans of recent traces without growing for ever.
  private static final int REMEMBERED_PRINTED_IDS = 10_000;
  private static final int PREVIEW_CHARS = 40;
  private static final int NAME_CHARS = 80;
  private static final int TOOL_NAMES = 10;
  private static final String SERVICE_NAME_KEY = "service.name";
  private static final Comparator<SpanData> BY_START =
      Comparator.comparingLong(SpanData::startEpochNanos);

  private final PrintStream out;
  private final int maxBuffered;
  // Oldest trace first, so the cap evicts the trace that has waited longest.
  private final Map<UUID, List<SpanData>> buffered = new LinkedHashMap<>();
  private int bufferedCount;
  private long overflowed;
  private final Set<UUID> printedIds =
      Collections.newSetFromMap(
          new LinkedHashMap<>() {
            @Override
            protected boolean removeEldestEntry(Map.Entry<UUID, Boolean> eldest) {
              return size() > REMEMBERED_PRINTED_IDS;
            }
          });

  /** An exporter that prints to {@code out}, buffering up to 10 000 spans. */
  public LoggingExporter(PrintStream out) {
    this(out, DEFAULT_MAX_BUFFERED);
  }

  /**
   * @param out where trees are printed
   * @param maxBuffered how many final snapshots may wait for their root before the oldest traces
   *     are printed unfinished
   */
  public LoggingExporter(PrintStream out, int maxBuffered) {
    if (maxBuffered < 1) {
      throw new IllegalArgumentException("maxBuffered must be positive: " + maxBuffered);
    }
    this.out = Objects.requireNonNull(out, "out");
    this.maxBuffered = maxBuffered;
  }

  @Override
  public synchronized ExportResult export(List<SpanData> batch) {
    int printed = 0;
    for (SpanData span : batch) {
      if (span != null && span.isFinal()) {
        printed += accept(span);
      }
    }
    return printed == 0 ? ExportResult.NOTHING : ExportResult.sent(printed);
  }

  /** Prints every buffered span, as partial trees, since their roots have not ended. */
  @Override
  public synchronized ExportResult flush() {
    int printed = 0;
    for (UUID traceId : new ArrayList<>(buffered.keySet())) {
      printed += printPartial(traceId, "flushed before its root ended");
    }
    return printed == 0 ? ExportResult.NOTHING : ExportResult.sent(printed);
  }

  /** A log has no completion rule: batches fill for up to a second in both modes. */
  @Override
  public boolean completesTraces() {
    return false;
  }

  /** Prints what is left; the pipeline flushes first, so normally nothing is. */
  @Override
  public void shutdown() {
    flush();
  }

  /** How many spans were printed before their root ended because the buffer was full. */
  synchronized long overflowed() {
    return overflowed;
  }

  /** How many final snapshots wait for their root. */
  synchronized int buffered() {
    return bufferedCount;
  }

  private int accept(SpanData span) {
    if (isRoot(span)) {
      return printTree(span, null);
    }
    if (printedIds.contains(span.parentId())) {
      return printTree(span, "late: its parent was printed already");
    }
    buffered.computeIfAbsent(span.traceId(), id -> new ArrayList<>()).add(span);
    bufferedCount++;
    int printed = 0;
    Iterator<UUID> oldest = buffered.keySet().iterator();
    while (bufferedCount > maxBuffered && oldest.hasNext()) {
      UUID traceId = oldest.next();
      int n = buffered.get(traceId).size();
      overflowed += n;
      printed +=
          printPartial(traceId, "buffer full, " + overflowed + " spans printed before their root");
      oldest = buffered.keySet().iterator();
    }
    return printed;
  }

  /** Prints {@code top} with whatever buffered spans descend from it. */
  private int printTree(SpanData top, String mark) {
    List<SpanData> spans = new ArrayList<>();
    spans.add(top);
    List<SpanData> waiting = buffered.get(top.traceId());
    if (waiting != null) {
      takeDescendants(top.spanId(), waiting, spans);
      if (waiting.isEmpty()) {
        buffered.remove(top.traceId());
      }
    }
    print("trace " + top.traceId(), mark, spans);
    return spans.size();
  }

  /** Moves the descendants of {@code id} from {@code waiting} to {@code into}, in linear time. */
  private void takeDescendants(UUID id, List<SpanData> waiting, List<SpanData> into) {
    Map<UUID, List<SpanData>> byParent = new HashMap<>();
    for (SpanData span : waiting) {
      byParent.computeIfAbsent(span.parentId(), p -> new ArrayList<>()).add(span);
    }
    int before = into.size();
    Deque<UUID> parents = new ArrayDeque<>();
    parents.add(id);
    while (!parents.isEmpty()) {
      List<SpanData> under = byParent.remove(parents.poll());
      if (under != null) {
        for (SpanData span : under) {
          into.add(span);
          parents.add(span.spanId());
        }
      }
    }
    if (into.size() > before) {
      Set<SpanData> taken = Collections.newSetFromMap(new IdentityHashMap<>());
      taken.addAll(into.subList(before, into.size()));
      int waited = waiting.size();
      waiting.removeIf(taken::contains);
      bufferedCount -= waited - waiting.size();
    }
  }

  private int printPartial(UUID traceId, String mark) {
    List<SpanData> spans = buffered.remove(traceId);
    if (spans == null) {
      return 0;
    }
    bufferedCount -= spans.size();
    print("trace " + traceId, "partial: " + mark, spans);
    return spans.size();
  }

  /**
   * Prints spans as a forest: spans whose parent is not among them are the tops, printed with
   * their ids; children follow their parent, indented, in order of start. One write per tree keeps
   * trees whole when several tracers share the stream.
   */
  private void print(String title, String mark, List<SpanData> spans) {
    Map<UUID, List<SpanData>> children = new HashMap<>();
    Set<UUID> ids = new HashSet<>();
    for (SpanData span : spans) {
      ids.add(span.spanId());
    }
    List<SpanData> tops = new ArrayList<>();
    for (SpanData span : spans) {
      if (span.parentId() != null && ids.contains(span.parentId()) && !isRoot(span)) {
        children.computeIfAbsent(span.parentId(), id -> new ArrayList<>()).add(span);
      } else {
        tops.add(span);
      }
    }
    StringBuilder text = new StringBuilder();
    text.append("[galileo] ").append(title).append(" (").append(spans.size())
        .append(spans.size() == 1 ? " span" : " spans");
    if (mark != null) {
      text.append("; ").append(mark);
    }
    text.append(")\n");
    tops.sort(BY_START);
    for (SpanData top : tops) {
      appendTree(text, top, 1, true, children);
    }
    out.print(text);
    out.flush();
    for (SpanData span : spans) {
      printedIds.add(span.spanId());
    }
  }

  private static boolean isRoot(SpanData span) {
    return span.parentId() == null || span.isTrace() || span.remoteParent();
  }

  private static void appendTree(
      StringBuilder text, SpanData span, int depth, boolean top, Map<UUID, List<SpanData>> children) {
    appendLine(text, span, depth, top);
    List<SpanData> under = children.get(span.spanId());
    if (under != null) {
      under.sort(BY_START); // stable: spans that started together keep the order they ended in
      for (SpanData child : under) {
        appendTree(text, child, depth + 1, false, children);
      }
    }
  }

  /** {@code  llm "answer" 12.3 ms, status 200, service rag: "question" -> "reply"} */
  static void appendLine(StringBuilder text, SpanData span, int depth, boolean withIds) {
    text.append("  ".repeat(depth));
    text.append(span.type() == null ? "span" : span.type().wireName()).append(' ');
    text.append('"').append(oneLine(span.name(), NAME_CHARS)).append("\" ");
    text.append(duration(span.durationNanos()));
    if (span.state() == SpanData.State.UNFINISHED) {
      text.append(" (unfinished)");
    }
    text.append(", status ").append(span.statusCode() == null ? "-" : span.statusCode());
    String service = span.metadata() == null ? null : span.metadata().get(SERVICE_NAME_KEY);
    text.append(", service ").append(service == null ? "-" : oneLine(service, NAME_CHARS));
    appendAgentFields(text, span);
    text.append(": ").append(preview(span.input())).append(" -> ").append(preview(span.output()));
    if (withIds) {
      text.append("  [trace ").append(span.traceId()).append(", span ").append(span.spanId());
      if (span.parentId() != null) {
        text.append(", parent ").append(span.parentId());
        if (span.remoteParent()) {
          text.append(" (remote)");
        }
      }
      text.append(']');
    }
    text.append('\n');
  }

  /**
   * What Galileo's agent views read, when set: {@code , agent react}, {@code , tool call call_1},
   * {@code , finish tool_calls, tools [get_weather, search], reasoning "The user wants..."}.
   */
  private static void appendAgentFields(StringBuilder text, SpanData span) {
    if (span.agentType() != null) {
      text.append(", agent ").append(span.agentType().wireName());
    }
    if (span.toolCallId() != null) {
      text.append(", tool call ").append(oneLine(span.toolCallId(), NAME_CHARS));
    }
    SpanData.LlmData llm = span.llm();
    if (llm == null) {
      return;
    }
    if (llm.finishReason() != null) {
      text.append(", finish ").append(oneLine(llm.finishReason(), NAME_CHARS));
    }
    List<ToolDefinition> tools = llm.tools();
    if (!tools.isEmpty()) {
      text.append(", tools [");
      for (int i = 0; i < tools.size() && i < TOOL_NAMES; i++) {
        text.append(i == 0 ? "" : ", ").append(oneLine(tools.get(i).name(), NAME_CHARS));
      }
      if (tools.size() > TOOL_NAMES) {
        text.append(", +").append(tools.size() - TOOL_NAMES).append(" more");
      }
      text.append(']');
    }
    for (LlmEvent e : llm.events()) {
      if (e instanceof LlmEvent.Reasoning r && (r.content() != null || r.summary() != null)) {
        String reasoning = r.content() != null ? r.content() : r.summary();
        text.append(", reasoning \"").append(oneLine(reasoning, PREVIEW_CHARS)).append('"');
        break; // the first: a line, not a transcript
      }
    }
  }

  private static String duration(long nanos) {
    return nanos < 0 ? "? ms" : String.format(Locale.ROOT, "%.1f ms", nanos / 1_000_000.0);
  }

  private static String preview(Content content) {
    return content == null ? "-" : '"' + oneLine(content.asText(), PREVIEW_CHARS) + '"';
  }

  /**
   * The text on one line: line breaks, tabs, other control characters, quotes and backslashes
   * escaped, cut after {@code max} characters of output (never inside a surrogate pair).
   */
  static String oneLine(String value, int max) {
    if (value == null) {
      return "";
    }
    StringBuilder s = new StringBuilder(Math.min(value.length(), max) + 3);
    int i = 0;
    while (i < value.length()) {
      if (s.length() >= max) {
        return s.append("...").toString();
      }
      int cp = value.codePointAt(i);
      i += Character.charCount(cp);
      switch (cp) {
        case '\n' -> s.append("\\n");
        case '\r' -> s.append("\\r");
        case '\t' -> s.append("\\t");
        case '"' -> s.append("\\\"");
        case '\\' -> s.append("\\\\");
        default -> {
          if (Character.isISOControl(cp)) {
            s.append(String.format(Locale.ROOT, "\\u%04x", cp));
          } else {
            s.appendCodePoint(cp);
          }
        }
      }
    }
    return s.toString();
  }
}
