package ai.galileo.tracing.langchain4j;

import static org.assertj.core.api.Assertions.assertThat;

import ai.galileo.tracing.core.Doctor;
import ai.galileo.tracing.core.GalileoConfig;

import org.junit.jupiter.api.Test;

/** The doctor finds this module through its IntegrationProvider and says whether it is on. */
class DoctorListsTheIntegrationTest {

  private static String report() {
    GalileoConfig config = GalileoConfig.builder().set("GALILEO_EXPORTER", "none").build();
    return Doctor.report(config, DoctorListsTheIntegrationTest.class.getClassLoader(), false);
  }

  @Test
  void onceSetUpTheIntegrationIsReportedOnWithItsLibrary() {
    GalileoLangChain4j.create().chatModelListener();
    String line = report().lines().filter(l -> l.startsWith("  langchain4j ")).findFirst().orElse("");
    assertThat(line).as("the doctor's line for langchain4j").contains(": on - ", "LangChain4j", "AI Services traced automatically", "GalileoLangChain4j listeners made in this process");
  }
}
