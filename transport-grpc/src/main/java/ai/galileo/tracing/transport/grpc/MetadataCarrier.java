package ai.galileo.tracing.transport.grpc;

import ai.galileo.tracing.Propagator;
import ai.galileo.tracing.core.transport.ClientTracing;
import io.grpc.Metadata;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Reads and writes tracing fields in gRPC {@link Metadata}. Metadata keys are lower-case by
 * definition, so names are matched case-insensitively and written lower-case, the way Galileo's
 * Python SDK sends them ({@code x-galileo-trace-id}). Keys are made once per name and shared.
 */
final class MetadataCarrier {
  static final Propagator.Getter<Metadata> GETTER = new Propagator.Getter<>() {
    @Override
    public String get(Metadata carrier, String name) {
      Metadata.Key<String> key = key(name);
      return key == null ? null : carrier.get(key);
    }

    @Override
    public List<String> getAll(Metadata carrier, String name) {
      Metadata.Key<String> key = key(name);
      Iterable<String> values = key == null ? null : carrier.getAll(key);
      if (values == null) {
        return List.of();
      }
      List<String> all = new ArrayList<>(2);
      values.forEach(all::add);
      return all;
    }
  };

  static final Propagator.Setter<Metadata> SETTER = (carrier, name, value) -> {
    Metadata.Key<String> key = key(name);
    if (key != null && value != null) {
      carrier.discardAll(key);
      carrier.put(key, value);
    }
  };

  static final ClientTracing.Remover<Metadata> REMOVER = (carrier, name) -> {
    Metadata.Key<String> key = key(name);
    if (key != null) {
      carrier.discardAll(key);
    }
  };

  /** Names no valid key can be made of (a plug-in's field ending in "-bin", say) map to this. */
  private static final Metadata.Key<String> INVALID =
      Metadata.Key.of("x-galileo-invalid-key", Metadata.ASCII_STRING_MARSHALLER);
  private static final int MAX_KEYS = 256;
  private static final ConcurrentMap<String, Metadata.Key<String>> KEYS = new ConcurrentHashMap<>();

  private MetadataCarrier() {}

  /** The ASCII key for a field name, lower-case; null when gRPC refuses the name. */
  static Metadata.Key<String> key(String name) {
    if (name == null) {
      return null;
    }
    Metadata.Key<String> key = KEYS.get(name);
    if (key == null) {
      key = make(name);
      if (KEYS.size() < MAX_KEYS) { // propagators have a handful of fields; never grow unbounded
        KEYS.putIfAbsent(name, key);
      }
    }
    return key == INVALID ? null : key;
  }

  private static Metadata.Key<String> make(String name) {
    try {
      return Metadata.Key.of(name.toLowerCase(Locale.ROOT), Metadata.ASCII_STRING_MARSHALLER);
    } catch (IllegalArgumentException e) {
      return INVALID;
    }
  }
}
