package ai.galileo.tracing.springai.internal;

import ai.galileo.tracing.core.internal.integration.SetUpCountingIntegration;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Makes galileo-spring-ai known to the doctor: present, and on once an observation handler is made in this process. Looks for
 * the library by name: it is a {@code provided} dependency.
 *
 * <p>Internal: not part of the public API and may change without notice.
 */
public final class SpringAiIntegration extends SetUpCountingIntegration {
  private static final AtomicInteger SET_UPS = new AtomicInteger();

  /** Called by {@link java.util.ServiceLoader}. */
  public SpringAiIntegration() {
    super("spring-ai", SpringAiIntegration.class, "org.springframework.ai.chat.model.ChatModel",
        "Spring AI (org.springframework.ai:spring-ai-model)", "GalileoSpringAi.create()", SET_UPS);
  }

  /** Counts one set-up (GalileoSpringAi.create()), so the doctor can say the integration is on. */
  public static void setUp() {
    SET_UPS.incrementAndGet();
  }
}
