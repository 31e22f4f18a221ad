package ai.galileo.tracing.otlp.internal;

import ai.galileo.tracing.core.SpanData;
import ai.galileo.tracing.core.export.ExportResult;
import ai.galileo.tracing.core.export.SpanExporter;
import ai.galileo.tracing.core.internal.export.RetryPolicy;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The {@code otlp} exporter: each batch's final snapshots as one OTLP/HTTP request. Open (start)
 * snapshots, which distributed mode exports for Galileo's completion rule, are not OTLP spans and
 * are left out. Spans the endpoint rejects in a partial success count as failed.
 */
public final class OtlpSpanExporter implements SpanExporter {
  private static final Logger LOG = Logger.getLogger(OtlpSpanExporter.class.getName());
  private final OtlpSpans spans;
  private final OtlpHttp http;
  private final boolean json;
  private final AtomicBoolean unexpectedFailureLogged = new AtomicBoolean();

  public OtlpSpanExporter(OtlpSettings settings, RetryPolicy retry, String sdkVersion, int maxFieldChars) {
    this.spans = new OtlpSpans(settings.resource(), sdkVersion, maxFieldChars);
    this.http = new OtlpHttp(settings, retry);
    this.json = settings.json();
  }

  @Override
  public ExportResult export(List<SpanData> batch) {
    try {
      return send(batch);
    } catch (RuntimeException e) {
      // A bug here, not the application's: count the spans failed, log once, go on.
      int finals = (int) batch.stream().filter(SpanData::isFinal).count();
      if (unexpectedFailureLogged.compareAndSet(false, true)) {
        LOG.log(Level.WARNING, "Could not export " + finals + " spans as OTLP; they are counted as"
            + " failed (further failures of this kind are not logged)", e);
      }
      return ExportResult.failed(finals);
    }
  }

  private ExportResult send(List<SpanData> batch) {
    ExportTraceServiceRequest request = spans.request(batch);
    int count = request.getResourceSpans(0).getScopeSpans(0).getSpansCount();
    if (count == 0) {
      return ExportResult.NOTHING;
    }
    byte[] body = json ? OtlpJson.write(request) : request.toByteArray();
    OtlpHttp.Outcome outcome = http.send(body);
    if (!outcome.ok()) {
      return new ExportResult(0, count, outcome.retries());
    }
    int rejected = (int) Math.min(count, Math.max(0, outcome.rejectedSpans()));
    return new ExportResult(count - rejected, rejected, outcome.retries());
  }

  @Override
  public String toString() {
    return "OtlpSpanExporter{" + http.endpoint() + (json ? ", http/json" : ", http/protobuf") + "}";
  }
}
