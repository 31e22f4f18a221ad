package ai.galileo.tracing.core.internal;

import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The local roots (a trace started here, or the span a server made under a caller's span) whose
 * tracing headers left this process, and what became of the calls that carried them.
 *
 * <p>Other services attach spans under such a root, and Galileo refuses a span for a trace that is
 * already complete. So the export worker holds the root's final request back until every call made
 * under it has returned and every span the called services reported (their response header
 * {@code X-Galileo-Span-ID}) is in the backend, or until the completion timeout. Only distributed
 * mode feeds this registry; an entry lives from the first call under a root until the export
 * worker sends the root's final request.
 *
 * <p>Internal: not part of the public API and may change without notice.
 */
public final class Downstream {
  /**
   * The most called services' spans one root waits for by id; a long-running trace making more
   * calls than this still waits for each call to return, but not for the spans of the rest.
   */
  static final int MAX_SPANS_PER_ROOT = 1000;
  private final ConcurrentHashMap<UUID, Root> roots = new ConcurrentHashMap<>();
  private final int holders;

  /**
   * @param holders how many export pipelines hold finals back; each releases a root once, and the
   *     entry goes when all have
   */
  public Downstream(int holders) {
    this.holders = holders;
  }

  /** The root's entry, made on its first call. */
  Root joined(RecordingSpan root) {
    return roots.computeIfAbsent(root.context().spanId(),
        id -> new Root(root.context().traceId(), id, holders));
  }

  /** The entry of a local root whose headers left the process, or null. */
  public Root get(UUID rootSpanId) {
    return roots.isEmpty() ? null : roots.get(rootSpanId);
  }

  /** Called by each pipeline once it has sent the root's final request. */
  public void released(Root root) {
    if (root.holders.decrementAndGet() <= 0) {
      roots.remove(root.spanId, root);
    }
  }

  /** How many roots are waiting; for tests and the doctor. */
  public int size() {
    return roots.size();
  }

  /**
   * One local root whose headers left the process: the calls still in flight under it and the
   * spans other services reported making under it.
   */
  public static final class Root {
    private final UUID traceId;
    private final UUID spanId;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final Set<UUID> downstreamSpans = ConcurrentHashMap.newKeySet();
    private final AtomicInteger holders;

    Root(UUID traceId, UUID spanId, int holders) {
      this.traceId = traceId;
      this.spanId = spanId;
      this.holders = new AtomicInteger(holders);
    }

    public UUID traceId() {
      return traceId;
    }

    public UUID spanId() {
      return spanId;
    }

    /** Calls made under this root that have not returned yet. */
    public int inFlight() {
      return inFlight.get();
    }

    /** The spans that called services reported making under this root, in no order. */
    public Set<UUID> downstreamSpans() {
      return downstreamSpans;
    }

    /** A call is leaving under this root: held open until {@link Call#end()}. */
    Call call() {
      inFlight.incrementAndGet();
      return new Call(this);
    }
  }

  /**
   * One outgoing call under a root. Ending it twice counts once; a call that is never ended holds
   * its root's completion until the completion timeout.
   */
  public static final class Call {
    private final Root root;
    private final AtomicBoolean ended = new AtomicBoolean();

    Call(Root root) {
      this.root = root;
    }

    /** The called service's span under this root, as its response reported it. */
    public void downstreamSpan(UUID spanId) {
      if (spanId != null && !spanId.equals(root.spanId)
          && root.downstreamSpans.size() < MAX_SPANS_PER_ROOT) {
        root.downstreamSpans.add(spanId);
      }
    }

    /** The call returned, or failed, or was given up on. */
    public void end() {
      if (ended.compareAndSet(false, true)) {
        root.inFlight.decrementAndGet();
      }
    }
  }
}
