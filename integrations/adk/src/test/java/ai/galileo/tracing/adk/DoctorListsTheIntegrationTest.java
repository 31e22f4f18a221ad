package ai.galileo.tracing.adk;

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
    GalileoAdk.plugin();
    String line = report().lines().filter(l -> l.startsWith("  adk ")).findFirst().orElse("");
    assertThat(line).as("the doctor's line for adk").contains(": on - ", "Google ADK", "set up in this process (GalileoAdk.plugin()");
  }
}
