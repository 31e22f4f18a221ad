package ai.galileo.tracing.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MapCarrierTest {

  @Test
  void getAllFindsEveryCaseOfTheNameAndNothingForAMissingOne() {
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("X-Galileo-Trace-ID", "a");
    headers.put("traceparent", "t");
    assertThat(MapCarrier.INSTANCE.getAll(headers, "x-galileo-trace-id")).containsExactly("a");
    assertThat(MapCarrier.INSTANCE.getAll(headers, "tracestate")).isEmpty();
    headers.put("x-galileo-trace-id", "b");
    headers.put("X-GALILEO-TRACE-ID", "c");
    assertThat(MapCarrier.INSTANCE.getAll(headers, "X-Galileo-Trace-ID")).containsExactly("a", "b", "c");
    headers.put("tracestate", null);
    assertThat(MapCarrier.INSTANCE.getAll(headers, "tracestate")).isEmpty();
  }

  @Test
  void getPrefersTheExactNameThenAnyCase() {
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("TRACEPARENT", "upper");
    assertThat(MapCarrier.INSTANCE.get(headers, "traceparent")).isEqualTo("upper");
    headers.put("traceparent", "exact");
    assertThat(MapCarrier.INSTANCE.get(headers, "traceparent")).isEqualTo("exact");
    assertThat(MapCarrier.INSTANCE.get(headers, "missing")).isNull();
  }
}
