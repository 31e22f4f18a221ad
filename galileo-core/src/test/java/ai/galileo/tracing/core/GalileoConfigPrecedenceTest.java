package ai.galileo.tracing.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GalileoConfigPrecedenceTest {
  @TempDir Path dir;
  private ConfigFixture sources;

  @BeforeEach
  void setUp() {
    sources = new ConfigFixture(dir);
  }

  @Test
  void usesTheDefaultWhenNothingIsSet() {
    assertThat(sources.build().project()).isEqualTo("default");
  }

  @Test
  void dotEnvFileBeatsTheDefault() {
    sources.dotEnv("GALILEO_PROJECT=from-dotenv\n");

    assertThat(sources.build().project()).isEqualTo("from-dotenv");
  }

  @Test
  void environmentVariableBeatsTheDotEnvFile() {
    sources.dotEnv("GALILEO_PROJECT=from-dotenv\n").env("GALILEO_PROJECT", "from-env");

    assertThat(sources.build().project()).isEqualTo("from-env");
  }

  @Test
  void dottedSystemPropertyBeatsTheEnvironment() {
    sources.env("GALILEO_PROJECT", "from-env").sysprop("galileo.project", "from-sysprop");

    assertThat(sources.build().project()).isEqualTo("from-sysprop");
  }

  @Test
  void systemPropertySpelledLikeTheEnvironmentVariableBeatsTheEnvironment() {
    sources.env("GALILEO_PROJECT", "from-env").sysprop("GALILEO_PROJECT", "from-sysprop");

    assertThat(sources.build().project()).isEqualTo("from-sysprop");
  }

  @Test
  void dottedSystemPropertyBeatsTheEnvironmentSpelling() {
    sources.sysprop("GALILEO_PROJECT", "env-spelling").sysprop("galileo.project", "dotted");

    assertThat(sources.build().project()).isEqualTo("dotted");
  }

  @Test
  void multiWordSettingsUseDotsInTheirSystemPropertyName() {
    sources.sysprop("galileo.log.stream", "from-sysprop");

    assertThat(sources.build().logStream()).isEqualTo("from-sysprop");
  }

  @Test
  void builderBeatsSystemProperties() {
    sources.sysprop("galileo.project", "from-sysprop").sysprop("GALILEO_PROJECT", "from-sysprop");

    assertThat(sources.builder().project("from-builder").build().project())
        .isEqualTo("from-builder");
  }

  @Test
  void builderBeatsEverySource() {
    sources
        .dotEnv("GALILEO_MODE=batch\n")
        .env("GALILEO_MODE", "batch")
        .sysprop("GALILEO_MODE", "batch")
        .sysprop("galileo.mode", "batch");

    assertThat(sources.builder().mode(Mode.DISTRIBUTED).build().mode())
        .isEqualTo(Mode.DISTRIBUTED);
  }

  @Test
  void clearingABuilderValueFallsBackToTheSources() {
    sources.env("GALILEO_PROJECT", "from-env");

    assertThat(sources.builder().project("from-builder").project(null).build().project())
        .isEqualTo("from-env");
  }

  @Test
  void blankValueFallsThroughToTheNextSource() {
    sources
        .dotEnv("GALILEO_PROJECT=from-dotenv\n")
        .env("GALILEO_PROJECT", "   ")
        .sysprop("galileo.project", "");

    assertThat(sources.builder().project(" ").build().project()).isEqualTo("from-dotenv");
  }

  @Test
  void valuesAreTrimmed() {
    sources.env("GALILEO_PROJECT", "  rag  \t");

    assertThat(sources.build().project()).isEqualTo("rag");
  }

  @Test
  void ignoresDottedSystemPropertiesThatAreNotLowerCase() {
    sources.sysprop("galileo.Project", "mixed-case");

    assertThat(sources.build().project()).isEqualTo("default");
  }

  @Test
  void readsOnlyTheWorkingDirectorysDotEnvFileNotItsParents() throws IOException {
    Files.writeString(dir.resolve(".env"), "GALILEO_PROJECT=from-parent\n");
    Path child = Files.createDirectory(dir.resolve("service"));

    assertThat(new ConfigFixture(child).build().project()).isEqualTo("default");
  }

  @Test
  void pluginSettingsFollowTheSamePrecedence() {
    sources
        .dotEnv("GALILEO_A=dotenv\nGALILEO_B=dotenv\nGALILEO_C=dotenv\nGALILEO_D=dotenv\n")
        .env("GALILEO_B", "env")
        .env("GALILEO_C", "env")
        .env("GALILEO_D", "env")
        .sysprop("galileo.c", "sysprop")
        .sysprop("GALILEO_D", "sysprop");

    GalileoConfig config = sources.builder().set("GALILEO_D", "builder").build();

    assertThat(config.values().get("GALILEO_A")).isEqualTo("dotenv");
    assertThat(config.values().get("GALILEO_B")).isEqualTo("env");
    assertThat(config.values().get("GALILEO_C")).isEqualTo("sysprop");
    assertThat(config.values().get("GALILEO_D")).isEqualTo("builder");
  }

  @Test
  void typedBuilderSetterAndGenericSetOverrideTheSameSetting() {
    GalileoConfig config =
        sources.builder().mode(Mode.DISTRIBUTED).set("GALILEO_MODE", "batch").build();

    assertThat(config.mode()).isEqualTo(Mode.BATCH);
  }

  @Test
  void openTelemetrySettingsComeThroughTheSameLayers() {
    sources.dotEnv("OTEL_SERVICE_NAME=from-dotenv\nOTEL_EXPORTER_OTLP_PROTOCOL=http/json\nOTHER_TOOL=x\n")
        .env("OTEL_SERVICE_NAME", "from-env")
        .env("OTEL_EXPORTER_OTLP_TIMEOUT", "from-env")
        .sysprop("otel.exporter.otlp.timeout", "from-sysprop")
        .sysprop("otel.Exporter.otlp.endpoint", "not-the-setting");

    GalileoConfig config = sources.build();

    assertThat(config.values().get("OTEL_SERVICE_NAME")).isEqualTo("from-env");
    assertThat(config.values().get("OTEL_EXPORTER_OTLP_PROTOCOL")).isEqualTo("http/json");
    assertThat(config.values().get("OTEL_EXPORTER_OTLP_TIMEOUT")).isEqualTo("from-sysprop");
    assertThat(config.values().get("OTEL_EXPORTER_OTLP_ENDPOINT")).isNull();
    assertThat(config.values().get("OTHER_TOOL")).isNull();
  }

  @Test
  void openTelemetryHeadersAreMaskedLikeKeys() {
    sources.env("OTEL_EXPORTER_OTLP_HEADERS", "api-key=secret-value");

    assertThat(sources.build().toString()).contains("OTEL_EXPORTER_OTLP_HEADERS=***").doesNotContain("secret-value");
  }
}
