package ai.galileo.tracing.adk;

import ai.galileo.tracing.testing.DoctorLine;
import org.junit.jupiter.api.Test;

/**
 * The doctor finds this module through its IntegrationProvider and says whether it is on: on once
 * set up here, off where Google ADK is missing or nothing set it up yet.
 */
class DoctorListsTheIntegrationTest {

  @Test
  void onceSetUpTheIntegrationIsReportedOnWithItsLibrary() {
    GalileoAdk.plugin();
    DoctorLine.of("adk").assertOn("Google ADK", "set up in this process (GalileoAdk.plugin()");
  }

  @Test
  void inAProcessThatSetNothingUpTheIntegrationIsReportedOff() {
    DoctorLine.of("adk").inFreshClassLoader()
        .assertOff("Google ADK", "not set up in this process (GalileoAdk.plugin() does)");
  }

  @Test
  void withoutItsLibraryTheIntegrationIsReportedOffAndSaysWhy() {
    DoctorLine.of("adk").without("com.google.adk.plugins.BasePlugin")
        .assertOff("Google ADK (com.google.adk:google-adk), which is not on the class path");
  }
}
