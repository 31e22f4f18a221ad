package ai.galileo.tracing.adk.internal;

import ai.galileo.tracing.core.internal.integration.SetUpCountingIntegration;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Makes galileo-adk known to the doctor: present, and on once its plugin is made in this process. Looks for
 * the library by name: it is a {@code provided} dependency.
 *
 * <p>Internal: not part of the public API and may change without notice.
 */
public final class AdkIntegration extends SetUpCountingIntegration {
  private static final AtomicInteger SET_UPS = new AtomicInteger();

  /** Called by {@link java.util.ServiceLoader}. */
  public AdkIntegration() {
    super("adk", AdkIntegration.class, "com.google.adk.plugins.BasePlugin",
        "Google ADK (com.google.adk:google-adk)", "GalileoAdk.plugin()", SET_UPS);
  }

  /** Counts one set-up (GalileoAdk.plugin()), so the doctor can say the integration is on. */
  public static void setUp() {
    SET_UPS.incrementAndGet();
  }
}
