package ai.galileo.tracing.springai.internal;

import ai.galileo.tracing.core.integration.IntegrationProvider;
import ai.galileo.tracing.core.internal.transport.ModuleVersion;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Makes galileo-spring-ai known to the doctor: present, and on once an observation handler is made in this process. Looks for
 * the library by name: it is a {@code provided} dependency.
 *
 * <p>Internal: not part of the public API and may change without notice.
 */
public final class SpringAiIntegration implements IntegrationProvider {
  private static final String VERSION = ModuleVersion.of(SpringAiIntegration.class);
  private static final String LIBRARY = "org.springframework.ai.chat.model.ChatModel";
  private static final AtomicInteger SET_UPS = new AtomicInteger();

  /** Called by {@link java.util.ServiceLoader}. */
  public SpringAiIntegration() {}

  /** Counts one set-up (GalileoSpringAi.create()), so the doctor can say the integration is on. */
  public static void setUp() {
    SET_UPS.incrementAndGet();
  }

  @Override
  public String name() {
    return "spring-ai";
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
      return "Spring AI (org.springframework.ai:spring-ai-model), which is not on the class path";
    }
    String what = "Spring AI (org.springframework.ai:spring-ai-model)" + (library.isEmpty() ? "" : " " + library);
    int setUps = SET_UPS.get();
    return setUps > 0
        ? what + ": set up in this process ("
            + "GalileoSpringAi.create(), "
            + setUps + (setUps == 1 ? " time)" : " times)")
        : what + ": not set up in this process (GalileoSpringAi.create() does)";
  }

  private static String libraryVersion() {
    return ModuleVersion.ofLibrary(LIBRARY, SpringAiIntegration.class.getClassLoader());
  }
}
