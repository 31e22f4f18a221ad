package ai.galileo.tracing.core.internal.export;

import ai.galileo.tracing.SpanType;
import ai.galileo.tracing.core.SpanData;
import ai.galileo.tracing.core.export.ExportResult;
import ai.galileo.tracing.core.export.SpanExporter;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.logging.Logger;

/**
 * Sends spans to Galileo's REST API as Galileo's own SDKs do, and a little better.
 *
 * <p>A span is posted once, complete, as soon as its parent is in the backend; spans wait for
 * their parent, so a tree goes out in as few requests as it can, parents before children. Batch
 * mode thus sends a trace whole when it ends, and a service that continues another's trace sends
 * what it made in one request when its own span (whose parent is remote) ends. A span ending after
 * its parent was sent follows on its own, under its parent.
 *
 * <p>Distributed mode adds what other services need to join: when a span's tracing headers leave
 * the process, its trace and the span (and any local ancestor not yet in the backend) are posted
 * open ({@code is_complete: false}) from their start snapshots, and {@code PATCH} updates carry
 * output, status and duration when they end. The trace's completing update is the last request of
 * its batch, and the pipeline hands it over only once the services called under it have delivered
 * (see {@link ExportPipeline}). Galileo refuses a span for a trace already complete: such refusals
 * are counted as late in the receipt. LLM spans are never posted open: an update cannot carry their
 * model and token counts.
 *
 * <p>Several requests are in flight at once once the pipeline connects it ({@link
 * #sendConcurrently}): a {@link RequestWindow} sends them, a trace's requests one after another in
 * the order this class makes them, so the order above holds per trace while traces overlap. What
 * has gone out is noted as it is handed to the window, not when it is answered, so the next batch
 * can build on it at once; a record posted open whose request fails is forgotten again before the
 * next batch, so its final snapshot is then posted complete, as if it had never been announced.
 *
 * <p>Batches are built on the export worker thread only; that state needs no locking.
 */
public final class GalileoExporter implements SpanExporter, InFlightExporter {
  private static final Logger LOG = Logger.getLogger(GalileoExporter.class.getName());
  private static final int MAX_REMEMBERED = 100_000;
  /**
   * The most records one request carries, unless one tree alone is bigger (a tree is never split):
   * a full default batch (512 snapshots) fits in one request, about 200 KB of JSON.
   */
  static final int MAX_RECORDS_PER_REQUEST = 1024;
  /** The detail of Galileo's error for a span ingested into a trace already complete. */
  static final String TRACE_COMPLETE = "Trace is marked as complete";

  private final GalileoHttp http;
  private final GalileoJson json;
  private final ProjectTarget target;
  private final int maxBufferedSpans;
  private final int maxInFlight;
  /** Null until the pipeline connects: requests are then sent one by one, on the calling thread. */
  private RequestWindow window;
  /** Records posted open whose request failed, to be forgotten before the next batch. */
  private final ConcurrentLinkedQueue<UUID> failedOpen = new ConcurrentLinkedQueue<>();

  // distributed mode: what has been posted open and awaits its update
  private final RecentIds postedTraces = new RecentIds(MAX_REMEMBERED);
  private final RecentIds postedSpans = new RecentIds(MAX_REMEMBERED);
  // final snapshots waiting for their parent to be in the backend, by trace; and what has gone out
  private final Map<UUID, Map<UUID, SpanData>> buffered = new LinkedHashMap<>();
  private int bufferedCount;
  private final SentIds sent = new SentIds(MAX_REMEMBERED);
  /** The buffers request bodies are written into, one per request in flight plus the one being written. */
  private final BodyBuffers bodies;
  private final AtomicBoolean lateLogged = new AtomicBoolean();

  /** An exporter with one request in flight at a time. */
  public GalileoExporter(GalileoHttp http, GalileoJson json, ProjectTarget target, int maxBufferedSpans) {
    this(http, json, target, maxBufferedSpans, 1);
  }

