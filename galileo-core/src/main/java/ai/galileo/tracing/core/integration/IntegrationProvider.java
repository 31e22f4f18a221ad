package ai.galileo.tracing.core.integration;

/**
 * How an installed integration module (LangChain4j, Spring AI, OpenAI, OpenTelemetry, ADK, log
 * correlation, ...) makes itself known, so that {@link Integrations#installed} and the
 * {@linkplain ai.galileo.tracing.core.Doctor doctor} can say it is present and whether it is on,
 * without the core depending on it. List the implementation in
 * {@code META-INF/services/ai.galileo.tracing.core.integration.IntegrationProvider}.
 *
 * <p>An implementation must have a public no-argument constructor, must be cheap, and must not
 * touch the instrumented library's classes: that library is a {@code provided} dependency and may
 * be missing. Check for it by name instead. {@link #on()} must be true only when the integration
 * does trace something in this process (it was set up, or sets itself up), and
 * {@link #description()} says why it is on or off.
 *
 * @since 0.1.0
 */
public interface IntegrationProvider {

  /** The integration's short name, lower-case, such as {@code "langchain4j"}. */
  String name();

  /** The version of the integration module, such as {@code "0.1.0"}; {@code "unknown"} if unknown. */
  String version();

  /** True if the integration traces something in this process now. */
  boolean on();

  /**
   * One line for people: what the integration instruments and why it is on or off (the library is
   * missing, a setting turned it off, nothing set it up yet, ...).
   */
  String description();
}
