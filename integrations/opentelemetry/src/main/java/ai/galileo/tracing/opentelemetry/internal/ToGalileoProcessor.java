package ai.galileo.tracing.opentelemetry.internal;

import ai.galileo.tracing.Tracer;
import ai.galileo.tracing.core.SpanData;
import ai.galileo.tracing.core.internal.CoveredInstrumentation;
import ai.galileo.tracing.core.internal.ExternalSpans;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.trace.ReadWriteSpan;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.SpanProcessor;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * An OpenTelemetry span processor that turns each ended OpenTelemetry span into Galileo span
 * snapshots ({@link SpanMapping}) and hands them to a galileo-core tracer's export pipelines.
 * Every span that records (sampled or record-only) is taken: Galileo does not sample, and a Galileo
 * span may sit under it. Runs on the thread that ends the span; never throws into it: what it
 * cannot hand over is counted.
 *
 * <p>Internal: not part of the public API and may change without notice.
 */
public final class ToGalileoProcessor implements SpanProcessor {
  private static final Logger LOG = Logger.getLogger(ToGalileoProcessor.class.getName());

  private final Supplier<Tracer> tracer;
  private final AtomicLong recorded = new AtomicLong();
  private final AtomicLong covered = new AtomicLong();
  private final AtomicLong notRecorded = new AtomicLong();
  private final AtomicBoolean notRecordedLogged = new AtomicBoolean();

  public ToGalileoProcessor(Supplier<Tracer> tracer) {
    this.tracer = tracer;
  }

  @Override
  public void onStart(Context parentContext, ReadWriteSpan span) {}

  @Override
  public boolean isStartRequired() {
    return false;
  }

  @Override
  public void onEnd(ReadableSpan span) {
    try {
      if (CoveredInstrumentation.isCovered(span.getInstrumentationScopeInfo().getName())) {
        // A Galileo integration logs this step itself (ADK's plugin): sent once, as its span.
        covered.incrementAndGet();
        return;
      }
      Tracer t = tracer.get();
      List<SpanData> snapshots = SpanMapping.toGalileo(span.toSpanData(), ExternalSpans.serviceName(t));
      for (SpanData s : snapshots) {
        if (ExternalSpans.record(t, s)) {
          recorded.incrementAndGet();
        } else {
          notRecorded("the Galileo tracer (" + t + ") is not galileo-core's or records nothing", null);
        }
      }
    } catch (RuntimeException | LinkageError e) {
      notRecorded("turning it into a Galileo span failed", e);
    }
  }

  private void notRecorded(String why, Throwable e) {
    notRecorded.incrementAndGet();
    if (notRecordedLogged.compareAndSet(false, true)) {
      LOG.log(e == null ? Level.FINE : Level.WARNING, "An OpenTelemetry span was not exported to Galileo: "
          + why + "; such spans are counted (GalileoOpenTelemetry.spansNotExported()) and not logged"
          + " again", e);
    }
  }

  @Override
  public boolean isEndRequired() {
    return true;
  }

  /** Galileo snapshots handed to the tracer (a root span gives two: the span and its trace). */
  public long recorded() {
    return recorded.get();
  }

  /** OpenTelemetry spans left out because a Galileo integration logs their steps itself. */
  public long covered() {
    return covered.get();
  }

  /** Galileo snapshots that could not be handed over. */
  public long notRecorded() {
    return notRecorded.get();
  }
}