  /**
   * @param maxInFlight the most requests in flight at once, once the pipeline connects
   *     ({@link #sendConcurrently})
   */
  public GalileoExporter(GalileoHttp http, GalileoJson json, ProjectTarget target, int maxBufferedSpans,
      int maxInFlight) {
    this.http = http;
    this.json = json;
    this.target = target;
    this.maxBufferedSpans = maxBufferedSpans;
    this.maxInFlight = maxInFlight;
    this.bodies = new BodyBuffers(maxInFlight + 1);
  }

  @Override
  public void sendConcurrently(Consumer<ExportResult> results) {
    if (window != null) {
      throw new IllegalStateException("already sending concurrently");
    }
    window = new RequestWindow(maxInFlight, results);
  }

  @Override
  public int inFlight() {
    RequestWindow w = window;
    return w == null ? 0 : w.inFlightFinals();
  }

  @Override
  public boolean awaitInFlight(long deadline) throws InterruptedException {
    RequestWindow w = window;
    return w == null || w.awaitIdle(deadline);
  }

  @Override
  public boolean awaitTrace(UUID traceId, long deadline) throws InterruptedException {
    RequestWindow w = window;
    return w == null || w.awaitTrace(traceId, deadline);
  }

  @Override
  public void shutdown() {
    RequestWindow w = window;
    if (w != null) {
      w.abandon(); // the pipeline waited for what it could; the rest is given up and counted
    }
    http.close(); // the kept-alive connections; nothing is sent after shutdown
  }

  @Override
  public ExportResult export(List<SpanData> batch) {
    forgetFailedOpen();
    if (!target.resolve(http, json)) {
      return ExportResult.failed(countFinals(batch)).plus(target.takeRetries());
    }
    return send(batch).plus(target.takeRetries());
  }

  @Override
  public ExportResult flush() {
    forgetFailedOpen();
    if (bufferedCount == 0) {
      return ExportResult.NOTHING;
    }
    if (!target.resolve(http, json)) {
      return target.takeRetries(); // kept for a later flush; shutdown counts what never left
    }
    List<SpanData> all = new ArrayList<>(bufferedCount);
    for (Map<UUID, SpanData> spans : buffered.values()) {
      all.addAll(spans.values());
    }
    buffered.clear();
    bufferedCount = 0;
    return postSpanTrees(SpanForest.build(all));
  }

  /**
   * Asks the API for a span another service made: found with a duration, which a span posted open
   * lacks until its update, it is final.
   */
  @Override
  public boolean hasFinishedSpan(UUID traceId, UUID spanId) {
    if (!target.resolve(http, json)) {
      return false;
    }
    // One attempt: the pipeline asks again with a back-off, up to the completion timeout.
    GalileoHttp.Response r = http.sendOnce("GET", projectRoute("/spans/" + spanId), null);
    return r.ok() && GalileoJson.isFinishedRecord(r.body());
  }

  /** Records posted open whose request failed are not in the backend: their finals go complete. */
  private void forgetFailedOpen() {
    UUID id;
    while ((id = failedOpen.poll()) != null) {
      postedTraces.remove(id);
      postedSpans.remove(id);
    }
  }

  // ---------------------------------------------------------------- one batch

  /**
   * Sends a batch. A span is posted once, complete, with its descendants nested, as soon as its
   * parent is in the backend: the parent is remote, posted open, or sent; until then it waits in
   * the buffer, so a server's spans go out in one request when its own span ends, and a trace
   * that never called another service goes out whole when it ends (batch mode always works so).
   * Distributed mode adds start snapshots of spans whose headers left the process: posted open
   * first (traces, then spans, root first; one whose parent ended but is not in the backend yet
   * goes right after that parent), then completed by an update. Completing updates come last,
   * after every other request of the batch.
   */
  private ExportResult send(List<SpanData> batch) {
    // Each phase is a method of its own: one method holding them all compiled to 50-60 kB of
    // machine code, several times over (OSR for each loop, then the whole), which cost more CPU
    // at 3,000 spans/s than the work itself.
    List<SpanData> finals = new ArrayList<>(batch.size());
    List<SpanData> starts = splitStarts(batch, finals);
    ExportResult result = ExportResult.NOTHING;
    List<SpanNode> startsLater = List.of();
    if (!starts.isEmpty()) {
      Set<UUID> endingHere = idsOf(finals);
      startsLater = new ArrayList<>();
      result = announce(starts, endingHere, startsLater);
    }
    FinalRoutes routes = route(finals);
    result = result.plus(postTraces(routes.traceTrees)).plus(postSpanTrees(routes.spanTrees));
    if (!startsLater.isEmpty()) {
      result = result.plus(postSpanTrees(startsLater)).plus(postSpanTrees(releasedUnder(startsLater)));
    }
    return result.plus(postUpdates(routes)).plus(evictOverflow());
  }

