package ai.galileo.tracing.core.internal.export;

import java.util.Arrays;
import java.util.UUID;

/**
 * The ids of the records most recently sent, forgetting the oldest beyond a bound: {@link RecentIds}
 * for the one set that takes every exported span, kept in arrays of longs instead of a map. A
 * {@code LinkedHashMap} made an entry per span that lived until 100,000 later spans pushed it out:
 * each one was copied into the old generation and evicted from there, GC work that exporting
 * nothing does not do. Here an id is two longs in an open-addressed table (linear probing, removal
 * by shifting back, so no tombstones) and two in a ring that says which is oldest. Both grow from
 * small to their bound as ids arrive, so a quiet tracer keeps little.
 *
 * <p>Ids are only added (and forgotten when old): no removal. Not thread-safe: the export worker's.
 */
final class SentIds {
  private static final int MIN_SLOTS = 256;

  private final int max;
  /** Slots of two longs: most and least significant bits; {@code used[i]} tells a slot is taken. */
  private long[] table;
  private boolean[] used;
  private int size;
  /** Ids in the order added, two longs each; once {@code max} are held, the oldest is overwritten. */
  private long[] ring;
  private long added;

  /** @param max how many ids are remembered, at least 1 */
  SentIds(int max) {
    this.max = Math.max(1, max);
    this.table = new long[2 * MIN_SLOTS];
    this.used = new boolean[MIN_SLOTS];
    this.ring = new long[2 * Math.min(this.max, MIN_SLOTS)];
  }

  boolean contains(UUID id) {
    return id != null && find(id.getMostSignificantBits(), id.getLeastSignificantBits()) >= 0;
  }

  /** Adds the id, forgetting the oldest one if {@code max} are held; an id held already stays where it is. */
  void add(UUID id) {
    long hi = id.getMostSignificantBits();
    long lo = id.getLeastSignificantBits();
    if (find(hi, lo) >= 0) {
      return;
    }
    int at;
    if (added >= max) {
      at = (int) (added % max);
      remove(ring[2 * at], ring[2 * at + 1]);
    } else {
      at = (int) added;
      if (2 * at >= ring.length) {
        ring = Arrays.copyOf(ring, 2 * (int) Math.min(max, 2L * at));
      }
    }
    ring[2 * at] = hi;
    ring[2 * at + 1] = lo;
    added++;
    if (2 * (size + 1) > used.length) { // kept at most half full, so probes stay short
      grow();
    }
    insert(hi, lo);
  }

  /** How many ids are remembered, for tests. */
  int size() {
    return size;
  }

  private int slot(long hi, long lo) {
    long h = (hi ^ lo) * 0x9E3779B97F4A7C15L;
    return (int) (h >>> 32) & (used.length - 1);
  }

  private int find(long hi, long lo) {
    int mask = used.length - 1;
    for (int i = slot(hi, lo); used[i]; i = (i + 1) & mask) {
      if (table[2 * i] == hi && table[2 * i + 1] == lo) {
        return i;
      }
    }
    return -1;
  }

  private void insert(long hi, long lo) {
    int mask = used.length - 1;
    int i = slot(hi, lo);
    while (used[i]) {
      i = (i + 1) & mask;
    }
    used[i] = true;
    table[2 * i] = hi;
    table[2 * i + 1] = lo;
    size++;
  }

  /** Removes an id, moving back the entries after it that probed past its slot. */
  private void remove(long hi, long lo) {
    int i = find(hi, lo);
    if (i < 0) {
      return;
    }
    int mask = used.length - 1;
    int gap = i;
    for (int j = (gap + 1) & mask; used[j]; j = (j + 1) & mask) {
      int home = slot(table[2 * j], table[2 * j + 1]);
      // The entry at j may fill the gap if its home is not cyclically within (gap, j].
      boolean homeAfterGap = gap <= j ? (home > gap && home <= j) : (home > gap || home <= j);
      if (!homeAfterGap) {
        table[2 * gap] = table[2 * j];
        table[2 * gap + 1] = table[2 * j + 1];
        gap = j;
      }
    }
    used[gap] = false;
    size--;
  }

  private void grow() {
    long[] oldTable = table;
    boolean[] oldUsed = used;
    table = new long[oldTable.length * 2];
    used = new boolean[oldUsed.length * 2];
    size = 0;
    for (int i = 0; i < oldUsed.length; i++) {
      if (oldUsed[i]) {
        insert(oldTable[2 * i], oldTable[2 * i + 1]);
      }
    }
  }
}
