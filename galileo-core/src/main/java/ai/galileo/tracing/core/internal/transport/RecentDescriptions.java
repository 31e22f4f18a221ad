package ai.galileo.tracing.core.internal.transport;

import java.util.function.BiFunction;

/**
 * The descriptions made last, by method and target (a URL or a path), in a fixed number of
 * slots. A service calls and serves few distinct URLs, and describing one afresh (a span name, an
 * input, a URL string) cost a few hundred nanoseconds and bytes per call. A key lands on one slot,
 * whose entry another key may replace, so memory stays bounded whatever the keys are.
 *
 * <p>Unsynchronized on purpose: entries are immutable, with final fields, so a reader sees a whole
 * entry or none, and an update lost to a race costs only a description made again.
 *
 * <p>Internal: not part of the public API and may change without notice.
 *
 * @param <D> the description
 */
public final class RecentDescriptions<D> {
  /** A power of two. */
  private static final int SLOTS = 64;

  private record Entry<D>(String method, String target, D description) {}

  private final Entry<?>[] slots = new Entry<?>[SLOTS];

  /** The description kept for the method and target, or null. */
  @SuppressWarnings("unchecked")
  public D get(String method, String target) {
    Entry<?> e = slots[slot(method, target)];
    return e != null && e.method.equals(method) && e.target.equals(target)
        ? (D) e.description
        : null;
  }

  /**
   * The description kept for the method and target, or one made from {@code source} and kept.
   * {@code make} should be a method reference that captures nothing, so a call allocates nothing.
   */
  public <S> D get(String method, String target, S source, BiFunction<String, S, D> make) {
    D d = get(method, target);
    if (d == null) {
      d = make.apply(method, source);
      put(method, target, d);
    }
    return d;
  }

  /** Keeps the description for the method and target, in place of whatever held its slot. */
  public void put(String method, String target, D description) {
    slots[slot(method, target)] = new Entry<>(method, target, description);
  }

  private static int slot(String method, String target) {
    int h = method.hashCode() * 31 + target.hashCode();
    return (h ^ (h >>> 16)) & (SLOTS - 1);
  }
}