  /**
   * Moves the batch's final snapshots into {@code finals} and returns its start snapshots. A loop
   * of its own: a loop in {@link #send}, which runs a few times a second, had the JIT compile send
   * on-stack with every phase inlined (about 47 kB), and then once more as a whole.
   */
  private static List<SpanData> splitStarts(List<SpanData> batch, List<SpanData> finals) {
    List<SpanData> starts = List.of();
    for (int i = 0, n = batch.size(); i < n; i++) {
      SpanData s = batch.get(i);
      if (s.isFinal()) {
        finals.add(s);
      } else {
        if (starts.isEmpty()) {
          starts = new ArrayList<>();
        }
        starts.add(s);
      }
    }
    return starts;
  }

  private static Set<UUID> idsOf(List<SpanData> spans) {
    Set<UUID> ids = new HashSet<>();
    for (SpanData s : spans) {
      ids.add(s.spanId());
    }
    return ids;
  }

  /**
   * Posts open the start snapshots not announced before and not ending in this batch (announced
   * and ended within one batch: posted once, complete), with any buffered spans they release.
   * Spans whose parent ended but is not in the backend yet are left in {@code later}, to go after
   * that parent's request.
   */
  private ExportResult announce(List<SpanData> starts, Set<UUID> endingHere, List<SpanNode> later) {
    List<SpanNode> traceStarts = new ArrayList<>();
    List<SpanData> spanStarts = new ArrayList<>();
    for (SpanData s : starts) {
      UUID id = s.spanId();
      if (!sent.contains(id) && !postedTraces.contains(id) && !postedSpans.contains(id)
          && !endingHere.contains(id)) {
        if (s.isTrace()) {
          traceStarts.add(SpanNode.leaf(s));
        } else {
          spanStarts.add(s);
        }
      }
    }
    List<SpanNode> now = new ArrayList<>();
    for (SpanNode n : SpanForest.build(spanStarts)) {
      UUID parent = n.span().parentId();
      boolean parentPending = parent != null && !parentInBackend(parent)
          && (endingHere.contains(parent) || isBuffered(n.span().traceId(), parent));
      (parentPending ? later : now).add(n);
    }
    ExportResult result = postTraces(traceStarts).plus(postSpanTrees(now));
    // Spans that waited for a parent announced just now can go.
    List<SpanNode> released = new ArrayList<>();
    for (SpanNode n : traceStarts) {
      released.addAll(takeChildren(n.span()));
    }
    released.addAll(releasedUnder(now));
    return result.plus(postSpanTrees(released));
  }

  /** The buffered spans under each span of {@code trees}, taken out of the buffer. */
  private List<SpanNode> releasedUnder(List<SpanNode> trees) {
    List<SpanNode> released = new ArrayList<>();
    for (SpanData s : startsOf(trees)) {
      released.addAll(takeChildren(s));
    }
    return released;
  }

  /** Where the batch's final snapshots go, in the order they are sent. */
  private static final class FinalRoutes {
    final List<SpanNode> traceTrees = new ArrayList<>();
    final List<SpanNode> spanTrees = new ArrayList<>();
    final List<SpanData> spanUpdates = new ArrayList<>(0);
    final List<SpanData> traceUpdates = new ArrayList<>(0);
  }

