package ai.galileo.tracing.openai.internal;

import ai.galileo.tracing.core.integration.IntegrationProvider;
import ai.galileo.tracing.core.internal.transport.ModuleVersion;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Makes galileo-openai known to the doctor: present, and on once a client is wrapped in this process. Looks for
 * the library by name: it is a {@code provided} dependency.
 *
 * <p>Internal: not part of the public API and may change without notice.
 */
public final class OpenAiIntegration implements IntegrationProvider {
  private static final String VERSION = ModuleVersion.of(OpenAiIntegration.class);
  private static final String LIBRARY = "com.openai.client.OpenAIClient";
  private static final AtomicInteger SET_UPS = new AtomicInteger();

  /** Called by {@link java.util.ServiceLoader}. */
  public OpenAiIntegration() {}

  /** Counts one set-up (GalileoOpenAI.wrap), so the doctor can say the integration is on. */
  public static void setUp() {
    SET_UPS.incrementAndGet();
  }

  @Override
  public String name() {
    return "openai";
  }

  @Override
  public String version() {
    return VERSION;
  }

  @Override
  public boolean on() {
    return SET_UPS.get() > 0 && libraryVersion() != null;
  }

  @Override
  public String description() {
    String library = libraryVersion();
    if (library == null) {
      return "openai-java (com.openai:openai-java), which is not on the class path";
    }
    String what = "openai-java (com.openai:openai-java)" + (library.isEmpty() ? "" : " " + library);
    int setUps = SET_UPS.get();
    return setUps > 0
        ? what + ": set up in this process ("
            + "GalileoOpenAI.wrap, "
            + setUps + (setUps == 1 ? " time)" : " times)")
        : what + ": not set up in this process (GalileoOpenAI.wrap does)";
  }

  private static String libraryVersion() {
    return ModuleVersion.ofLibrary(LIBRARY, OpenAiIntegration.class.getClassLoader());
  }
}
