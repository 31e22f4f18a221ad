package ai.galileo.tracing.core.internal;

import java.util.List;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The spans of one tracer that have started and may not have ended, so that shutdown can send the
 * ones still open as unfinished.
 *
 * <p>Every span passes through here, so registering must cost next to nothing and ending must
 * cost nothing at all. A span is pushed onto the front of one of a few lists, linked through its
 * own {@code nextOpen} field, with one compare-and-set: no lock, no node. Ending a span does not
 * touch the list; ended spans are unlinked later, in passing: about one push in {@value
 * #PRUNE_ONE_IN} (chosen by the span id's random bits, so no counter is shared) walks the front
 * of its list, its first {@value #RECENT} spans, and unlinks those that have ended; one push in
 * {@value #FULL_PRUNE_ONE_IN} walks the whole list. A list therefore holds its open spans plus a
 * few hundred ended ones at most, which the garbage collector reclaims once pruned. Replacing a
 * locked doubly-linked list with this took 40 ns off every span.
 *
 * <p>Why the front, often: most spans end soon after they start, so the ended spans are mostly
 * near the front, and walked there they are still in the cache. A whole walk every 64 pushes, as
 * before, met spans allocated tens of kilobytes earlier, a cache miss each: ~70 ns a loopback
 * call (two spans) of the HTTP benchmark's 3.3 us. The rare whole walk finds the long-lived spans
 * that ended behind the front.
 *
 * <p>Pushes change only a list's first element and pruning never unlinks the first element it
 * starts from, so the two never conflict; one prune at a time runs per list, and {@link #takeAll}
 * waits for it.
 */
final class OpenSpans {
  /** Lists; a power of two. Threads pick one by id, so they rarely share one. */
  private static final int LISTS = 16;
  /** Array slots between two lists' heads, so that heads do not share a cache line. */
  private static final int STRIDE = 32;
  /** A push prunes the front of its list with this probability's inverse; a power of two. */
  static final int PRUNE_ONE_IN = 16;
  /** The spans at the front of a list that a frequent prune walks. */
  static final int RECENT = 2 * PRUNE_ONE_IN;
  /** A push prunes its whole list with this probability's inverse; a power of two. */
  static final int FULL_PRUNE_ONE_IN = 256;

  private final AtomicReferenceArray<RecordingSpan> heads = new AtomicReferenceArray<>(LISTS * STRIDE);
  /** 1 while a prune (or {@link #takeAll}) has a list; same layout as {@link #heads}. */
  private final AtomicIntegerArray busy = new AtomicIntegerArray(LISTS * STRIDE);

  /** Registers a span that has just started. */
  void add(RecordingSpan span) {
    int list = ((int) Thread.currentThread().getId() & (LISTS - 1)) * STRIDE;
    RecordingSpan first;
    do {
      first = heads.get(list);
      span.nextOpen = first;
    } while (!heads.compareAndSet(list, first, span));
    long bits = span.context().spanId().getLeastSignificantBits();
    if ((bits & (PRUNE_ONE_IN - 1)) == 0) {
      prune(list, (bits & (FULL_PRUNE_ONE_IN - 1)) == 0 ? Integer.MAX_VALUE : RECENT);
    }
  }

  /**
   * Unlinks the ended spans among the {@code limit} after the list's current first one; skipped
   * if a prune is running.
   */
  private void prune(int list, int limit) {
    if (!busy.compareAndSet(list, 0, 1)) {
      return;
    }
    try {
      RecordingSpan kept = heads.get(list);
      if (kept == null) {
        return;
      }
      RecordingSpan span = kept.nextOpen;
      for (int walked = 0; span != null && walked < limit; walked++) {
        RecordingSpan next = span.nextOpen;
        if (span.endedUnsynchronized()) {
          kept.nextOpen = next;
          span.nextOpen = null; // no other walker can stand on it: walkers hold busy
        } else {
          kept = span;
        }
        span = next;
      }
    } finally {
      busy.set(list, 0);
    }
  }

  /** How many spans the lists link, open or ended but not yet unlinked; for tests. */
  int linked() {
    int n = 0;
    for (int list = 0; list < LISTS * STRIDE; list += STRIDE) {
      for (RecordingSpan span = heads.get(list); span != null; span = span.nextOpen) {
        n++;
      }
    }
    return n;
  }

  /** Empties every list into {@code into}, open spans only; for shutdown. */
  void takeAll(List<RecordingSpan> into) {
    for (int list = 0; list < LISTS * STRIDE; list += STRIDE) {
      while (!busy.compareAndSet(list, 0, 1)) {
        Thread.onSpinWait(); // a prune walks a short list
      }
      try {
        RecordingSpan span = heads.getAndSet(list, null);
        while (span != null) {
          RecordingSpan next = span.nextOpen;
          span.nextOpen = null;
          if (!span.endedUnsynchronized()) {
            into.add(span);
          }
          span = next;
        }
      } finally {
        busy.set(list, 0);
      }
    }
  }
}
