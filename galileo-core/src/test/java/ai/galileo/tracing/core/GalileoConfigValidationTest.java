package ai.galileo.tracing.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.net.URI;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class GalileoConfigValidationTest {
  private static final String SECRET = "sk-live-5f1e9a7c";

  @TempDir Path dir;
  private ConfigFixture sources;

  @BeforeEach
  void setUp() {
    sources = new ConfigFixture(dir);
  }

  private String errorOf(GalileoConfig.Builder builder) {
    return catchThrowableOfType(IllegalArgumentException.class, builder::build).getMessage();
  }

  @Test
  void invalidModeFromTheEnvironmentNamesVariableSourceValueAndAllowedValues() {
    sources.env("GALILEO_MODE", "distributd");

    assertThat(errorOf(sources.builder()))
        .isEqualTo(
            "Invalid GALILEO_MODE \"distributd\" (from environment variable GALILEO_MODE):"
                + " allowed values are batch, distributed");
  }

  @Test
  void invalidModeFromADottedSystemPropertyNamesThatProperty() {
    sources.sysprop("galileo.mode", "fast");

    assertThat(errorOf(sources.builder()))
        .isEqualTo(
            "Invalid GALILEO_MODE \"fast\" (from system property galileo.mode):"
                + " allowed values are batch, distributed");
  }

  @Test
  void invalidModeFromAnEnvironmentSpelledSystemPropertyNamesThatProperty() {
    sources.sysprop("GALILEO_MODE", "fast");

    assertThat(errorOf(sources.builder())).contains("(from system property GALILEO_MODE)");
  }

  @Test
  void invalidModeFromTheDotEnvFileNamesTheFilesPath() {
    sources.dotEnv("GALILEO_MODE=fast\n");

    assertThat(errorOf(sources.builder()))
        .isEqualTo(
            "Invalid GALILEO_MODE \"fast\" (from .env file "
                + sources.dotEnvFile()
                + "): allowed values are batch, distributed");
  }

  @Test
  void invalidModeFromTheBuilderSaysSo() {
    assertThat(errorOf(sources.builder().set("GALILEO_MODE", "fast")))
        .isEqualTo(
            "Invalid GALILEO_MODE \"fast\" (from the builder): allowed values are batch,"
                + " distributed");
  }

  @ParameterizedTest
  @ValueSource(strings = {"maybe", "on", "2", "truee"})
  void invalidBooleanNamesVariableSourceValueAndAllowedValues(String value) {
    sources.env("GALILEO_LOGGING_DISABLED", value);

    assertThat(errorOf(sources.builder()))
        .isEqualTo(
            "Invalid GALILEO_LOGGING_DISABLED \""
                + value
                + "\" (from environment variable GALILEO_LOGGING_DISABLED):"
                + " allowed values are true, false, 1, 0, yes, no");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "not-a-uuid",
        "123e4567e89b42d3a456426614174000",
        "1-2-3-4-5",
        "123e4567-e89b-42d3-a456-42661417400g"
      })
  void invalidProjectIdNamesVariableSourceValueAndFormat(String value) {
    sources.sysprop("galileo.project.id", value);

    assertThat(errorOf(sources.builder()))
        .startsWith(
            "Invalid GALILEO_PROJECT_ID \""
                + value
                + "\" (from system property galileo.project.id)")
        .contains("expected a UUID")
        .contains("8-4-4-4-12");
  }

  @Test
  void invalidLogStreamIdNamesVariableSourceValueAndFormat() {
    sources.dotEnv("GALILEO_LOG_STREAM_ID=abc\n");

    assertThat(errorOf(sources.builder()))
        .startsWith("Invalid GALILEO_LOG_STREAM_ID \"abc\" (from .env file " + sources.dotEnvFile())
        .contains("expected a UUID");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "app.galileo.ai",
        "/v2/projects",
        "ftp://app.galileo.ai",
        "mailto:ops@example.com",
        "http://exa mple.com",
        "http:///no-host",
        "https:opaque"
      })
  void invalidUrlNamesVariableSourceValueAndFormat(String value) {
    sources.env("GALILEO_API_URL", value);

    assertThat(errorOf(sources.builder()))
        .isEqualTo(
            "Invalid GALILEO_API_URL \""
                + value
                + "\" (from environment variable GALILEO_API_URL): expected an absolute http or"
                + " https URL, such as https://app.galileo.ai");
  }

  @Test
  void relativeConsoleUrlFromTheBuilderIsRejected() {
    assertThat(errorOf(sources.builder().consoleUrl(URI.create("console"))))
        .isEqualTo(
            "Invalid GALILEO_CONSOLE_URL \"console\" (from the builder): expected an absolute"
                + " http or https URL, such as https://app.galileo.ai");
  }

  @ParameterizedTest
  @ValueSource(strings = {",", " , ,", "galileo;tracecontext", "b3 multi"})
  void invalidPropagatorListNamesVariableSourceValueAndFormat(String value) {
    sources.env("GALILEO_PROPAGATORS", value);

    // The message shows the value as read: trimmed.
    assertThat(errorOf(sources.builder()))
        .startsWith(
            "Invalid GALILEO_PROPAGATORS \""
                + value.strip()
                + "\" (from environment variable GALILEO_PROPAGATORS)")
        .contains("comma-separated list of propagator names")
        .contains("galileo,tracecontext");
  }

  @ParameterizedTest
  @ValueSource(strings = {"sk live", "sk\u0007bell", "sk-é"})
  void invalidApiKeyIsReportedWithoutItsValue(String key) {
    sources.env("GALILEO_API_KEY", key);

    assertThat(errorOf(sources.builder()))
        .isEqualTo(
            "Invalid GALILEO_API_KEY (from environment variable GALILEO_API_KEY): expected"
                + " visible ASCII characters without spaces, as it is sent in an HTTP header");
  }

  @Test
  void validApiKeyDoesNotAppearInAnotherSettingsError() {
    sources.env("GALILEO_API_KEY", SECRET).env("GALILEO_MODE", "nope");

    assertThat(errorOf(sources.builder())).doesNotContain(SECRET);
  }

  @Test
  void reportsEveryInvalidSettingAtOnce() {
    sources.env("GALILEO_MODE", "fast").env("GALILEO_PROJECT_ID", "x");

    assertThat(errorOf(sources.builder()))
        .contains("Invalid GALILEO_MODE \"fast\"")
        .contains("; Invalid GALILEO_PROJECT_ID \"x\"");
  }

  @Test
  void escapesControlCharactersInTheShownValue() {
    sources.sysprop("galileo.mode", "a\nb");

    assertThat(errorOf(sources.builder())).contains("\"a\\u000ab\"").doesNotContain("\n");
  }

  @Test
  void shortensVeryLongValuesInTheMessage() {
    sources.env("GALILEO_MODE", "x".repeat(500));

    assertThat(errorOf(sources.builder())).contains("x".repeat(100) + "...\"").hasSizeLessThan(250);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"EXPORTER", "galileo_exporter", "galileo.exporter", "GALILEO_", "OTHER_X"})
  void setRejectsNamesThatAreNotGalileoSettings(String name) {
    assertThatThrownBy(() -> sources.builder().set(name, "x"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("\"" + name + "\"")
        .hasMessageContaining("GALILEO_EXPORTER");
  }
}
