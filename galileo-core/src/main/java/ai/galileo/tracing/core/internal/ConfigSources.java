package ai.galileo.tracing.core.internal;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;

/**
 * Where configuration is read from, besides the builder: a snapshot of the environment, the system
 * properties and the working directory (home of the {@code .env} file). The process's own are the
 * default; tests pass their own so they never depend on, or change, the real process.
 *
 * <p>Internal: not part of the public API and may change without notice.
 *
 * @param environment environment variables
 * @param systemProperties Java system properties
 * @param workingDirectory the directory whose {@code .env} file is read
 */
public record ConfigSources(
    Map<String, String> environment, Map<String, String> systemProperties, Path workingDirectory) {

  /** Copies the maps, so later changes to them do not reach a configuration. */
  public ConfigSources {
    environment = Map.copyOf(environment);
    systemProperties = Map.copyOf(systemProperties);
    Objects.requireNonNull(workingDirectory, "workingDirectory");
  }

  /** The current process's environment, system properties and working directory. */
  public static ConfigSources process() {
    Properties properties = System.getProperties();
    Map<String, String> systemProperties = new HashMap<>();
    // Only String entries: Properties may also hold objects put there by other code.
    for (String name : properties.stringPropertyNames()) {
      String value = properties.getProperty(name);
      if (value != null) {
        systemProperties.put(name, value);
      }
    }
    return new ConfigSources(
        System.getenv(), systemProperties, Path.of(System.getProperty("user.dir", "")));
  }

  /** The {@code .env} file this configuration reads. */
  public Path dotEnvFile() {
    return workingDirectory.resolve(".env");
  }
}