  /**
   * Sorts final snapshots: updates of what was posted open (with the buffered spans under them),
   * traces with their buffered trees, spans whose parent is in the backend with theirs; the rest
   * wait in the buffer for their parent.
   */
  private FinalRoutes route(List<SpanData> finals) {
    FinalRoutes routes = new FinalRoutes();
    for (int i = 0, n = finals.size(); i < n; i++) {
      route(finals.get(i), routes);
    }
    return routes;
  }

  /**
   * Routes one final snapshot. Per span, not per batch, so that the JIT compiles it early and on
   * its own, and the per-batch loop above stays small when it is compiled on-stack.
   */
  private void route(SpanData s, FinalRoutes routes) {
    UUID id = s.spanId();
    if (postedTraces.contains(id)) {
      routes.spanTrees.addAll(takeChildren(s));
      routes.traceUpdates.add(s);
    } else if (postedSpans.contains(id)) {
      routes.spanTrees.addAll(takeChildren(s));
      routes.spanUpdates.add(s);
    } else if (s.isTrace()) {
      List<SpanNode> forest = takeTree(s);
      routes.traceTrees.add(forest.get(0));
      for (int i = 1; i < forest.size(); i++) {
        routes.spanTrees.add(forest.get(i));
      }
    } else if (s.remoteParent() || parentInBackend(s.parentId())) {
      routes.spanTrees.addAll(takeTree(s));
    } else {
      buffer(s);
    }
  }

  private void buffer(SpanData s) {
    Map<UUID, SpanData> spans = buffered.get(s.traceId());
    if (spans == null) {
      spans = new LinkedHashMap<>();
      buffered.put(s.traceId(), spans);
    }
    spans.put(s.spanId(), s);
    bufferedCount++;
  }

  /** The completing updates, spans' first and traces' last: after every other request of the batch. */
  private ExportResult postUpdates(FinalRoutes routes) {
    ExportResult result = ExportResult.NOTHING;
    for (SpanData s : routes.spanUpdates) {
      result = result.plus(update(projectRoute("/spans/" + s.spanId()), s.traceId(),
          json.spanUpdate(target.logStreamId(), s)));
      postedSpans.remove(s.spanId());
      sent.add(s.spanId());
    }
    for (SpanData t : routes.traceUpdates) {
      byte[] body = json.traceUpdate(target.logStreamId(), t, t.ended());
      result = result.plus(update(projectRoute("/traces/" + t.spanId()), t.traceId(), body));
      postedTraces.remove(t.spanId());
      sent.add(t.spanId());
    }
    return result;
  }

  /** True if spans may be posted under this parent: it is posted open, or was sent. */
  private boolean parentInBackend(UUID parentId) {
    return parentId != null
        && (sent.contains(parentId) || postedSpans.contains(parentId) || postedTraces.contains(parentId));
  }

  private static List<SpanData> startsOf(List<SpanNode> trees) {
    List<SpanData> all = new ArrayList<>();
    for (SpanNode n : trees) {
      SpanForest.collect(n, all);
    }
    return all;
  }

  /** True if the span waits in the buffer for its parent. */
  private boolean isBuffered(UUID traceId, UUID spanId) {
    Map<UUID, SpanData> spans = buffered.get(traceId);
    return spans != null && spans.containsKey(spanId);
  }

  /** The buffered spans directly under {@code parent}, each with its buffered descendants. */
  private List<SpanNode> takeChildren(SpanData parent) {
    Map<UUID, SpanData> spans = buffered.get(parent.traceId());
    if (spans == null) {
      return List.of();
    }
    List<SpanData> kids = new ArrayList<>();
    for (SpanData s : spans.values()) {
      if (parent.spanId().equals(s.parentId())) {
        kids.add(s);
      }
    }
    List<SpanNode> out = new ArrayList<>();
    for (SpanData kid : kids) {
      spans.remove(kid.spanId());
      bufferedCount--;
      out.addAll(takeTree(kid));
    }
    if (spans.isEmpty()) {
      buffered.remove(parent.traceId());
    }
    return out;
  }

