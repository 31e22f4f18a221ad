package ai.galileo.tracing.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.galileo.tracing.core.internal.export.ExportSettings;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code GALILEO_EXPORT_MAX_IN_FLIGHT} goes through the usual layers; the otlp exporter reads the same name. */
class ExportMaxInFlightSettingTest {
  @TempDir Path dir;
  private ConfigFixture sources;

  @BeforeEach
  void setUp() {
    sources = new ConfigFixture(dir);
  }

  @Test
  void defaultsToEightRequests() {
    assertThat(ExportSettings.from(sources.build()).maxInFlight()).isEqualTo(8);
  }

  @Test
  void dottedSystemPropertyBeatsTheEnvironment() {
    sources.env("GALILEO_EXPORT_MAX_IN_FLIGHT", "2").sysprop("galileo.export.max.in.flight", "16");

    assertThat(ExportSettings.from(sources.build()).maxInFlight()).isEqualTo(16);
  }

  @Test
  void builderSetsIt() {
    assertThat(ExportSettings.from(sources.builder().exportMaxInFlight(3).build()).maxInFlight()).isEqualTo(3);
  }

  @Test
  void zeroIsRefusedWithTheSettingsName() {
    sources.env("GALILEO_EXPORT_MAX_IN_FLIGHT", "0");

    assertThatThrownBy(() -> ExportSettings.from(sources.build()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("GALILEO_EXPORT_MAX_IN_FLIGHT");
  }
}
