package ai.galileo.tracing.otlp;

import static ai.galileo.tracing.otlp.OtlpExporterTest.attributes;
import static ai.galileo.tracing.otlp.OtlpExporterTest.sampleTrace;
import static ai.galileo.tracing.otlp.OtlpExporterTest.str;
import static ai.galileo.tracing.otlp.OtlpExporterTest.tracer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.galileo.tracing.core.GalileoConfig;
import ai.galileo.tracing.core.GalileoTracer;
import ai.galileo.tracing.otlp.internal.OtlpSettings;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OtlpSettingsTest {
  static OtlpSettings settings(String... pairs) {
    GalileoConfig.Builder b = GalileoConfig.builder();
    for (int i = 0; i < pairs.length; i += 2) {
      b.set(pairs[i], pairs[i + 1]);
    }
    return OtlpSettings.from(b.build());
  }

  @Test
  void baseEndpointGetsTheTracesPathAndTheTracesEndpointIsUsedAsIs() {
    assertThat(settings("OTEL_EXPORTER_OTLP_ENDPOINT", "http://collector:4318/").endpoint())
        .hasToString("http://collector:4318/v1/traces");
    assertThat(settings("OTEL_EXPORTER_OTLP_ENDPOINT", "http://collector:4318/base",
        "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", "https://tempo:443/otlp").endpoint())
        .hasToString("https://tempo:443/otlp");
  }

  @Test
  void tracesSpecificSettingsWinOverGeneralOnes() {
    OtlpSettings s = settings("OTEL_EXPORTER_OTLP_ENDPOINT", "http://c:4318",
        "OTEL_EXPORTER_OTLP_PROTOCOL", "http/protobuf", "OTEL_EXPORTER_OTLP_TRACES_PROTOCOL", "http/json",
        "OTEL_EXPORTER_OTLP_TIMEOUT", "5000", "OTEL_EXPORTER_OTLP_TRACES_TIMEOUT", "250",
        "OTEL_EXPORTER_OTLP_HEADERS", "a=1", "OTEL_EXPORTER_OTLP_TRACES_HEADERS", "b=2%2C3",
        "OTEL_EXPORTER_OTLP_COMPRESSION", "gzip");
    assertThat(s.json()).isTrue();
    assertThat(s.timeout()).isEqualTo(Duration.ofMillis(250));
    assertThat(s.headers()).containsExactly(Map.entry("b", "2,3"));
    assertThat(s.gzip()).isTrue();
  }

  @Test
  void serviceNameFromOtelElseResourceAttributesElseOurs() {
    assertThat(settings("OTEL_EXPORTER_OTLP_ENDPOINT", "http://c:4318", "GALILEO_SERVICE_NAME", "ours")
        .resource()).containsEntry("service.name", "ours");
    assertThat(settings("OTEL_EXPORTER_OTLP_ENDPOINT", "http://c:4318", "GALILEO_SERVICE_NAME", "ours",
        "OTEL_RESOURCE_ATTRIBUTES", "service.name=res,deployment.environment=prod").resource())
        .containsEntry("service.name", "res").containsEntry("deployment.environment", "prod");
    assertThat(settings("OTEL_EXPORTER_OTLP_ENDPOINT", "http://c:4318", "OTEL_SERVICE_NAME", "otel",
        "OTEL_RESOURCE_ATTRIBUTES", "service.name=res").resource()).containsEntry("service.name", "otel");
  }

  @Test
  void galileoEndpointWhenOnlyGalileoIsConfigured() {
    OtlpSettings s = settings("GALILEO_API_URL", "https://api.example.com", "GALILEO_API_KEY", "k-123",
        "GALILEO_PROJECT", "rag", "GALILEO_LOG_STREAM", "prod");
    assertThat(s.galileoTarget()).isTrue();
    assertThat(s.endpoint()).hasToString("https://api.example.com/otel/traces");
    assertThat(s.headers()).containsEntry("Galileo-API-Key", "k-123").containsEntry("project", "rag")
        .containsEntry("logstream", "prod");
    assertThat(s.toString()).doesNotContain("k-123");
    // The console URL gives the API's host, as for the galileo exporter.
    assertThat(settings("GALILEO_CONSOLE_URL", "https://console.galileo.example.com").endpoint())
        .hasToString("https://api.galileo.example.com/otel/traces");
  }

  @Test
  void anOtelEndpointWinsUnlessTheTargetSaysGalileo() {
    assertThat(settings("GALILEO_API_URL", "https://api.example.com",
        "OTEL_EXPORTER_OTLP_ENDPOINT", "http://c:4318").endpoint()).hasToString("http://c:4318/v1/traces");
    assertThat(settings("GALILEO_OTLP_TARGET", "galileo", "GALILEO_API_URL", "https://api.example.com",
        "OTEL_EXPORTER_OTLP_ENDPOINT", "http://c:4318").endpoint())
        .hasToString("https://api.example.com/otel/traces");
    assertThat(settings("GALILEO_OTLP_TARGET", "otel", "GALILEO_API_KEY", "k").endpoint())
        .isEqualTo(OtlpSettings.DEFAULT_ENDPOINT);
  }

  @Test
  void requestsInFlightDefaultToEightAndComeFromTheSharedSettingOrItsSystemProperty() {
    assertThat(settings().maxInFlight()).isEqualTo(8);
    assertThat(settings("GALILEO_EXPORT_MAX_IN_FLIGHT", "7").maxInFlight()).isEqualTo(7);
    assertThatThrownBy(() -> settings("GALILEO_EXPORT_MAX_IN_FLIGHT", "0"))
        .hasMessageContaining("GALILEO_EXPORT_MAX_IN_FLIGHT");
    System.setProperty("galileo.export.max.in.flight", "9");
    try {
      assertThat(settings().maxInFlight()).isEqualTo(9);
    } finally {
      System.clearProperty("galileo.export.max.in.flight");
    }
  }

  @Test
  void invalidValuesNameTheSettingAndHideHeaderValues() {
    assertThatThrownBy(() -> settings("OTEL_EXPORTER_OTLP_PROTOCOL", "grpc"))
        .hasMessageContaining("OTEL_EXPORTER_OTLP_PROTOCOL").hasMessageContaining("grpc is not supported");
    assertThatThrownBy(() -> settings("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", "collector:4318"))
        .hasMessageContaining("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT");
    assertThatThrownBy(() -> settings("OTEL_EXPORTER_OTLP_COMPRESSION", "zstd"))
        .hasMessageContaining("OTEL_EXPORTER_OTLP_COMPRESSION");
    assertThatThrownBy(() -> settings("OTEL_EXPORTER_OTLP_TIMEOUT", "-1"))
        .hasMessageContaining("OTEL_EXPORTER_OTLP_TIMEOUT");
    assertThatThrownBy(() -> settings("OTEL_EXPORTER_OTLP_HEADERS", "just-a-secret-token"))
        .hasMessageContaining("OTEL_EXPORTER_OTLP_HEADERS").hasMessageNotContaining("just-a-secret-token");
    assertThatThrownBy(() -> settings("GALILEO_OTLP_TARGET", "jaeger")).hasMessageContaining("GALILEO_OTLP_TARGET");
  }

  @Test
  void sendsToGalileosRouteWithItsHeadersAndCutsLongFields() throws Exception {
    try (OtlpReceiver receiver = new OtlpReceiver()) {
      try (GalileoTracer tracer = tracer(Map.of("GALILEO_API_URL", receiver.baseUrl(),
          "GALILEO_API_KEY", "key-42", "GALILEO_PROJECT", "rag", "GALILEO_LOG_STREAM", "prod",
          "GALILEO_MAX_FIELD_CHARS", "10"))) {
        sampleTrace(tracer);
        assertThat(tracer.flush(Duration.ofSeconds(10)).sent()).isEqualTo(5);
      }
      OtlpReceiver.Received r = receiver.received.get(0);
      assertThat(r.path()).isEqualTo("/otel/traces");
      assertThat(r.headers().getFirst("Galileo-API-Key")).isEqualTo("key-42");
      assertThat(r.headers().getFirst("project")).isEqualTo("rag");
      assertThat(r.headers().getFirst("logstream")).isEqualTo("prod");
      var root = r.spans().stream().filter(sp -> sp.getParentSpanId().isEmpty()).findFirst().orElseThrow();
      assertThat(root.getName()).startsWith("answer que").contains("truncated");
      assertThat(str(attributes(root.getAttributesList()), "input.value"))
          .startsWith("What did G").contains("truncated");
      assertThat(receiver.errors).isEmpty();
    }
  }
}