  /**
   * The root with every buffered descendant, taken out of the buffer: the root's tree first, then
   * the trees of any spans under an LLM span, which cannot nest.
   */
  private List<SpanNode> takeTree(SpanData root) {
    Map<UUID, SpanData> spans = buffered.get(root.traceId());
    if (spans == null) {
      return List.of(new SpanNode(root, List.of()));
    }
    List<SpanData> subtree = spans.size() <= SpanForest.SMALL ? subtreeByScan(root, spans.values())
        : subtreeByMap(root, spans.values());
    for (int i = 1; i < subtree.size(); i++) {
      spans.remove(subtree.get(i).spanId());
      bufferedCount--;
    }
    if (spans.isEmpty()) {
      buffered.remove(root.traceId());
    }
    return SpanForest.build(subtree); // the root comes first, so its tree does too
  }

  /**
   * The root, then its descendants among {@code spans} breadth first, each parent's children in
   * the order of {@code spans}: for a trace's few buffered spans, scanning them costs less than a
   * map of children.
   */
  private static List<SpanData> subtreeByScan(SpanData root, Collection<SpanData> spans) {
    List<SpanData> subtree = new ArrayList<>(spans.size() + 1);
    subtree.add(root);
    for (int i = 0; i < subtree.size(); i++) {
      UUID id = subtree.get(i).spanId();
      for (SpanData s : spans) {
        if (id.equals(s.parentId())) {
          subtree.add(s);
        }
      }
    }
    return subtree;
  }

  /** As {@link #subtreeByScan}, through a map of children, for a trace with many spans buffered. */
  private static List<SpanData> subtreeByMap(SpanData root, Collection<SpanData> spans) {
    Map<UUID, List<SpanData>> children = new HashMap<>();
    for (SpanData s : spans) {
      if (s.parentId() != null) {
        children.computeIfAbsent(s.parentId(), k -> new ArrayList<>()).add(s);
      }
    }
    List<SpanData> subtree = new ArrayList<>();
    subtree.add(root);
    for (int i = 0; i < subtree.size(); i++) {
      List<SpanData> kids = children.get(subtree.get(i).spanId());
      if (kids != null) {
        subtree.addAll(kids);
      }
    }
    return subtree;
  }

  /** Sends the oldest traces' buffered spans when the buffer is over its bound. */
  private ExportResult evictOverflow() {
    ExportResult result = ExportResult.NOTHING;
    Iterator<Map.Entry<UUID, Map<UUID, SpanData>>> it = buffered.entrySet().iterator();
    while (bufferedCount > maxBufferedSpans && it.hasNext()) {
      Map<UUID, SpanData> oldest = it.next().getValue();
      it.remove();
      bufferedCount -= oldest.size();
      LOG.fine("Batch buffer over " + maxBufferedSpans + " spans: sending a trace's spans before its end");
      result = result.plus(postSpanTrees(SpanForest.build(oldest.values())));
    }
    return result;
  }

  // ---------------------------------------------------------------- requests

  /** Posts traces (each with its nested spans), one request per session and completeness. */
  private ExportResult postTraces(List<SpanNode> traces) {
    if (traces.isEmpty()) {
      return ExportResult.NOTHING;
    }
    SpanData first = traces.get(0).span();
    UUID firstSession = sessionOf(first);
    if (allIn(traces, firstSession, first.ended())) { // the usual case: one group, no map of groups
      return postTraceChunks(firstSession, first.ended(), traces);
    }
    // A request has one session and one completeness: group by both.
    Map<List<Object>, List<SpanNode>> groups = new LinkedHashMap<>();
    for (SpanNode t : traces) {
      SpanData s = t.span();
      UUID session = s.sessionId() != null ? s.sessionId() : target.sessionId();
      groups.computeIfAbsent(Arrays.asList(session, s.ended()), k -> new ArrayList<>()).add(t);
    }
    ExportResult result = ExportResult.NOTHING;
    for (Map.Entry<List<Object>, List<SpanNode>> g : groups.entrySet()) {
      result = result.plus(postTraceChunks((UUID) g.getKey().get(0), (Boolean) g.getKey().get(1), g.getValue()));
    }
    return result;
  }

