package ai.galileo.tracing.openai;

import static org.assertj.core.api.Assertions.assertThat;

import ai.galileo.tracing.core.Doctor;
import ai.galileo.tracing.core.GalileoConfig;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import org.junit.jupiter.api.Test;

/** The doctor finds this module through its IntegrationProvider and says whether it is on. */
class DoctorListsTheIntegrationTest {

  private static String report() {
    GalileoConfig config = GalileoConfig.builder().set("GALILEO_EXPORTER", "none").build();
    return Doctor.report(config, DoctorListsTheIntegrationTest.class.getClassLoader(), false);
  }

  @Test
  void onceSetUpTheIntegrationIsReportedOnWithItsLibrary() {
    GalileoOpenAI.create().wrap(OpenAIOkHttpClient.builder().apiKey("k").baseUrl("http://127.0.0.1:9").build());
    String line = report().lines().filter(l -> l.startsWith("  openai ")).findFirst().orElse("");
    assertThat(line).as("the doctor's line for openai").contains(": on - ", "openai-java (com.openai:openai-java)", "set up in this process (GalileoOpenAI.wrap");
  }
}
