package ai.galileo.tracing.springai;

import ai.galileo.tracing.testing.DoctorLine;
import org.junit.jupiter.api.Test;

/**
 * The doctor finds this module through its IntegrationProvider and says whether it is on: on once
 * set up here, off where Spring AI is missing or nothing set it up yet.
 */
class DoctorListsTheIntegrationTest {

  @Test
  void onceSetUpTheIntegrationIsReportedOnWithItsLibrary() {
    GalileoSpringAi.create().observationHandler();
    DoctorLine.of("spring-ai")
        .assertOn("Spring AI", "set up in this process (GalileoSpringAi.create()");
  }

  @Test
  void inAProcessThatSetNothingUpTheIntegrationIsReportedOff() {
    DoctorLine.of("spring-ai").inFreshClassLoader()
        .assertOff("Spring AI", "not set up in this process (GalileoSpringAi.create() does)");
  }

  @Test
  void withoutItsLibraryTheIntegrationIsReportedOffAndSaysWhy() {
    DoctorLine.of("spring-ai").without("org.springframework.ai.chat.model.ChatModel")
        .assertOff("Spring AI (org.springframework.ai:spring-ai-model), which is not on the class path");
  }
}