  private UUID sessionOf(SpanData trace) {
    return trace.sessionId() != null ? trace.sessionId() : target.sessionId();
  }

  /** True if every trace goes to {@code session} and has the completeness {@code complete}. */
  private boolean allIn(List<SpanNode> traces, UUID session, boolean complete) {
    for (int i = 1, n = traces.size(); i < n; i++) {
      SpanData s = traces.get(i).span();
      if (s.ended() != complete || !Objects.equals(sessionOf(s), session)) {
        return false;
      }
    }
    return true;
  }

  /** Posts traces of one session and completeness, in requests of a bounded size. */
  private ExportResult postTraceChunks(UUID session, boolean complete, List<SpanNode> traces) {
    ExportResult result = ExportResult.NOTHING;
    for (List<SpanNode> chunk : chunks(traces)) {
      BodyBuffers.Body body = bodies.take();
      try {
        json.writeTracesIngest(body, target.logStreamId(), session, chunk, complete);
      } catch (IOException | RuntimeException e) {
        bodies.give(body);
        throw unwritable(e);
      }
      result = result.plus(postTrees(target.tracesRoute(), body, chunk));
    }
    return result;
  }

  /** Posts span trees, one request per trace and parent. */
  private ExportResult postSpanTrees(List<SpanNode> trees) {
    if (trees.isEmpty()) {
      return ExportResult.NOTHING;
    }
    Map<List<UUID>, List<SpanNode>> groups = new LinkedHashMap<>();
    for (SpanNode t : trees) {
      groups.computeIfAbsent(List.of(t.span().traceId(), t.span().parentId()), k -> new ArrayList<>()).add(t);
    }
    ExportResult result = ExportResult.NOTHING;
    for (Map.Entry<List<UUID>, List<SpanNode>> g : groups.entrySet()) {
      UUID traceId = g.getKey().get(0);
      UUID parentId = g.getKey().get(1);
      for (List<SpanNode> chunk : chunks(g.getValue())) {
        BodyBuffers.Body body = bodies.take();
        try {
          json.writeSpansIngest(body, target.logStreamId(), traceId, parentId, chunk);
        } catch (IOException | RuntimeException e) {
          bodies.give(body);
          throw unwritable(e);
        }
        result = result.plus(postTrees(target.spansRoute(), body, chunk));
      }
    }
    return result;
  }

  /**
   * Posts trees and notes what went out as it is handed out: started spans await updates, sent
   * ones take late children. A record posted open whose request fails is forgotten again.
   */
  private ExportResult postTrees(String route, BodyBuffers.Body body, List<SpanNode> chunk) {
    Outgoing out = new Outgoing();
    for (int i = 0, n = chunk.size(); i < n; i++) {
      out.note(chunk.get(i));
    }
    int count = out.finals;
    List<UUID> opened = out.open;
    return submit(out.traces, count, body, () -> {
      GalileoHttp.Response response = http.send("POST", route, body.bytes(), body.length());
      if (response.ok()) {
        return new ExportResult(count, 0, response.retries());
      }
      failedOpen.addAll(opened);
      return new ExportResult(0, count, response.retries(), isLate(response) ? count : 0);
    });
  }

  /** A body our own writer could not write into memory: a bug, thrown as the batch's failure. */
  private static RuntimeException unwritable(Exception e) {
    return e instanceof RuntimeException r ? r : new IllegalStateException("request body not written", e);
  }

  /**
   * What one request carries, noted tree by tree as it is handed out: its traces, its final
   * snapshots, and the records it posts open. Per tree and per span rather than in one loop over a
   * list of the request's spans, so the per-request method has no long loop for the JIT to compile
   * on-stack with everything inlined.
   */
  private final class Outgoing {
    final Set<UUID> traces = new LinkedHashSet<>();
    int finals;
    List<UUID> open = List.of();

