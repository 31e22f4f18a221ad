package ai.galileo.tracing.core.internal.export;

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
 * <p>A full ring is made room in by one branch of {@link #add}, shared by growing (taken early,
 * at 256, 512, ... ids) and forgetting (from the {@code max}-th id on), into {@link #makeRoom}. A
 * branch of its own for forgetting, never taken before the 100,000th span, was compiled by C2 as a
 * trap: that span deoptimized the exporter's per-request code that had inlined it (17 kB), which
 * was then compiled again, 33 s into a run at 3,000 spans/s.
 *
 * <p>Ids are only added (and forgotten when old): no removal. Not thread-safe: the export worker's.
 */
final class SentIds {
  private static final int MIN_SLOTS = 256;

  private final int max;
  /** Slots of two longs: most and least significant bits; {@code used[i]} tells a slot is taken. */
  private long[] table;
  private boolean[] used;
  /** How many ids are held: in the table, and in the ring from {@link #oldest} on. */
  private int size;
  /** Ids in the order added, two longs each, a circle starting at {@link #oldest}. */
  private long[] ring;
  /** The ring's place (in ids) of the oldest id held. */
  private int oldest;

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
    int capacity = ring.length >> 1;
    if (size == capacity) {
      makeRoom();
      capacity = ring.length >> 1;
    }
    // The ring's place after the newest, wrapped without a branch: a branch taken only once the
    // ring is full would be the same late trap (see the class comment).
    int at = oldest + size;
    at -= capacity & (capacity - 1 - at) >> 31;
    ring[2 * at] = hi;
    ring[2 * at + 1] = lo;
    if (2 * (size + 1) > used.length) { // kept at most half full, so probes stay short
      grow();
    }
    insert(hi, lo);
  }

  /**
   * Frees one place in the full ring: doubles it while under the bound, else forgets the oldest id.
   * Not inlined into {@link #add} (see the class comment), so its own branch may flip freely.
   */
  private void makeRoom() {
    int capacity = ring.length >> 1;
    if (capacity < max) {
      long[] bigger = new long[2 * (int) Math.min(max, 2L * capacity)];
      int head = capacity - oldest; // the ids from the oldest to the ring's end, then the rest
      System.arraycopy(ring, 2 * oldest, bigger, 0, 2 * head);
      System.arraycopy(ring, 0, bigger, 2 * head, 2 * oldest);
      ring = bigger;
      oldest = 0;
    } else {
      remove(ring[2 * oldest], ring[2 * oldest + 1]);
      oldest = oldest + 1 == capacity ? 0 : oldest + 1;
    }
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
