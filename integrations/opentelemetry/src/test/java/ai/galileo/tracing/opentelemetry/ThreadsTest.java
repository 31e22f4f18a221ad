package ai.galileo.tracing.opentelemetry;

import static org.assertj.core.api.Assertions.assertThat;

import ai.galileo.tracing.Galileo;
import ai.galileo.tracing.Scope;
import ai.galileo.tracing.Span;
import ai.galileo.tracing.SpanType;
import ai.galileo.tracing.core.SpanData;
import ai.galileo.tracing.testing.GalileoTracingExtension;
import io.opentelemetry.api.GlobalOpenTelemetry;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Spans ended on other threads, context carried by OpenTelemetry, and concurrent requests. */
class ThreadsTest {
  @RegisterExtension
  static final GalileoTracingExtension tracing = GalileoTracingExtension.create();

  static final ExecutorService POOL = Executors.newFixedThreadPool(4);

  @AfterAll
  static void stop() {
    POOL.shutdownNow();
  }

  @BeforeEach
  void reset() {
    Otel.EXPORTED.reset();
  }

  @Test
  void anOpenTelemetrySpanEndedOnAnotherThreadStaysUnderItsGalileoParent() throws Exception {
    Span outer = Galileo.tracer().spanBuilder("outer", SpanType.WORKFLOW).start();
    Future<?> done;
    try (Scope ignored = outer.makeCurrent()) {
      io.opentelemetry.api.trace.Span async = Otel.TRACER.spanBuilder("async call").startSpan();
      done = POOL.submit(() -> async.end());
    }
    done.get(10, TimeUnit.SECONDS);
    outer.end();

    tracing.assertSingleTrace();
    assertThat(tracing.span("async call").parentId()).isEqualTo(outer.context().spanId());
  }

  @Test
  void openTelemetrysContextCarriesTheGalileoSpanToOtherThreads() throws Exception {
    Span outer = Galileo.tracer().spanBuilder("outer", SpanType.WORKFLOW).start();
    try (Scope ignored = outer.makeCurrent()) {
      // What the OpenTelemetry agent's executor instrumentation does: carry OpenTelemetry's context.
      io.opentelemetry.context.Context carried = io.opentelemetry.context.Context.current();
      POOL.submit(carried.wrap(() -> {
        Galileo.tracer().spanBuilder("galileo on pool", SpanType.TOOL).start().end();
        Otel.TRACER.spanBuilder("otel on pool").startSpan().end();
      })).get(10, TimeUnit.SECONDS);
    } finally {
      outer.end();
    }

    tracing.assertSingleTrace();
    assertThat(tracing.span("galileo on pool").parentId()).isEqualTo(outer.context().spanId());
    assertThat(tracing.span("otel on pool").parentId()).isEqualTo(outer.context().spanId());
  }

  @Test
  void concurrentRequestsNeverCross() throws Exception {
    int requests = 40;
    CountDownLatch start = new CountDownLatch(1);
    List<Future<UUID>> traces = new ArrayList<>();
    for (int i = 0; i < requests; i++) {
      int n = i;
      traces.add(POOL.submit(() -> {
        start.await();
        Span request = Galileo.tracer().traceBuilder("request " + n).start();
        try (Scope s1 = request.makeCurrent()) {
          io.opentelemetry.api.trace.Span http = Otel.TRACER.spanBuilder("otel " + n).startSpan();
          try (io.opentelemetry.context.Scope s2 = http.makeCurrent()) {
            Span step = Galileo.tracer().spanBuilder("galileo " + n, SpanType.WORKFLOW).start();
            try (Scope s3 = step.makeCurrent()) {
              Thread.yield();
              Otel.TRACER.spanBuilder("leaf " + n).startSpan().end();
            } finally {
              step.end();
            }
          } finally {
            http.end();
          }
        } finally {
          request.end();
        }
        return request.context().traceId();
      }));
    }
    start.countDown();
    for (int i = 0; i < requests; i++) {
      UUID trace = traces.get(i).get(30, TimeUnit.SECONDS);
      List<SpanData> spans = tracing.trace(trace);
      assertThat(spans).extracting(SpanData::name).containsExactlyInAnyOrder(
          "request " + i, "otel " + i, "galileo " + i, "leaf " + i);
      SpanData otel = tracing.span("otel " + i);
      SpanData galileo = tracing.span("galileo " + i);
      SpanData leaf = tracing.span("leaf " + i);
      assertThat(otel.parentId()).isEqualTo(trace);
      assertThat(galileo.parentId()).isEqualTo(otel.spanId());
      assertThat(leaf.parentId()).isEqualTo(galileo.spanId());
      assertThat(Otel.span("leaf " + i).getTraceId()).isEqualTo(Otel.traceHex(trace));
    }
    assertThat(tracing.traces()).hasSize(requests);
  }

  @Test
  void withNoOpenTelemetrySdkRegisteredGloballyNothingBreaks() {
    long notExported = Otel.BRIDGE.spansNotExported();
    io.opentelemetry.api.trace.Tracer noop = GlobalOpenTelemetry.getTracer("no-sdk");
    Span outer = Galileo.tracer().spanBuilder("outer", SpanType.WORKFLOW).start();
    try (Scope ignored = outer.makeCurrent()) {
      io.opentelemetry.api.trace.Span s = noop.spanBuilder("not recorded").startSpan();
      assertThat(s.getSpanContext().getTraceId()).isEqualTo(Otel.traceHex(outer.context().traceId()));
      try (io.opentelemetry.context.Scope inner = s.makeCurrent()) {
        Galileo.tracer().spanBuilder("inside", SpanType.TOOL).start().end();
      } finally {
        s.end();
      }
    } finally {
      outer.end();
    }
    tracing.assertSingleTrace();
    assertThat(tracing.spans()).extracting(SpanData::name).containsExactly("inside", "outer", "outer"); // the span and its own trace
    assertThat(tracing.span("inside").parentId()).isEqualTo(outer.context().spanId());
    assertThat(Otel.BRIDGE.spansNotExported()).isEqualTo(notExported);
    assertThat(Otel.EXPORTED.getFinishedSpanItems()).isEmpty();
  }
}
