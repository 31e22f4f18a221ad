package ai.galileo.tracing.core.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.galileo.tracing.core.GalileoConfig;
import ai.galileo.tracing.core.GalileoTracer;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TrustPolicyTest {

  @Test
  void continueIsTheDefaultWhenNothingIsSet() {
    assertThat(TrustPolicy.fromConfig(name -> null)).isEqualTo(TrustPolicy.CONTINUE);
  }

  @Test
  void valuesAreReadIgnoringCaseAndBlanks() {
    assertThat(TrustPolicy.parse(" Link ")).isEqualTo(TrustPolicy.LINK);
    assertThat(TrustPolicy.parse("IGNORE")).isEqualTo(TrustPolicy.IGNORE);
    assertThat(TrustPolicy.parse("continue")).isEqualTo(TrustPolicy.CONTINUE);
    assertThat(TrustPolicy.fromConfig(Map.of(TrustPolicy.SETTING, "link")::get))
        .isEqualTo(TrustPolicy.LINK);
  }

  @Test
  void anInvalidValueIsRefusedNamingTheSettingAndTheAllowedValues() {
    assertThatThrownBy(() -> TrustPolicy.fromConfig(Map.of(TrustPolicy.SETTING, "trusted")::get))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("GALILEO_SERVER_TRUST")
        .hasMessageContaining("\"trusted\"")
        .hasMessageContaining("continue")
        .hasMessageContaining("link")
        .hasMessageContaining("ignore");
  }

  @Test
  void theTracersConfigurationGivesTheDefault() {
    try (GalileoTracer tracer = SpanCollector.tracer(new SpanCollector(), TrustPolicy.SETTING, "ignore")) {
      assertThat(TrustPolicy.configured(tracer)).isEqualTo(TrustPolicy.IGNORE);
      assertThat(ServerTracing.create(tracer).trustPolicy()).isEqualTo(TrustPolicy.IGNORE);
      assertThat(ServerTracing.create(tracer, TrustPolicy.LINK).trustPolicy()).isEqualTo(TrustPolicy.LINK);
    }
  }

  @Test
  void aServerWithAnInvalidConfiguredPolicyIsNotCreated() {
    GalileoConfig config = GalileoConfig.builder().set("GALILEO_EXPORTER", "none")
        .set(TrustPolicy.SETTING, "sometimes").build();
    try (GalileoTracer tracer = GalileoTracer.builder().config(config).shutdownHook(false).build()) {
      assertThatThrownBy(() -> ServerTracing.create(tracer))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("GALILEO_SERVER_TRUST");
    }
  }
}
