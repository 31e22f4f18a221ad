package ai.galileo.tracing.langchain4j;

import ai.galileo.tracing.testing.DoctorLine;
import org.junit.jupiter.api.Test;

/**
 * The doctor finds this module through its IntegrationProvider and says whether it is on: on once
 * set up here, off where LangChain4j is missing.
 */
class DoctorListsTheIntegrationTest {

  @Test
  void onceSetUpTheIntegrationIsReportedOnWithItsLibrary() {
    GalileoLangChain4j.create().chatModelListener();
    DoctorLine.of("langchain4j")
        .assertOn("LangChain4j", "AI Services traced automatically", "GalileoLangChain4j listeners made in this process");
  }

  @Test
  void withoutItsLibraryTheIntegrationIsReportedOffAndSaysWhy() {
    DoctorLine.of("langchain4j").without("dev.langchain4j.model.chat.listener.ChatModelListener")
        .assertOff("LangChain4j (dev.langchain4j:langchain4j-core), which is not on the class path");
  }
}
