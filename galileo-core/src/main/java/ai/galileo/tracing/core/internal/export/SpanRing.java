package ai.galileo.tracing.core.internal.export;

import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * A bounded queue for many producers and one consumer, over an array, without locks and without
 * a node per element: every span ends up in here, so this is on the application's hot path.
 *
 * <p>Elements are numbered in the order producers claim them. A producer claims the next number
 * with one compare-and-set on the tail (refusing when {@code capacity} elements are waiting),
 * then publishes its element into that number's slot. The consumer takes numbers in order from
 * the head: an empty slot means the next element is not published yet. It empties the slot
 * before it moves the head on, so a producer that sees the new head finds the slot free.
 *
 * <p>The consumer writes the head for every element it takes. If producers read it for every
 * element they add, the cache line holding it would travel between the two cores twice per span
 * while the consumer is draining, slowing both; measured, a producer then took twice as long per
 * span and the consumer, slowed as much, never caught up enough to sleep. So producers keep a
 * limit below which the ring cannot be full (the head they last read plus the capacity) and
 * read the head only when they reach it; and the head and the tail live in one array, far
 * enough apart that they never share a cache line.
 *
 * <p>Internal: not part of the public API and may change without notice.
 *
 * @param <E> the element type
 */
final class SpanRing<E> {
  /** Positions in {@link #counters}, 128 bytes apart and from the ends: two cache lines. */
  private static final int HEAD = 16;
  private static final int TAIL = 32;
  private static final int LIMIT = 33; // read with the tail, so beside it
  private static final int COUNTERS = 50;

  private final AtomicReferenceArray<E> slots;
  private final int mask;
  private final int capacity;
  /**
   * HEAD: the number the consumer takes next, written by the consumer only. TAIL: the number the
   * next producer claims; every element offered so far is below it. LIMIT: a number below which
   * a claim cannot overrun the consumer (an old head plus the capacity); heads only grow, so a
   * stale limit is only too low, never too high.
   */
  private final AtomicLongArray counters = new AtomicLongArray(COUNTERS);

  SpanRing(int capacity) {
    if (capacity < 1 || capacity > 1 << 30) {
      throw new IllegalArgumentException("capacity must be between 1 and 2^30, was " + capacity);
    }
    int size = Integer.highestOneBit(capacity) == capacity ? capacity : Integer.highestOneBit(capacity) << 1;
    this.slots = new AtomicReferenceArray<>(size);
    this.mask = size - 1;
    this.capacity = capacity;
    counters.set(LIMIT, capacity);
  }

  /** Adds the element, unless {@code capacity} elements are waiting. Never blocks. */
  boolean offer(E element) {
    while (true) {
      long t = counters.get(TAIL);
      if (t >= counters.get(LIMIT)) {
        long limit = counters.get(HEAD) + capacity;
        if (t >= limit) {
          return false;
        }
        counters.set(LIMIT, limit);
      }
      if (counters.compareAndSet(TAIL, t, t + 1)) {
        slots.lazySet((int) t & mask, element);
        return true;
      }
    }
  }

  /** The next element, or null when it is not published yet. For the one consumer only. */
  E poll() {
    long h = counters.get(HEAD);
    int slot = (int) h & mask;
    E element = slots.get(slot);
    if (element == null) {
      return null;
    }
    slots.lazySet(slot, null);
    counters.lazySet(HEAD, h + 1);
    return element;
  }

  /** How many elements have been claimed so far: the numbers below this one. */
  long claimed() {
    return counters.get(TAIL);
  }

  /** How many elements the consumer has taken so far. */
  long taken() {
    return counters.get(HEAD);
  }

  /** Elements claimed and not yet taken (some may still be being published). */
  int size() {
    return (int) Math.max(0, counters.get(TAIL) - counters.get(HEAD));
  }
}
