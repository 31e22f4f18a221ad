package ai.galileo.tracing.openai.internal;

import ai.galileo.tracing.core.internal.integration.SetUpCountingIntegration;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Makes galileo-openai known to the doctor: present, and on once a client is wrapped in this process. Looks for
 * the library by name: it is a {@code provided} dependency.
 *
 * <p>Internal: not part of the public API and may change without notice.
 */
public final class OpenAiIntegration extends SetUpCountingIntegration {
  private static final AtomicInteger SET_UPS = new AtomicInteger();

  /** Called by {@link java.util.ServiceLoader}. */
  public OpenAiIntegration() {
    super("openai", OpenAiIntegration.class, "com.openai.client.OpenAIClient",
        "openai-java (com.openai:openai-java)", "GalileoOpenAI.wrap", SET_UPS);
  }

  /** Counts one set-up (GalileoOpenAI.wrap), so the doctor can say the integration is on. */
  public static void setUp() {
    SET_UPS.incrementAndGet();
  }
}
