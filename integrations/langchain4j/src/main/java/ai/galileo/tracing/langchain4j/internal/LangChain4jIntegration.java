package ai.galileo.tracing.langchain4j.internal;

import ai.galileo.tracing.core.integration.IntegrationProvider;
import ai.galileo.tracing.core.internal.transport.ModuleVersion;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Makes galileo-langchain4j known to the doctor: present, and on when AI Services are traced
 * automatically ({@code GALILEO_LANGCHAIN4J_AUTO}) or {@code GalileoLangChain4j} was made for
 * listeners. Looks for LangChain4j by name: it is a {@code provided} dependency.
 *
 * <p>Internal: not part of the public API and may change without notice.
 */
public final class LangChain4jIntegration implements IntegrationProvider {
  private static final String VERSION = ModuleVersion.of(LangChain4jIntegration.class);
  private static final String LIBRARY = "dev.langchain4j.model.chat.listener.ChatModelListener";
  /** What automatic registration implements; older LangChain4j versions lack it. */
  private static final String REGISTRAR_SPI =
      "dev.langchain4j.spi.observability.AiServiceListenerRegistrarFactory";
  private static final AtomicInteger SET_UPS = new AtomicInteger();

  /** Called by {@link java.util.ServiceLoader}. */
  public LangChain4jIntegration() {}

  /** Counts one {@code GalileoLangChain4j.create}, so the doctor can say listeners exist. */
  public static void setUp() {
    SET_UPS.incrementAndGet();
  }

  @Override
  public String name() {
    return "langchain4j";
  }

  @Override
  public String version() {
    return VERSION;
  }

  @Override
  public boolean on() {
    return library(LIBRARY) != null && (automatic() || SET_UPS.get() > 0);
  }

  @Override
  public String description() {
    String version = library(LIBRARY);
    if (version == null) {
      return "LangChain4j (dev.langchain4j:langchain4j-core), which is not on the class path";
    }
    String what = "LangChain4j" + (version.isEmpty() ? "" : " " + version);
    String services = library(REGISTRAR_SPI) == null
        ? "AI Services not traced automatically (this LangChain4j has no listener registrar SPI)"
        : automatic() ? "AI Services traced automatically"
        : "AI Services not traced automatically (" + AutoRegistration.SETTING + "=false)";
    int setUps = SET_UPS.get();
    return what + ": " + services + "; GalileoLangChain4j listeners "
        + (setUps > 0 ? "made in this process (" + setUps + (setUps == 1 ? " time)" : " times)")
            : "not made in this process (chat models, retrievers and stores need them)");
  }

  private static boolean automatic() {
    return library(REGISTRAR_SPI) != null && AutoRegistration.enabled();
  }

  private static String library(String className) {
    return ModuleVersion.ofLibrary(className, LangChain4jIntegration.class.getClassLoader());
  }
}