    void note(SpanNode node) {
      SpanData s = node.span();
      traces.add(s.traceId());
      if (noteGoingOut(s)) {
        finals++;
      } else {
        if (open.isEmpty()) {
          open = new ArrayList<>();
        }
        open.add(s.spanId());
      }
      List<SpanNode> children = node.children();
      for (int i = 0, n = children.size(); i < n; i++) {
        note(children.get(i));
      }
    }
  }

  /**
   * Notes a snapshot as handed out: a final one as sent, a start one as posted open. True if it is
   * final. Per span, so that the JIT compiles it on its own (see {@link #route(SpanData, FinalRoutes)}).
   */
  private boolean noteGoingOut(SpanData s) {
    if (s.isFinal()) {
      sent.add(s.spanId());
      return true;
    }
    (s.isTrace() ? postedTraces : postedSpans).add(s.spanId());
    return false;
  }

  /** Sends one update: one final snapshot, sent or failed. */
  private ExportResult update(String route, UUID traceId, byte[] body) {
    return submit(List.of(traceId), 1, null, () -> {
      GalileoHttp.Response response = http.send("PATCH", route, body);
      if (response.ok()) {
        return new ExportResult(1, 0, response.retries());
      }
      return new ExportResult(0, 1, response.retries(), isLate(response) ? 1 : 0);
    });
  }

  /**
   * Sends the request: through the window, whose result goes to the pipeline when it is answered
   * (nothing is returned here), or, before the pipeline connects, right here.
   */
  private ExportResult submit(Collection<UUID> traces, int finals, BodyBuffers.Body body,
      RequestWindow.Request request) {
    RequestWindow.Request settled = body == null ? request : () -> {
      try {
        return request.send();
      } finally {
        bodies.give(body); // sent, retried, or given up: nothing reads it any more
      }
    };
    RequestWindow w = window;
    if (w == null) {
      return settled.send();
    }
    try {
      w.submit(traces, finals, settled);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt(); // shutdown gave up: counted as failed by the window
    }
    return ExportResult.NOTHING;
  }

  /**
   * Galileo's refusal of a span for a trace already complete: the service that started the trace
   * completed it before this one delivered. Logged once; the receipt counts each such span.
   */
  private boolean isLate(GalileoHttp.Response response) {
    if (response.status() < 400 || response.status() >= 500) {
      return false;
    }
    String detail = GalileoJson.errorDetail(response.body());
    if (detail == null || !detail.contains(TRACE_COMPLETE)) {
      return false;
    }
    if (lateLogged.compareAndSet(false, true)) {
      LOG.warning("Galileo refused spans because their trace was already complete (\"" + TRACE_COMPLETE
          + "\"): the service that started the trace completed it before this service delivered."
          + " That service's GALILEO_COMPLETION_TIMEOUT_MS may be too short, or its calls to this"
          + " service do not go through a transport module. Counted as failed; logged once.");
    }
    return true;
  }

  private String projectRoute(String rest) {
    return "/projects/" + target.projectId() + rest;
  }

  /** The trees in requests of at most {@link #MAX_RECORDS_PER_REQUEST} records, in order. */
  private static List<List<SpanNode>> chunks(List<SpanNode> nodes) {
    List<List<SpanNode>> out = new ArrayList<>();
    int from = 0;
    int records = 0;
    for (int i = 0; i < nodes.size(); i++) {
      int size = SpanForest.size(nodes.get(i));
      if (i > from && records + size > MAX_RECORDS_PER_REQUEST) {
        out.add(nodes.subList(from, i));
        from = i;
        records = 0;
      }
      records += size;
    }
    out.add(nodes.subList(from, nodes.size()));
    return out;
  }


  private static int countFinals(List<SpanData> batch) {
    int n = 0;
    for (SpanData s : batch) {
      if (s.isFinal()) {
        n++;
      }
    }
    return n;
  }

