package ai.galileo.tracing.logging;

import ai.galileo.tracing.testing.DoctorLine;
import org.junit.jupiter.api.Test;

/**
 * The doctor finds this module through its IntegrationProvider and says whether it is on: on once
 * set up here, off where neither SLF4J nor Log4j 2 is there.
 */
class DoctorListsTheIntegrationTest {

  @Test
  void onceSetUpTheIntegrationIsReportedOnWithItsLibrary() {
    ai.galileo.tracing.Context.current();
    DoctorLine.of("logging")
        .assertOn("log correlation into SLF4J's MDC and Log4j 2's ThreadContext", "the listener is registered");
  }

  @Test
  void withoutItsLibraryTheIntegrationIsReportedOffAndSaysWhy() {
    DoctorLine.of("logging").without("org.slf4j.MDC", "org.apache.logging.log4j.ThreadContext")
        .assertOff("log correlation: neither SLF4J nor Log4j 2 is on the class path");
  }
}
