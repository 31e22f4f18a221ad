package ai.galileo.tracing.core;

import ai.galileo.tracing.core.internal.ConfigSources;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/** Stand-in sources for one test: an environment, system properties and a working directory. */
final class ConfigFixture {
  private final Map<String, String> environment = new HashMap<>();
  private final Map<String, String> systemProperties = new HashMap<>();
  private final Path workingDirectory;

  ConfigFixture(Path workingDirectory) {
    this.workingDirectory = workingDirectory;
  }

  ConfigFixture env(String name, String value) {
    environment.put(name, value);
    return this;
  }

  ConfigFixture sysprop(String name, String value) {
    systemProperties.put(name, value);
    return this;
  }

  ConfigFixture dotEnv(String content) {
    try {
      Files.writeString(dotEnvFile(), content, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return this;
  }

  Path dotEnvFile() {
    return workingDirectory.resolve(".env").toAbsolutePath();
  }

  GalileoConfig.Builder builder() {
    return GalileoConfig.builder(
        new ConfigSources(environment, systemProperties, workingDirectory));
  }

  GalileoConfig build() {
    return builder().build();
  }
}
