package ai.galileo.tracing.adk;

import static org.assertj.core.api.Assertions.assertThat;

import ai.galileo.tracing.Propagator;
import ai.galileo.tracing.SpanBuilder;
import ai.galileo.tracing.SpanType;
import ai.galileo.tracing.Tracer;
import ai.galileo.tracing.testing.GalileoTracingExtension;
import com.google.adk.agents.LlmAgent;
import com.google.adk.plugins.BasePlugin;
import com.google.adk.tools.FunctionTool;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Nothing the plugin reads, and nothing that fails inside it, reaches the agent. */
class ContainmentTest {
  @RegisterExtension
  final GalileoTracingExtension tracing = GalileoTracingExtension.create();

  private final Logger log = Logger.getLogger("ai.galileo.tracing.adk");
  private final List<LogRecord> warnings = new CopyOnWriteArrayList<>();
  private final Handler handler = new Handler() {
    @Override
    public void publish(LogRecord r) {
      if (r.getLevel().intValue() >= Level.WARNING.intValue()) {
        warnings.add(r);
      }
    }

    @Override
    public void flush() {}

    @Override
    public void close() {}
  };

  @BeforeEach
  void listen() {
    log.addHandler(handler);
  }

  @AfterEach
  void stopListening() {
    log.removeHandler(handler);
  }

  @Test
  void everyCallbackGivenNullsAnswersNoChangeAndLogsNothing() {
    BasePlugin plugin = GalileoAdk.plugin();

    assertThat(plugin.beforeRunCallback(null).blockingGet()).isNull();
    plugin.afterRunCallback(null).blockingAwait();
    plugin.onRunErrorCallback(null, null).blockingAwait();
    assertThat(plugin.beforeAgentCallback(null, null).blockingGet()).isNull();
    assertThat(plugin.afterAgentCallback(null, null).blockingGet()).isNull();
    assertThat(plugin.beforeModelCallback(null, null).blockingGet()).isNull();
    assertThat(plugin.afterModelCallback(null, null).blockingGet()).isNull();
    assertThat(plugin.onModelErrorCallback(null, null, null).blockingGet()).isNull();
    assertThat(plugin.beforeToolCallback(null, null, null).blockingGet()).isNull();
    assertThat(plugin.afterToolCallback(null, null, null, null).blockingGet()).isNull();
    assertThat(plugin.onToolErrorCallback(null, null, null, null).blockingGet()).isNull();

    assertThat(warnings).isEmpty();
    assertThat(tracing.spans()).isEmpty();
  }

  /** A tracer that fails at every span: the plugin's own failure, every time. */
  static final class BrokenTracer implements Tracer {
    @Override
    public SpanBuilder traceBuilder(String name) {
      throw new IllegalStateException("broken tracer");
    }

    @Override
    public SpanBuilder spanBuilder(String name, SpanType type) {
      throw new IllegalStateException("broken tracer");
    }

    @Override
    public Propagator propagator() {
      throw new IllegalStateException("broken tracer");
    }
  }

  @Test
  void aFailureInsideThePluginIsLoggedOnceAndTheAgentGoesOn() {
    LlmAgent agent = LlmAgent.builder().name("assistant").model(new ScriptedLlm("m",
            ScriptedLlm.call("c1", "getWeather", Map.of("city", "Pisa"), 1, 1),
            ScriptedLlm.text("Sunny.", 1, 1),
            ScriptedLlm.call("c2", "getWeather", Map.of("city", "Rome"), 1, 1),
            ScriptedLlm.text("Sunny too.", 1, 1)))
        .tools(FunctionTool.create(AgentsTest.WeatherTools.class, "getWeather")).build();
    Adk adk = new Adk(agent, GalileoAdk.plugin(new BrokenTracer()));

    assertThat(adk.ask("Pisa?")).isEqualTo("Sunny.");
    int afterFirstRun = warnings.size();
    assertThat(adk.ask("Rome?")).isEqualTo("Sunny too.");

    assertThat(afterFirstRun).isPositive();
    assertThat(warnings).hasSize(afterFirstRun); // once per place, not once per call
    assertThat(warnings).allSatisfy(w -> assertThat(w.getMessage()).contains("the agent goes on"));
  }
}
