package ai.galileo.tracing.core.propagation;

import ai.galileo.tracing.Propagator;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Headers as most servers hold them, where a name can repeat: for the duplicated-header cases. */
final class MultiMapCarrier implements Propagator.Getter<Map<String, List<String>>> {
  static final MultiMapCarrier INSTANCE = new MultiMapCarrier();

  private MultiMapCarrier() {}

  /** Header lines as name, value, name, value... in order. */
  static Map<String, List<String>> headers(String... namesAndValues) {
    Map<String, List<String>> headers = new LinkedHashMap<>();
    for (int i = 0; i < namesAndValues.length; i += 2) {
      headers.computeIfAbsent(namesAndValues[i], k -> new ArrayList<>()).add(namesAndValues[i + 1]);
    }
    return headers;
  }

  @Override
  public String get(Map<String, List<String>> carrier, String name) {
    List<String> values = getAll(carrier, name);
    return values.isEmpty() ? null : values.get(0);
  }

  @Override
  public List<String> getAll(Map<String, List<String>> carrier, String name) {
    List<String> values = new ArrayList<>();
    carrier.forEach((key, lines) -> {
      if (key.equalsIgnoreCase(name)) {
        values.addAll(lines);
      }
    });
    return values;
  }
}
