package ai.galileo.tracing.springai;

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
    GalileoSpringAi.create().observationHandler();
    String line = report().lines().filter(l -> l.startsWith("  spring-ai ")).findFirst().orElse("");
    assertThat(line).as("the doctor's line for spring-ai").contains(": on - ", "Spring AI", "set up in this process (GalileoSpringAi.create()");
  }
}
