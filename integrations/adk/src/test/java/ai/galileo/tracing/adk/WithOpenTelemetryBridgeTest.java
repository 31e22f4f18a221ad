package ai.galileo.tracing.adk;

import static org.assertj.core.api.Assertions.assertThat;

import ai.galileo.tracing.Span;
import ai.galileo.tracing.SpanType;
import ai.galileo.tracing.core.SpanData;
import ai.galileo.tracing.opentelemetry.GalileoOpenTelemetry;
import ai.galileo.tracing.testing.GalileoTracingExtension;
import com.google.adk.agents.LlmAgent;
import com.google.adk.telemetry.Tracing;
import com.google.adk.tools.Annotations.Schema;
import com.google.adk.tools.FunctionTool;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * ADK's own OpenTelemetry spans and galileo-opentelemetry's bridge in the same JVM as the plugin:
 * ADK emits its spans (an OpenTelemetry exporter sees them), but Galileo gets each step once, as
 * the plugin's span, and a span started inside a tool nests under the plugin's TOOL span, not under
 * ADK's span that Galileo never receives. (Surefire runs each test class in a JVM of its own, so
 * the bridge is installed before anything uses OpenTelemetry's context.)
 */
class WithOpenTelemetryBridgeTest {
  @RegisterExtension
  final GalileoTracingExtension tracing = GalileoTracingExtension.create();

  private final List<io.opentelemetry.sdk.trace.data.SpanData> otelSpans = new CopyOnWriteArrayList<>();
  private SdkTracerProvider provider;

  public static final class Tools {
    public static Map<String, Object> getWeather(@Schema(name = "city", description = "the city") String city) {
      Span inside = ai.galileo.tracing.Galileo.tracer().spanBuilder("forecast lookup", SpanType.RETRIEVER).start();
      inside.end("sunny");
      return Map.of("forecast", "sunny");
    }
  }

  @AfterEach
  void stop() {
    Tracing.setTracerForTesting(OpenTelemetry.noop().getTracer(ADK_SCOPE));
    if (provider != null) {
      provider.close();
    }
  }

  private static final String ADK_SCOPE = "gcp.vertex.agent";

  @Test
  void eachStepReachesGalileoOnceAsThePluginsSpan() {
    GalileoOpenTelemetry bridge = GalileoOpenTelemetry.create();
    provider = bridge.configure(SdkTracerProvider.builder())
        .addSpanProcessor(SimpleSpanProcessor.create(new Capture(otelSpans)))
        .build();
    Tracing.setTracerForTesting(provider.get(ADK_SCOPE)); // ADK's tracer, as GlobalOpenTelemetry would give it
    LlmAgent agent = LlmAgent.builder().name("assistant").model(new ScriptedLlm("gemini-test",
            ScriptedLlm.call("call_1", "getWeather", Map.of("city", "Pisa"), 40, 9),
            ScriptedLlm.text("Sunny.", 60, 8)))
        .tools(FunctionTool.create(Tools.class, "getWeather")).build();

    String answer = new Adk(agent, GalileoAdk.plugin()).ask("Weather in Pisa?");

    assertThat(answer).isEqualTo("Sunny.");
    // ADK did emit its spans...
    assertThat(otelSpans).extracting(s -> s.getName())
        .contains("invoke_agent assistant", "execute_tool getWeather");
    assertThat(otelSpans).allSatisfy(s ->
        assertThat(s.getInstrumentationScopeInfo().getName()).isEqualTo(ADK_SCOPE));
    // ...but Galileo has each step once: the plugin's spans, and the tool's own span under its TOOL span.
    List<SpanData> spans = tracing.assertSingleTrace();
    assertThat(spans).filteredOn(s -> s.type() != SpanType.TRACE)
        .extracting(s -> s.type() + " " + s.name())
        .containsExactlyInAnyOrder("AGENT assistant", "LLM generate_content gemini-test",
            "LLM generate_content gemini-test", "TOOL getWeather", "RETRIEVER forecast lookup");
    SpanData tool = tracing.toolSpan("call_1");
    assertThat(tracing.span("forecast lookup").parentId()).isEqualTo(tool.spanId());
    assertThat(bridge.spansCovered()).isGreaterThanOrEqualTo(otelSpans.size());
    assertThat(bridge.spansNotExported()).isZero();
  }

  private record Capture(List<io.opentelemetry.sdk.trace.data.SpanData> spans) implements SpanExporter {
    @Override
    public CompletableResultCode export(Collection<io.opentelemetry.sdk.trace.data.SpanData> batch) {
      spans.addAll(batch);
      return CompletableResultCode.ofSuccess();
    }

    @Override
    public CompletableResultCode flush() {
      return CompletableResultCode.ofSuccess();
    }

    @Override
    public CompletableResultCode shutdown() {
      return CompletableResultCode.ofSuccess();
    }
  }
}
