package ai.galileo.tracing.core.internal.export;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * A bounded queue for many producers and one consumer, over an array, without locks and without
 * a node per element: every span ends up in here, so this is on the application's hot path.
 *
 * <p>Elements are numbered in the order producers claim them. A producer claims the next number
 * with one compare-and-set on {@code tail} (refusing when {@code capacity} elements are waiting),
 * then publishes its element into that number's slot. The consumer takes numbers in order from
 * {@code head}: an empty slot means the next element is not published yet. It empties the slot
 * before it moves {@code head} on, so a producer that sees the new head finds the slot free.
 *
 * <p>Internal: not part of the public API and may change without notice.
 *
 * @param <E> the element type
 */
final class SpanRing<E> {
  private final AtomicReferenceArray<E> slots;
  private final int mask;
  private final int capacity;
  /** The number the next producer claims: every element offered so far is below it. */
  private final AtomicLong tail = new AtomicLong();
  /** The number the consumer takes next. Written by the consumer only. */
  private final AtomicLong head = new AtomicLong();

  SpanRing(int capacity) {
    if (capacity < 1 || capacity > 1 << 30) {
      throw new IllegalArgumentException("capacity must be between 1 and 2^30, was " + capacity);
    }
    int size = Integer.highestOneBit(capacity) == capacity ? capacity : Integer.highestOneBit(capacity) << 1;
    this.slots = new AtomicReferenceArray<>(size);
    this.mask = size - 1;
    this.capacity = capacity;
  }

  /** Adds the element, unless {@code capacity} elements are waiting. Never blocks. */
  boolean offer(E element) {
    while (true) {
      long t = tail.get();
      if (t - head.get() >= capacity) {
        return false;
      }
      if (tail.compareAndSet(t, t + 1)) {
        slots.lazySet((int) t & mask, element);
        return true;
      }
    }
  }

  /** The next element, or null when it is not published yet. For the one consumer only. */
  E poll() {
    long h = head.get();
    int slot = (int) h & mask;
    E element = slots.get(slot);
    if (element == null) {
      return null;
    }
    slots.lazySet(slot, null);
    head.lazySet(h + 1);
    return element;
  }

  /** How many elements have been claimed so far: the numbers below this one. */
  long claimed() {
    return tail.get();
  }

  /** How many elements the consumer has taken so far. */
  long taken() {
    return head.get();
  }

  /** Elements claimed and not yet taken (some may still be being published). */
  int size() {
    return (int) Math.max(0, tail.get() - head.get());
  }
}
