package ai.galileo.tracing.spring.boot.internal;

import ai.galileo.tracing.core.GalileoConfig;
import ai.galileo.tracing.spring.boot.GalileoProperties;
import ai.galileo.tracing.core.internal.ConfigLayers;
import ai.galileo.tracing.core.internal.ConfigSources;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.core.env.CommandLinePropertySource;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.Environment;
import org.springframework.core.env.PropertySource;
import org.springframework.core.env.StandardEnvironment;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Maps the {@code galileo.*} properties onto the {@code GALILEO_*} settings of
 * {@link GalileoConfig}, and back (for error messages).
 *
 * <p>Internal: not part of the public API and may change without notice.
 */
public final class SettingsMapping {
  /** Setting name to Spring property name, for settings whose spelling is not the plain one. */
  private static final Map<String, String> PROPERTY_OF = Map.ofEntries(
      Map.entry("GALILEO_COMPLETION_TIMEOUT_MS", "galileo.completion-timeout"),
      Map.entry("GALILEO_EXPORT_DELAY_MS", "galileo.export-delay"),
      Map.entry("GALILEO_SHUTDOWN_TIMEOUT_MS", "galileo.shutdown-timeout"),
      Map.entry("GALILEO_REQUEST_TIMEOUT_MS", "galileo.request-timeout"),
      Map.entry("GALILEO_RETRY_MAX_ATTEMPTS", "galileo.retry.max-attempts"),
      Map.entry("GALILEO_RETRY_INITIAL_BACKOFF_MS", "galileo.retry.initial-backoff"),
      Map.entry("GALILEO_RETRY_MAX_BACKOFF_MS", "galileo.retry.max-backoff"),
      Map.entry("GALILEO_RETRY_MAX_ELAPSED_MS", "galileo.retry.max-elapsed"),
      Map.entry("GALILEO_SERVER_EXCLUDE", "galileo.server.exclude"),
      Map.entry("GALILEO_SERVER_EXCLUDE_DEFAULTS", "galileo.server.exclude-defaults"),
      Map.entry("GALILEO_PROPAGATE_HOSTS", "galileo.client.propagate-hosts"),
      Map.entry("GALILEO_NO_PROPAGATE_HOSTS", "galileo.client.no-propagate-hosts"));

  private static final Set<String> PROCESS_SOURCES = Set.of(
      StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
      StandardEnvironment.SYSTEM_PROPERTIES_PROPERTY_SOURCE_NAME,
      CommandLinePropertySource.COMMAND_LINE_PROPERTY_SOURCE_NAME);

  private SettingsMapping() {}

  /**
   * The settings the properties give, by setting name; unset properties are left out, so the
   * setting is read from the other sources ({@code .env}, defaults).
   *
   * @param applicationName {@code spring.application.name}, the service name's default; may be null
   */
  public static Map<String, String> settings(GalileoProperties p, String applicationName) {
    Map<String, String> s = new LinkedHashMap<>();
    put(s, "GALILEO_MODE", p.getMode());
    put(s, "GALILEO_API_KEY", p.getApiKey());
    put(s, "GALILEO_CONSOLE_URL", p.getConsoleUrl());
    put(s, "GALILEO_API_URL", p.getApiUrl());
    put(s, "GALILEO_PROJECT", p.getProject());
    put(s, "GALILEO_PROJECT_ID", p.getProjectId());
    put(s, "GALILEO_LOG_STREAM", p.getLogStream());
    put(s, "GALILEO_LOG_STREAM_ID", p.getLogStreamId());
    put(s, "GALILEO_PROPAGATORS", p.getPropagators());
    put(s, "GALILEO_PROPAGATOR_HEADERS", p.getPropagatorHeaders());
    put(s, "GALILEO_REDACTION", p.getRedaction());
    put(s, "GALILEO_REDACTORS", p.getRedactors());
    put(s, "GALILEO_SERVICE_NAME", p.getServiceName() != null ? p.getServiceName() : applicationName);
    put(s, "GALILEO_LOGGING_DISABLED", p.getLoggingDisabled());
    put(s, "GALILEO_EXPORTER", p.getExporter());
    put(s, "GALILEO_SESSION_NAME", p.getSessionName());
    put(s, "GALILEO_SERVER_TRUST", p.getServerTrust());
    put(s, "GALILEO_COMPLETION_TIMEOUT_MS", millis(p.getCompletionTimeout()));
    put(s, "GALILEO_INGEST_PARENTS_FIRST", p.getIngestParentsFirst());
    put(s, "GALILEO_QUEUE_SIZE", p.getQueueSize());
    put(s, "GALILEO_EXPORT_MAX_IN_FLIGHT", p.getExportMaxInFlight());
    put(s, "GALILEO_BATCH_SIZE", p.getBatchSize());
    put(s, "GALILEO_EXPORT_DELAY_MS", millis(p.getExportDelay()));
    put(s, "GALILEO_SHUTDOWN_TIMEOUT_MS", millis(p.getShutdownTimeout()));
    put(s, "GALILEO_REQUEST_TIMEOUT_MS", millis(p.getRequestTimeout()));
    put(s, "GALILEO_MAX_FIELD_CHARS", p.getMaxFieldChars());
    put(s, "GALILEO_MAX_BUFFERED_SPANS", p.getMaxBufferedSpans());
    put(s, "GALILEO_SERVER_EXCLUDE", joined(p.getServer().getExclude()));
    put(s, "GALILEO_SERVER_EXCLUDE_DEFAULTS", p.getServer().getExcludeDefaults());
    put(s, "GALILEO_PROPAGATE_HOSTS", joined(p.getClient().getPropagateHosts()));
    put(s, "GALILEO_NO_PROPAGATE_HOSTS", joined(p.getClient().getNoPropagateHosts()));
    GalileoProperties.Retry r = p.getRetry();
    put(s, "GALILEO_RETRY_MAX_ATTEMPTS", r.getMaxAttempts());
    put(s, "GALILEO_RETRY_INITIAL_BACKOFF_MS", millis(r.getInitialBackoff()));
    put(s, "GALILEO_RETRY_MAX_BACKOFF_MS", millis(r.getMaxBackoff()));
    put(s, "GALILEO_RETRY_MAX_ELAPSED_MS", millis(r.getMaxElapsed()));
    return s;
  }

