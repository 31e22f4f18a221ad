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
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
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

  @Test
  void aTracerInDistributedModeGivesAnExporterWithoutACompletionRuleTheSecond() throws Exception {
    CountDownLatch exported = new CountDownLatch(1);
    SpanExporter otlpLike = new SpanExporter() {
      @Override
      public ExportResult export(List<SpanData> batch) {
        exported.countDown();
        return ExportResult.sent(batch.size());
      }

      @Override
      public boolean completesTraces() {
        return false;
      }
    };
    GalileoTracer tracer = GalileoTracer.builder()
        .config(GalileoConfig.builder().mode(Mode.DISTRIBUTED).serviceName("delay-test").build())
        .exporter(otlpLike).shutdownHook(false).build();
    try {
      long ended = System.nanoTime();
      tracer.traceBuilder("t").start().end();

      assertThat(exported.await(10, TimeUnit.SECONDS)).isTrue();
      // An idle worker's linger counts from the first span, so this lower bound is exact:
      // wired to the 100 ms of Galileo's route, the trace would have left after ~100 ms.
      assertThat(System.nanoTime() - ended).isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(950));
    } finally {
      tracer.shutdown(Duration.ofSeconds(2));
    }
  }
}
