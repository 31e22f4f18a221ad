package ai.galileo.tracing.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class GalileoConfigTest {
  private static final String SECRET = "sk-live-5f1e9a7c";

  @TempDir Path dir;
  private ConfigFixture sources;

  @BeforeEach
  void setUp() {
    sources = new ConfigFixture(dir);
  }

  @Test
  void defaultsWhenNothingIsSet() {
    GalileoConfig config = sources.build();

    assertThat(config.mode()).isEqualTo(Mode.BATCH);
    assertThat(config.apiKey()).isNull();
    assertThat(config.consoleUrl()).isNull();
    assertThat(config.apiUrl()).isNull();
    assertThat(config.project()).isEqualTo("default");
    assertThat(config.projectId()).isNull();
    assertThat(config.logStream()).isEqualTo("default");
    assertThat(config.logStreamId()).isNull();
    assertThat(config.propagators()).containsExactly("galileo", "tracecontext");
    assertThat(config.serviceName()).isEqualTo("java-service");
    assertThat(config.loggingDisabled()).isFalse();
  }

  @ParameterizedTest
  @CsvSource({
    "distributed,DISTRIBUTED",
    "STREAMING,DISTRIBUTED",
    "streaming,DISTRIBUTED",
    "Batch,BATCH"
  })
  void readsModeIgnoringCaseWithStreamingAsAnAlias(String value, Mode expected) {
    sources.env("GALILEO_MODE", value);

    assertThat(sources.build().mode()).isEqualTo(expected);
  }

  @ParameterizedTest
  @CsvSource({
    "true,true", "TRUE,true", "1,true", "yes,true", "Yes,true",
    "false,false", "False,false", "0,false", "no,false", "NO,false"
  })
  void readsLoggingDisabledFromTheAcceptedBooleanSpellings(String value, boolean expected) {
    sources.env("GALILEO_LOGGING_DISABLED", value);

    assertThat(sources.build().loggingDisabled()).isEqualTo(expected);
  }

  @Test
  void readsIdsAsUuidsInAnyCase() {
    UUID id = UUID.fromString("123e4567-e89b-42d3-a456-426614174000");
    sources
        .env("GALILEO_PROJECT_ID", id.toString().toUpperCase())
        .env("GALILEO_LOG_STREAM_ID", id.toString());

    GalileoConfig config = sources.build();

    assertThat(config.projectId()).isEqualTo(id);
    assertThat(config.logStreamId()).isEqualTo(id);
    assertThat(config.values().get("GALILEO_PROJECT_ID")).isEqualTo(id.toString());
  }

  @Test
  void keepsUrlsAsUris() {
    sources
        .env("GALILEO_CONSOLE_URL", "http://localhost:8088")
        .env("GALILEO_API_URL", "HTTPS://api.galileo.ai/");

    GalileoConfig config = sources.build();

    assertThat(config.consoleUrl()).isEqualTo(URI.create("http://localhost:8088"));
    assertThat(config.apiUrl()).isEqualTo(URI.create("HTTPS://api.galileo.ai/"));
  }

  @Test
  void readsPropagatorsTrimmedLowerCaseWithoutEmptyEntriesOrDuplicates() {
    sources.env("GALILEO_PROPAGATORS", " Galileo , ,TRACECONTEXT,, company-x ,galileo");

    assertThat(sources.build().propagators())
        .containsExactly("galileo", "tracecontext", "company-x");
  }

  @Test
  void propagatorsListIsImmutable() {
    List<String> propagators = sources.build().propagators();

    assertThatThrownBy(() -> propagators.add("b3"))
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void builderSetsEveryTypedSetting() {
    UUID projectId = UUID.randomUUID();
    UUID logStreamId = UUID.randomUUID();

    GalileoConfig config =
        sources
            .builder()
            .mode(Mode.DISTRIBUTED)
            .apiKey(SECRET)
            .consoleUrl(URI.create("https://console.example.com"))
            .apiUrl(URI.create("https://api.example.com"))
            .project("rag")
            .projectId(projectId)
            .logStream("prod")
            .logStreamId(logStreamId)
            .propagators(List.of("tracecontext"))
            .serviceName("retriever")
            .loggingDisabled(true)
            .build();

    assertThat(config.mode()).isEqualTo(Mode.DISTRIBUTED);
    assertThat(config.apiKey()).isEqualTo(SECRET);
    assertThat(config.consoleUrl()).isEqualTo(URI.create("https://console.example.com"));
    assertThat(config.apiUrl()).isEqualTo(URI.create("https://api.example.com"));
    assertThat(config.project()).isEqualTo("rag");
    assertThat(config.projectId()).isEqualTo(projectId);
    assertThat(config.logStream()).isEqualTo("prod");
    assertThat(config.logStreamId()).isEqualTo(logStreamId);
    assertThat(config.propagators()).containsExactly("tracecontext");
    assertThat(config.serviceName()).isEqualTo("retriever");
    assertThat(config.loggingDisabled()).isTrue();
  }

  @Test
  void valuesGivePluginSettingsByEnvironmentName() {
    sources
        .env("GALILEO_EXPORTER", "otlp")
        .sysprop("galileo.propagator.headers", " x-company-trace ")
        .dotEnv("GALILEO_OTLP_ENDPOINT=http://collector:4318\n");

    GalileoConfig config = sources.build();

    assertThat(config.values().get("GALILEO_EXPORTER")).isEqualTo("otlp");
    assertThat(config.values().get("GALILEO_PROPAGATOR_HEADERS")).isEqualTo("x-company-trace");
    assertThat(config.values().get("GALILEO_OTLP_ENDPOINT")).isEqualTo("http://collector:4318");
  }

  @Test
  void valuesTreatUnsetAndBlankAsNull() {
    sources.env("GALILEO_BLANK", "   ");

    GalileoConfig config = sources.build();

    assertThat(config.values().get("GALILEO_BLANK")).isNull();
    assertThat(config.values().get("GALILEO_UNSET")).isNull();
    assertThat(config.values().get("GALILEO_UNSET", "fallback")).isEqualTo("fallback");
    assertThat(config.values().get(null)).isNull();
  }

  @Test
  void valuesGiveTypedSettingsInResolvedStringFormIncludingDefaults() {
    sources.env("GALILEO_MODE", "Streaming").env("GALILEO_LOGGING_DISABLED", "yes");

    GalileoConfig config = sources.build();

    assertThat(config.values().get("GALILEO_MODE")).isEqualTo("distributed");
    assertThat(config.values().get("GALILEO_LOGGING_DISABLED")).isEqualTo("true");
    assertThat(config.values().get("GALILEO_PROJECT")).isEqualTo("default");
    assertThat(config.values().get("GALILEO_LOG_STREAM")).isEqualTo("default");
    assertThat(config.values().get("GALILEO_PROPAGATORS")).isEqualTo("galileo,tracecontext");
    assertThat(config.values().get("GALILEO_SERVICE_NAME")).isEqualTo("java-service");
    assertThat(config.values().get("GALILEO_PROJECT_ID")).isNull();
  }

  @Test
  void valuesGiveTheApiKeyToPluginsThatSendIt() {
    sources.env("GALILEO_API_KEY", SECRET);

    assertThat(sources.build().values().get("GALILEO_API_KEY")).isEqualTo(SECRET);
  }

  @Test
  void valuesIgnoreNonGalileoEntriesOfTheDotEnvFile() {
    sources.dotEnv("OPENAI_API_KEY=sk-other\nGALILEO_PROJECT=rag\n");

    GalileoConfig config = sources.build();

    assertThat(config.values().get("OPENAI_API_KEY")).isNull();
    assertThat(config.project()).isEqualTo("rag");
  }

  @Test
  void valuesDoNotPrintTheirValues() {
    sources.env("GALILEO_API_KEY", SECRET);

    assertThat(sources.build().values().toString())
        .contains("GALILEO_API_KEY")
        .doesNotContain(SECRET);
  }

  @Test
  void toStringListsTheResolvedSettings() {
    UUID projectId = UUID.fromString("123e4567-e89b-42d3-a456-426614174000");
    sources.env("GALILEO_MODE", "distributed").env("GALILEO_PROJECT_ID", projectId.toString());

    assertThat(sources.build().toString())
        .isEqualTo(
            "GalileoConfig{mode=distributed, apiKey=null, consoleUrl=null, apiUrl=null,"
                + " project=default, projectId=123e4567-e89b-42d3-a456-426614174000,"
                + " logStream=default, logStreamId=null, propagators=[galileo, tracecontext],"
                + " serviceName=java-service, loggingDisabled=false, redaction=off,"
                + " redactors=[builtin]}");
  }

  @Test
  void toStringMasksTheApiKey() {
    sources.env("GALILEO_API_KEY", SECRET);

    assertThat(sources.build().toString()).contains("apiKey=***").doesNotContain(SECRET);
  }

  @Test
  void toStringListsPluginSettingsAndMasksThoseNamedLikeSecrets() {
    sources
        .env("GALILEO_EXPORTER", "otlp")
        .env("GALILEO_OTLP_HEADERS", "Authorization=Bearer " + SECRET)
        .env("GALILEO_OTLP_TOKEN", SECRET);

    assertThat(sources.build().toString())
        .contains(
            "other={GALILEO_EXPORTER=otlp, GALILEO_OTLP_HEADERS=***, GALILEO_OTLP_TOKEN=***}")
        .doesNotContain(SECRET);
  }

  @Test
  void toStringMasksCredentialsInUrls() {
    sources.env("GALILEO_API_URL", "https://user:" + SECRET + "@api.example.com/v2");

    assertThat(sources.build().toString())
        .contains("apiUrl=https://***@api.example.com/v2")
        .doesNotContain(SECRET);
  }

  @Test
  void neverLogsTheApiKey() {
    List<LogRecord> records = new ArrayList<>();
    Logger logger = Logger.getLogger("ai.galileo");
    Handler handler =
        new Handler() {
          @Override
          public void publish(LogRecord record) {
            records.add(record);
          }

          @Override
          public void flush() {}

          @Override
          public void close() {}
        };
    Level previous = logger.getLevel();
    logger.setLevel(Level.ALL);
    logger.addHandler(handler);
    try {
      sources
          .dotEnv("GALILEO_API_KEY=" + SECRET + "\nGALILEO_API_KEY='" + SECRET + "\n")
          .build();
    } finally {
      logger.removeHandler(handler);
      logger.setLevel(previous);
    }

    SimpleFormatter formatter = new SimpleFormatter();
    assertThat(records).isNotEmpty();
    assertThat(records).allSatisfy(r -> assertThat(formatter.format(r)).doesNotContain(SECRET));
  }

  @Test
  void configsWithTheSameResolvedSettingsAreEqualWhateverTheirSource() {
    GalileoConfig fromEnv = new ConfigFixture(dir).env("GALILEO_MODE", "streaming").build();
    GalileoConfig fromBuilder = sources.builder().mode(Mode.DISTRIBUTED).build();

    assertThat(fromEnv).isEqualTo(fromBuilder).hasSameHashCodeAs(fromBuilder);
    assertThat(fromEnv).isNotEqualTo(sources.build());
  }

  @Test
  void builderIsReusableAndBuildsIndependentConfigs() {
    GalileoConfig.Builder builder = sources.builder().project("one");
    GalileoConfig first = builder.build();
    GalileoConfig second = builder.project("two").build();

    assertThat(first.project()).isEqualTo("one");
    assertThat(second.project()).isEqualTo("two");
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "/opt/app/orders-service.jar --port 8080 | orders-service",
        "orders-service-1.2.0.jar | orders-service-1.2.0",
        "build/libs/Retriever.JAR | Retriever",
        "/opt/my apps/retriever.jar --in /data/x | retriever",
        "C:\\apps\\my app\\retriever.jar | retriever",
        "com.example.rag.RetrieverMain arg1 arg2 | RetrieverMain",
        "com.example.Main --input data.jar | Main",
        "rag.service/com.example.rag.Server | Server",
        "Server | Server"
      })
  void defaultServiceNameComesFromTheJarOrMainClass(String command, String expected) {
    sources.sysprop("sun.java.command", command);

    assertThat(sources.build().serviceName()).isEqualTo(expected);
  }

  @Test
  void defaultServiceNameFallsBackWhenTheCommandIsBlank() {
    sources.sysprop("sun.java.command", "  ");

    assertThat(sources.build().serviceName()).isEqualTo("java-service");
  }

  @Test
  void configuredServiceNameBeatsTheDerivedOne() {
    sources.sysprop("sun.java.command", "/opt/app/orders.jar").env("GALILEO_SERVICE_NAME", "api");

    assertThat(sources.build().serviceName()).isEqualTo("api");
  }

  @Test
  void builderWithoutSourcesReadsTheRealSystemProperties() {
    String name = "galileo.config.test.marker";
    System.setProperty(name, "seen");
    try {
      assertThat(GalileoConfig.builder().build().values().get("GALILEO_CONFIG_TEST_MARKER"))
          .isEqualTo("seen");
    } finally {
      System.clearProperty(name);
    }
  }
}
