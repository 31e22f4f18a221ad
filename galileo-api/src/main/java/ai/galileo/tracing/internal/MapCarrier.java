package ai.galileo.tracing.internal;

import ai.galileo.tracing.Propagator;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Getter and setter for headers held in a {@code Map<String, String>}. Lookup tries the exact
 * name first and then any case, because maps, unlike HTTP, are case-sensitive.
 *
 * <p>Internal: not part of the public API and may change without notice.
 */
public final class MapCarrier
    implements Propagator.Getter<Map<String, String>>, Propagator.Setter<Map<String, String>> {
  public static final MapCarrier INSTANCE = new MapCarrier();

  private MapCarrier() {}

  @Override
  public String get(Map<String, String> carrier, String name) {
    String value = carrier.get(name);
    if (value != null) {
      return value;
    }
    for (Map.Entry<String, String> e : carrier.entrySet()) {
      if (name.equalsIgnoreCase(e.getKey())) {
        return e.getValue();
      }
    }
    return null;
  }

  @Override
  public List<String> getAll(Map<String, String> carrier, String name) {
    String first = null;
    List<String> all = null; // only for a name present in several cases, which is rare
    for (Map.Entry<String, String> e : carrier.entrySet()) {
      String value = e.getValue();
      if (value != null && name.equalsIgnoreCase(e.getKey())) {
        if (first == null) {
          first = value;
        } else {
          if (all == null) {
            all = new ArrayList<>(2);
            all.add(first);
          }
          all.add(value);
        }
      }
    }
    return all != null ? all : first != null ? List.of(first) : List.of();
  }

  @Override
  public void set(Map<String, String> carrier, String name, String value) {
    carrier.put(name, value);
  }
}
