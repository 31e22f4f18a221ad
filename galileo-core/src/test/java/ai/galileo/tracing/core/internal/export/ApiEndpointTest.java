package ai.galileo.tracing.core.internal.export;

import static org.assertj.core.api.Assertions.assertThat;

import ai.galileo.tracing.core.GalileoConfig;
import java.net.URI;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class ApiEndpointTest {

  @ParameterizedTest(name = "console {0} -> api {1}")
  @CsvSource({
      "https://console.galileo.ai, https://api.galileo.ai",
      "https://app.galileo.ai, https://api.galileo.ai",
      "https://console.acme.galileocloud.io, https://api.acme.galileocloud.io",
      "https://console-eu.acme.io, https://api-eu.acme.io",
      "http://localhost:8088, http://localhost:8088",
      "http://localhost:3000, http://localhost:8088",
      "http://127.0.0.1:9000/, http://127.0.0.1:9000"})
  void theApiUrlIsDerivedFromTheConsoleUrlAsGalileosSdksDo(String console, String api) {
    GalileoConfig config = GalileoConfig.builder().consoleUrl(URI.create(console)).build();
    assertThat(ApiEndpoint.resolve(config)).isEqualTo(URI.create(api));
  }

  @Test
  void anExplicitApiUrlWinsAndATrailingV2IsDropped() {
    GalileoConfig config = GalileoConfig.builder()
        .apiUrl(URI.create("https://api.example.com/v2/"))
        .consoleUrl(URI.create("https://console.other.com"))
        .build();
    assertThat(ApiEndpoint.resolve(config)).isEqualTo(URI.create("https://api.example.com"));
  }

  @Test
  void withNoUrlAKeyMeansGalileosHostedApiAndNoKeyMeansTheLocalConsole() {
    assertThat(ApiEndpoint.resolve(GalileoConfig.builder().apiKey("k").build())).isEqualTo(ApiEndpoint.HOSTED);
    assertThat(ApiEndpoint.resolve(GalileoConfig.builder().build())).isEqualTo(ApiEndpoint.LOCAL_CONSOLE);
  }
}
