package ai.galileo.tracing.core;

import static org.assertj.core.api.Assertions.assertThat;

import ai.galileo.tracing.core.export.ExportResult;
import ai.galileo.tracing.core.export.SpanExporter;
import ai.galileo.tracing.core.internal.export.ExportSettings;
import ai.galileo.tracing.core.internal.export.LoggingExporter;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code GALILEO_EXPORT_DELAY_MS}: distributed mode's short batching is for backends with a
 * completion rule (Galileo's API); exporters without one batch as in batch mode.
 */
class ExportDelaySettingTest {
  @TempDir Path dir;
  private ConfigFixture sources;

  /** An exporter of Galileo's kind: it keeps the SPI's default. */
  private final SpanExporter completing = batch -> ExportResult.NOTHING;
  private final SpanExporter logging =
      new LoggingExporter(new PrintStream(new ByteArrayOutputStream()));

  @BeforeEach
  void setUp() {
    sources = new ConfigFixture(dir);
  }

  @Test
  void distributedModeWaitsAHundredMillisecondsOnlyForBackendsThatCompleteTraces() {
    ExportSettings s = ExportSettings.from(sources.env("GALILEO_MODE", "distributed").build());

    assertThat(completing.completesTraces()).isTrue();
    assertThat(s.lingerFor(completing)).isEqualTo(Duration.ofMillis(100));
    assertThat(s.lingerFor(logging)).isEqualTo(Duration.ofSeconds(1));
  }

  @Test
  void batchModeWaitsASecondForEveryExporter() {
    ExportSettings s = ExportSettings.from(sources.env("GALILEO_MODE", "batch").build());

    assertThat(List.of(s.lingerFor(completing), s.lingerFor(logging)))
        .containsOnly(Duration.ofSeconds(1));
  }

  @Test
  void theSettingIsTakenByEveryExporterWhenGiven() {
    ExportSettings s = ExportSettings.from(sources.env("GALILEO_MODE", "distributed")
        .env("GALILEO_EXPORT_DELAY_MS", "250").build());

    assertThat(List.of(s.lingerFor(completing), s.lingerFor(logging)))
        .containsOnly(Duration.ofMillis(250));
  }
}