  /** The project, log stream and session the spans go to, resolved by name on first use. */
  public static final class ProjectTarget {
    private static final String PROJECTS = "/projects/";
    private final String projectName;
    private final String logStreamName;
    private final String sessionName;
    private UUID projectId;
    private String tracesRoute;
    private String spansRoute;
    private UUID logStreamId;
    private UUID sessionId;
    private boolean resolved;
    private int retries;

    public ProjectTarget(String projectName, UUID projectId, String logStreamName, UUID logStreamId, String sessionName) {
      this.projectName = Objects.requireNonNull(projectName, "projectName");
      this.projectId = projectId;
      this.logStreamName = Objects.requireNonNull(logStreamName, "logStreamName");
      this.logStreamId = logStreamId;
      this.sessionName = sessionName;
    }

    UUID projectId() {
      return projectId;
    }

    UUID logStreamId() {
      return logStreamId;
    }

    UUID sessionId() {
      return sessionId;
    }

    /**
     * {@code /projects/{id}/traces}, made once: built per request, it formatted the id and ran the
     * concatenation's method handles, which ten requests a second leave uncompiled for minutes (4 %
     * of the export worker's CPU).
     */
    String tracesRoute() {
      String r = tracesRoute;
      if (r == null) { // the project, once known, never changes
        r = tracesRoute = PROJECTS + projectId + "/traces";
      }
      return r;
    }

    /** {@code /projects/{id}/spans}, made once; see {@link #tracesRoute()}. */
    String spansRoute() {
      String r = spansRoute;
      if (r == null) {
        r = spansRoute = PROJECTS + projectId + "/spans";
      }
      return r;
    }

    /** The retries the look-ups made since the last call, as a result to add to the batch's. */
    ExportResult takeRetries() {
      ExportResult r = new ExportResult(0, 0, retries);
      retries = 0;
      return r;
    }

    private GalileoHttp.Response send(GalileoHttp http, String method, String route, byte[] body) {
      GalileoHttp.Response response = http.send(method, route, body);
      retries += response.retries();
      return response;
    }

    /** Finds or creates the project, the log stream and the session; false if the API did not answer. */
    boolean resolve(GalileoHttp http, GalileoJson json) {
      if (resolved) {
        return true;
      }
      if (projectId == null) {
        String query = "/projects?project_name=" + URLEncoder.encode(projectName, StandardCharsets.UTF_8);
        projectId = findOrCreate(http, query, "/projects", json.projectCreate(projectName), projectName);
        if (projectId == null) {
          return false;
        }
      }
      if (logStreamId == null) {
        String route = "/projects/" + projectId + "/log_streams";
        logStreamId = findOrCreate(http, route, route, json.logStreamCreate(logStreamName), logStreamName);
        if (logStreamId == null) {
          return false;
        }
      }
      if (sessionName != null && sessionId == null) {
        GalileoHttp.Response r = send(http, "POST", "/projects/" + projectId + "/sessions",
            json.sessionCreate(logStreamId, sessionName, null));
        sessionId = r.ok() ? GalileoJson.readId(r.body()) : null;
        if (sessionId == null) {
          return false;
        }
      }
      resolved = true;
      return true;
    }

    private UUID findOrCreate(GalileoHttp http, String findRoute, String createRoute, byte[] createBody, String name) {
      GalileoHttp.Response found = send(http, "GET", findRoute, null);
      if (!found.ok()) {
        return null;
      }
      UUID id = GalileoJson.findIdByName(found.body(), name);
      if (id != null) {
        return id;
      }
      GalileoHttp.Response created = send(http, "POST", createRoute, createBody);
      if (created.ok()) {
        return GalileoJson.readId(created.body());
      }
      // Another process may have created it meanwhile: creation by name is idempotent by lookup.
      GalileoHttp.Response again = send(http, "GET", findRoute, null);
      return again.ok() ? GalileoJson.findIdByName(again.body(), name) : null;
    }
  }
}
