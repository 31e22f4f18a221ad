package ai.galileo.tracing.adk;

import ai.galileo.tracing.Galileo;
import ai.galileo.tracing.Tracer;
import ai.galileo.tracing.adk.internal.AdkIntegration;
import ai.galileo.tracing.adk.internal.TracingPlugin;
import com.google.adk.plugins.BasePlugin;
import java.util.Objects;

/**
 * Galileo tracing for Google's Agent Development Kit (ADK) for Java: a plugin to register on the
 * {@code Runner}. Each agent run becomes an {@code AGENT} span (sub-agents nested as they ran,
 * typed after their pattern), each model call an {@code LLM} span, each tool call a {@code TOOL}
 * span that is current while the tool runs; ADK's session is the Galileo session.
 *
 * <pre>{@code
 * Runner runner = Runner.builder()
 *     .agent(rootAgent)
 *     .appName("travel")
 *     .sessionService(new InMemorySessionService())
 *     .plugins(GalileoAdk.plugin())
 *     .build();
 * }</pre>
 *
 * <p>The plugin never throws into the agent: a failure of its own is logged once and the agent
 * goes on. While it exists, galileo-opentelemetry's bridge leaves out ADK's own OpenTelemetry
 * spans, which would log the same steps a second time.
 *
 * @since 0.1.0
 */
public final class GalileoAdk {
  /** The plugin's name in ADK's plugin manager, which allows one plugin of a name per runner. */
  public static final String PLUGIN_NAME = "galileo";

  private GalileoAdk() {}

  /**
   * The plugin, logging with the tracer {@link Galileo#tracer()} returns at each run, so a plugin
   * made before the application registers its tracer follows it.
   */
  public static BasePlugin plugin() {
    AdkIntegration.setUp();
    return new TracingPlugin(null);
  }

  /** The plugin, logging with the given tracer. */
  public static BasePlugin plugin(Tracer tracer) {
    AdkIntegration.setUp();
    return new TracingPlugin(Objects.requireNonNull(tracer, "tracer"));
  }
}
