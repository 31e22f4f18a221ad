package ai.galileo.tracing.spring.boot.internal;

import ai.galileo.tracing.core.GalileoTracer;
import ai.galileo.tracing.core.export.ExportStats;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.function.ToDoubleFunction;

/**
 * The export counters as Micrometer meters: {@code galileo.export.spans} (a counter per
 * {@code outcome}: sent, retried, dropped, failed, late) and {@code galileo.export.queued} (a gauge).
 *
 * <p>Internal: not part of the public API and may change without notice.
 */
public final class GalileoMeters implements MeterBinder {
  private final GalileoTracer tracer;

  public GalileoMeters(GalileoTracer tracer) {
    this.tracer = tracer;
  }

  @Override
  public void bindTo(MeterRegistry registry) {
    counter(registry, "sent", ExportStats::sent);
    counter(registry, "retried", ExportStats::retried);
    counter(registry, "dropped", ExportStats::dropped);
    counter(registry, "failed", ExportStats::failed);
    counter(registry, "late", ExportStats::late);
    Gauge.builder("galileo.export.queued", tracer, t -> t.exportStats().queued())
        .description("Span snapshots waiting to be sent to Galileo")
        .register(registry);
  }

  private void counter(MeterRegistry registry, String outcome, ToDoubleFunction<ExportStats> value) {
    FunctionCounter.builder("galileo.export.spans", tracer, t -> value.applyAsDouble(t.exportStats()))
        .description("Span snapshots exported to Galileo, by outcome")
        .tag("outcome", outcome)
        .register(registry);
  }
}
