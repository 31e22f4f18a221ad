package ai.galileo.tracing.opentelemetry;

import ai.galileo.tracing.core.internal.W3CIds;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.util.List;
import java.util.UUID;

/**
 * The real OpenTelemetry SDK, set up as the README says, once for the test JVM: the context
 * bridge must be installed before anything uses OpenTelemetry's context. Not registered globally.
 */
final class Otel {
  static final GalileoOpenTelemetry BRIDGE = GalileoOpenTelemetry.create();
  /** What OpenTelemetry's own exporter gets. */
  static final InMemorySpanExporter EXPORTED = InMemorySpanExporter.create();
  static final SdkTracerProvider PROVIDER = BRIDGE.configure(SdkTracerProvider.builder())
      .addSpanProcessor(SimpleSpanProcessor.create(EXPORTED))
      .build();
  static final Tracer TRACER = PROVIDER.get("galileo-bridge-test");

  private Otel() {}

  /** The OpenTelemetry span exported under this name; exactly one. */
  static SpanData span(String name) {
    List<SpanData> matches = EXPORTED.getFinishedSpanItems().stream()
        .filter(s -> s.getName().equals(name)).toList();
    if (matches.size() != 1) {
      throw new AssertionError("Expected one OpenTelemetry span named " + name + ", found " + matches);
    }
    return matches.get(0);
  }

  /** The OpenTelemetry trace id of a Galileo trace. */
  static String traceHex(UUID trace) {
    return String.format("%016x%016x", trace.getMostSignificantBits(), trace.getLeastSignificantBits());
  }

  /** The OpenTelemetry span id of a Galileo span. */
  static String spanHex(UUID span) {
    return String.format("%016x", W3CIds.parentIdOf(span));
  }

  /** The Galileo UUID of an OpenTelemetry span id in a trace. */
  static UUID uuidOf(String traceIdHex, String spanIdHex) {
    return W3CIds.spanUuid(traceUuid(traceIdHex), Long.parseUnsignedLong(spanIdHex, 16));
  }

  static UUID traceUuid(String traceIdHex) {
    return new UUID(Long.parseUnsignedLong(traceIdHex.substring(0, 16), 16),
        Long.parseUnsignedLong(traceIdHex.substring(16), 16));
  }
}
