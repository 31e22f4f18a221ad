package ai.galileo.tracing.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.galileo.tracing.Scope;
import ai.galileo.tracing.Span;
import ai.galileo.tracing.SpanType;
import ai.galileo.tracing.core.Mode;
import ai.galileo.tracing.core.SpanData;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The builder's options, on an extension held in an instance field. */
class GalileoTracingExtensionOptionsTest {
  @RegisterExtension
  final GalileoTracingExtension tracing =
      GalileoTracingExtension.builder().mode(Mode.DISTRIBUTED).serviceName("retrieval").build();

  @Test
  void modeAndServiceNameAreTheBuilders() {
    assertEquals(Mode.DISTRIBUTED, tracing.tracer().mode());

    try (Span request = tracing.tracer().traceBuilder("request").start();
         Scope scope = request.makeCurrent()) {
      tracing.tracer().spanBuilder("retrieve", SpanType.RETRIEVER).start().end("docs");
    }

    SpanData ended = tracing.span("retrieve");
    assertEquals("retrieval", ended.metadata().get("service.name"));
    // Start snapshots are kept, to check what distributed mode streams as spans start.
    assertEquals(
        List.of("request", "retrieve"),
        tracing.exporter().startedSpans().stream().map(SpanData::name).toList());
  }
}
