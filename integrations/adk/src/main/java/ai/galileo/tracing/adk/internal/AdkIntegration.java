package ai.galileo.tracing.adk.internal;

import ai.galileo.tracing.core.integration.IntegrationProvider;
import ai.galileo.tracing.core.internal.transport.ModuleVersion;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Makes galileo-adk known to the doctor: present, and on once its plugin is made in this process. Looks for
 * the library by name: it is a {@code provided} dependency.
 *
 * <p>Internal: not part of the public API and may change without notice.
 */
public final class AdkIntegration implements IntegrationProvider {
  private static final String VERSION = ModuleVersion.of(AdkIntegration.class);
  private static final String LIBRARY = "com.google.adk.plugins.BasePlugin";
  private static final AtomicInteger SET_UPS = new AtomicInteger();

  /** Called by {@link java.util.ServiceLoader}. */
  public AdkIntegration() {}

  /** Counts one set-up (GalileoAdk.plugin()), so the doctor can say the integration is on. */
  public static void setUp() {
    SET_UPS.incrementAndGet();
  }

  @Override
  public String name() {
    return "adk";
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
      return "Google ADK (com.google.adk:google-adk), which is not on the class path";
    }
    String what = "Google ADK (com.google.adk:google-adk)" + (library.isEmpty() ? "" : " " + library);
    int setUps = SET_UPS.get();
    return setUps > 0
        ? what + ": set up in this process ("
            + "GalileoAdk.plugin(), "
            + setUps + (setUps == 1 ? " time)" : " times)")
        : what + ": not set up in this process (GalileoAdk.plugin() does)";
  }

  private static String libraryVersion() {
    return ModuleVersion.ofLibrary(LIBRARY, AdkIntegration.class.getClassLoader());
  }
}
