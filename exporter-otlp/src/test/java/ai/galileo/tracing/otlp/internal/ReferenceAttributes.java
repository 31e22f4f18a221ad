package ai.galileo.tracing.otlp.internal;

import ai.galileo.tracing.core.internal.export.SafeText;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.ArrayValue;
import java.util.LinkedHashMap;
import java.util.Map;

/** The oracle's attributes, as official {@code AnyValue} messages (see {@link ReferenceSpans}). */
final class ReferenceAttributes {
  private static final SafeText REPAIR_ONLY = new SafeText(Integer.MAX_VALUE);

  final Map<String, AnyValue> values = new LinkedHashMap<>();
  private final SafeText text;

  ReferenceAttributes(SafeText text) {
    this.text = text;
  }

  void put(String key, String value) {
    if (value != null) {
      values.put(key, AnyValue.newBuilder().setStringValue(text.fix(value)).build());
    }
  }

  /** JSON written by the exporter, its strings already cut: repaired, never cut. */
  void putJson(String key, String json) {
    values.put(key, AnyValue.newBuilder().setStringValue(REPAIR_ONLY.fix(json)).build());
  }

  void put(String key, long value) {
    values.put(key, AnyValue.newBuilder().setIntValue(value).build());
  }

  /** A count, when it was set. */
  void put(String key, Long value) {
    if (value != null) {
      put(key, value.longValue());
    }
  }

  void put(String key, boolean value) {
    values.put(key, AnyValue.newBuilder().setBoolValue(value).build());
  }

  void put(String key, AnyValue value) {
    values.put(key, value);
  }

  /** A string array attribute, such as {@code gen_ai.response.finish_reasons}. */
  void putStrings(String key, String... strings) {
    ArrayValue.Builder array = ArrayValue.newBuilder();
    for (String s : strings) {
      array.addValues(AnyValue.newBuilder().setStringValue(text.fix(s)));
    }
    values.put(key, AnyValue.newBuilder().setArrayValue(array).build());
  }

  void putIfAbsent(String key, String value) {
    if (!values.containsKey(key) && value != null) {
      put(key, value);
    }
  }
}