  /**
   * The configuration the properties give, over {@code .env} and defaults. Spring's precedence
   * decides between its sources; a value from the application's own files ({@code
   * application.properties}, profiles, defaults) yields to the setting's environment variable or
   * system property in the SDK's spelling ({@code GALILEO_API_KEY}, {@code -Dgalileo.api.key}),
   * which Spring's relaxed binding does not always map onto the property, as it does everywhere
   * else in Spring.
   */
  public static GalileoConfig config(GalileoProperties p, Environment environment, String applicationName) {
    ConfigSources process = ConfigSources.process();
    Map<String, ConfigLayers.Entry> outside = ConfigLayers.merge(Map.of(), new ConfigSources(
        process.environment(), process.systemProperties(), Path.of("/nonexistent-galileo-dir")));
    GalileoConfig.Builder builder = GalileoConfig.builder();
    settings(p, applicationName).forEach((name, value) -> {
      boolean overridden = outside.containsKey(name)
          && (name.equals("GALILEO_SERVICE_NAME") && p.getServiceName() == null
              || !fromProcess(environment, propertyName(name)));
      if (!overridden) {
        builder.set(name, value);
      }
    });
    return builder.build();
  }

  /** Whether Spring's value of the property comes from the command line, system properties or environment. */
  private static boolean fromProcess(Environment environment, String property) {
    if (!(environment instanceof ConfigurableEnvironment)) {
      return false;
    }
    ConfigurationPropertyName name = ConfigurationPropertyName.of(property);
    for (ConfigurationPropertySource source : ConfigurationPropertySources.get(environment)) {
      if (source.getConfigurationProperty(name) != null) {
        Object underlying = source.getUnderlyingSource();
        String sourceName = underlying instanceof PropertySource<?> ? ((PropertySource<?>) underlying).getName() : "";
        return PROCESS_SOURCES.contains(sourceName);
      }
    }
    return false;
  }

  /** The Spring property of a setting: {@code GALILEO_LOG_STREAM} is {@code galileo.log-stream}. */
  public static String propertyName(String settingName) {
    String special = PROPERTY_OF.get(settingName);
    if (special != null) {
      return special;
    }
    return "galileo." + settingName.substring("GALILEO_".length()).toLowerCase(Locale.ROOT).replace('_', '-');
  }

  private static String joined(java.util.List<String> values) {
    return values == null ? null : String.join(",", values);
  }

  private static void put(Map<String, String> s, String name, Object value) {
    if (value != null && !value.toString().isBlank()) {
      s.put(name, value.toString());
    }
  }

  private static Long millis(Duration d) {
    return d == null ? null : d.toMillis();
  }
}
