package ai.galileo.tracing.openai;

import ai.galileo.tracing.testing.DoctorLine;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import org.junit.jupiter.api.Test;

/**
 * The doctor finds this module through its IntegrationProvider and says whether it is on: on once
 * set up here, off where openai-java is missing or nothing set it up yet.
 */
class DoctorListsTheIntegrationTest {

  @Test
  void onceSetUpTheIntegrationIsReportedOnWithItsLibrary() {
    GalileoOpenAI.create().wrap(OpenAIOkHttpClient.builder().apiKey("k").baseUrl("http://127.0.0.1:9").build());
    DoctorLine.of("openai")
        .assertOn("openai-java (com.openai:openai-java)", "set up in this process (GalileoOpenAI.wrap");
  }

  @Test
  void inAProcessThatSetNothingUpTheIntegrationIsReportedOff() {
    DoctorLine.of("openai").inFreshClassLoader()
        .assertOff("openai-java", "not set up in this process (GalileoOpenAI.wrap does)");
  }

  @Test
  void withoutItsLibraryTheIntegrationIsReportedOffAndSaysWhy() {
    DoctorLine.of("openai").without("com.openai.client.OpenAIClient")
        .assertOff("openai-java (com.openai:openai-java), which is not on the class path");
  }
}
