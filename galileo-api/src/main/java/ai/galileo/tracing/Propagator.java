package ai.galileo.tracing;

import ai.galileo.tracing.internal.MapCarrier;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes the current span's identity into an outgoing request's headers and reads it back on the
 * other side. Implementations are stateless and thread-safe.
 *
 * <p>{@link #extract} never throws: missing, malformed, oversized or duplicated fields give back
 * the context it was handed, unchanged. {@link #inject} writes nothing when the context has no
 * valid span.
 *
 * <p>Carriers are adapted by a {@link Setter} and a {@link Getter}, which transports share as
 * singletons. A getter must look names up case-insensitively, as HTTP and gRPC do.
 *
 * @since 0.1.0
 */
public interface Propagator {

  /** A propagator that writes and reads nothing. */
  static Propagator noop() {
    return NoopPropagator.INSTANCE;
  }

  /**
   * The header names this propagator may write, lower-case, so transports can prepare keys (gRPC
   * metadata keys, for one) and remove stale values before injecting.
   */
  Collection<String> fields();

  /** Writes the identity of the context's span into the carrier. */
  <C> void inject(Context context, C carrier, Setter<C> setter);

  /**
   * Reads a remote parent from the carrier and returns {@code context} with it as the span, or
   * {@code context} itself when the carrier has no valid parent.
   */
  <C> Context extract(Context context, C carrier, Getter<C> getter);

  /** The headers that carry the context, as a new mutable map. */
  default Map<String, String> injectHeaders(Context context) {
    Map<String, String> headers = new LinkedHashMap<>();
    inject(context, headers, MapCarrier.INSTANCE);
    return headers;
  }

  /** Extracts from a map of headers, whose names are matched case-insensitively. */
  default Context extractHeaders(Context context, Map<String, String> headers) {
    return headers == null ? context : extract(context, headers, MapCarrier.INSTANCE);
  }

  /**
   * Writes one field into a carrier, replacing any value it had.
   *
   * @param <C> the carrier type
   */
  @FunctionalInterface
  interface Setter<C> {
    void set(C carrier, String name, String value);
  }

  /**
   * Reads fields from a carrier, matching names case-insensitively.
   *
   * @param <C> the carrier type
   */
  interface Getter<C> {
    /** The first value of the named field, or null. */
    String get(C carrier, String name);

    /**
     * Every value of the named field, so a propagator can refuse a duplicated field. The default
     * knows only the first.
     */
    default List<String> getAll(C carrier, String name) {
      String value = get(carrier, name);
      return value == null ? List.of() : List.of(value);
    }
  }
}

/** The propagator of the no-op tracer. */
final class NoopPropagator implements Propagator {
  static final NoopPropagator INSTANCE = new NoopPropagator();

  @Override
  public Collection<String> fields() {
    return List.of();
  }

  @Override
  public <C> void inject(Context context, C carrier, Setter<C> setter) {}

  @Override
  public <C> Context extract(Context context, C carrier, Getter<C> getter) {
    return context;
  }
}
