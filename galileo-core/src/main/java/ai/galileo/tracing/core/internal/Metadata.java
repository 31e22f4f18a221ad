package ai.galileo.tracing.core.internal;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;

/**
 * A span's metadata: string keys and values in the order they were first put, held in one array
 * of alternating keys and values.
 *
 * <p>Spans carry a handful of entries, for which a linear search beats hashing and one array beats
 * a {@code LinkedHashMap}'s entry objects; past {@value #INDEXED_FROM} entries a hash index keeps
 * puts from growing quadratic. Exporters read it by position ({@link #keyAt}, {@link #valueAt})
 * without creating entries.
 *
 * <p>Only its owner writes it: a span builder, then the span it starts (under the span's lock),
 * and only until the span ends. The span's final snapshot then hands out this very instance,
 * which nobody writes again, instead of a copy. Outside this package it is read-only: the
 * {@link Map} methods that would change it throw {@link UnsupportedOperationException}.
 *
 * <p>Internal: not part of the public API and may change without notice.
 */
public final class Metadata extends AbstractMap<String, String> {
  private static final int INDEXED_FROM = 16;

  private String[] pairs;
  private int size;
  /** Key to entry number; built once the map holds {@value #INDEXED_FROM} entries. */
  private HashMap<String, Integer> index;

  /** An empty map with room for {@code capacity} entries before it grows. */
  Metadata(int capacity) {
    pairs = new String[Math.max(1, capacity) * 2];
  }

  private Metadata(String[] pairs, int size, HashMap<String, Integer> index) {
    this.pairs = pairs;
    this.size = size;
    this.index = index;
  }

  /** A copy its owner can go on writing while this one is handed out. */
  Metadata copy() {
    return new Metadata(Arrays.copyOf(pairs, Math.max(2, size * 2)), size,
        index == null ? null : new HashMap<>(index));
  }

  /** Sets the key's value; a new key goes last, a known one keeps its place. */
  void set(String key, String value) {
    int i = indexOf(key);
    if (i >= 0) {
      pairs[2 * i + 1] = value;
      return;
    }
    if (2 * size == pairs.length) {
      pairs = Arrays.copyOf(pairs, pairs.length * 2);
    }
    pairs[2 * size] = key;
    pairs[2 * size + 1] = value;
    size++;
    if (index != null) {
      index.put(key, size - 1);
    } else if (size == INDEXED_FROM) {
      index = new HashMap<>(INDEXED_FROM * 4);
      for (int e = 0; e < size; e++) {
        index.put(pairs[2 * e], e);
      }
    }
  }

  private int indexOf(Object key) {
    if (index != null) {
      Integer i = index.get(key);
      return i == null ? -1 : i;
    }
    // Keys are mostly literals, whose hash codes are cached: comparing those first skips most
    // string comparisons.
    int hash = key.hashCode();
    for (int i = 0; i < size; i++) {
      String k = pairs[2 * i];
      if (k == key || (k.hashCode() == hash && k.equals(key))) {
        return i;
      }
    }
    return -1;
  }

  @Override
  public int size() {
    return size;
  }

  /** The key of entry {@code i}, in insertion order. */
  public String keyAt(int i) {
    return pairs[2 * checked(i)];
  }

  /** The value of entry {@code i}, in insertion order. */
  public String valueAt(int i) {
    return pairs[2 * checked(i) + 1];
  }

  private int checked(int i) {
    if (i < 0 || i >= size) {
      throw new IndexOutOfBoundsException(i);
    }
    return i;
  }

  @Override
  public String get(Object key) {
    int i = key == null ? -1 : indexOf(key);
    return i < 0 ? null : pairs[2 * i + 1];
  }

  @Override
  public boolean containsKey(Object key) {
    return key != null && indexOf(key) >= 0;
  }

  @Override
  public Set<Entry<String, String>> entrySet() {
    return new AbstractSet<>() {
      @Override
      public int size() {
        return size;
      }

      @Override
      public Iterator<Entry<String, String>> iterator() {
        return new Iterator<>() {
          private int next;

          @Override
          public boolean hasNext() {
            return next < size;
          }

          @Override
          public Entry<String, String> next() {
            if (next >= size) {
              throw new NoSuchElementException();
            }
            int i = next++;
            return new SimpleImmutableEntry<>(pairs[2 * i], pairs[2 * i + 1]);
          }
        };
      }
    };
  }
}
