package ai.galileo.tracing.opentelemetry;

import ai.galileo.tracing.testing.DoctorLine;
import org.junit.jupiter.api.Test;

/**
 * The doctor finds this module through its IntegrationProvider and says whether it is on: on once
 * set up here, off where OpenTelemetry's API is missing or nothing set it up yet.
 */
class DoctorListsTheIntegrationTest {

  @Test
  void onceSetUpTheIntegrationIsReportedOnWithItsLibrary() {
    GalileoOpenTelemetry.create();
    DoctorLine.of("opentelemetry")
        .assertOn("OpenTelemetry", "set up in this process (GalileoOpenTelemetry.create", "context bridge");
  }

  @Test
  void inAProcessThatSetNothingUpTheIntegrationIsReportedOff() {
    DoctorLine.of("opentelemetry").inFreshClassLoader()
        .assertOff("OpenTelemetry", "not set up in this process (GalileoOpenTelemetry.create does)");
  }

  @Test
  void withoutItsLibraryTheIntegrationIsReportedOffAndSaysWhy() {
    DoctorLine.of("opentelemetry").without("io.opentelemetry.context.ContextStorage")
        .assertOff("OpenTelemetry (io.opentelemetry:opentelemetry-api), which is not on the class path");
  }
}
