package ai.galileo.tracing.opentelemetry.internal;

import ai.galileo.tracing.core.integration.IntegrationProvider;
import ai.galileo.tracing.core.internal.transport.ModuleVersion;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Makes galileo-opentelemetry known to the doctor: present, on once {@code GalileoOpenTelemetry}
 * is made or its context bridge installed, and whether the bridge is in place. Looks for
 * OpenTelemetry by name: it is a {@code provided} dependency.
 *
 * <p>Internal: not part of the public API and may change without notice.
 */
public final class OpenTelemetryIntegration implements IntegrationProvider {
  private static final String VERSION = ModuleVersion.of(OpenTelemetryIntegration.class);
  private static final String LIBRARY = "io.opentelemetry.context.ContextStorage";
  private static final AtomicInteger SET_UPS = new AtomicInteger();

  /** Called by {@link java.util.ServiceLoader}. */
  public OpenTelemetryIntegration() {}

  /** Counts one {@code GalileoOpenTelemetry.create}, so the doctor can say the bridge is on. */
  public static void setUp() {
    SET_UPS.incrementAndGet();
  }

  @Override
  public String name() {
    return "opentelemetry";
  }

  @Override
  public String version() {
    return VERSION;
  }

  @Override
  public boolean on() {
    return libraryVersion() != null && (SET_UPS.get() > 0 || ContextBridge.isInstalled());
  }

  @Override
  public String description() {
    String library = libraryVersion();
    if (library == null) {
      return "OpenTelemetry (io.opentelemetry:opentelemetry-api), which is not on the class path";
    }
    String what = "OpenTelemetry" + (library.isEmpty() ? "" : " " + library);
    int setUps = SET_UPS.get();
    String bridge = ContextBridge.isInstalled()
        ? "; context bridge installed (the two current spans are one)"
        : "; context bridge not installed (OpenTelemetry's context storage was in use first, or"
            + " the Java agent provides it)";
    return setUps > 0
        ? what + ": set up in this process (GalileoOpenTelemetry.create, " + setUps
            + (setUps == 1 ? " time)" : " times)") + bridge
        : what + ": not set up in this process (GalileoOpenTelemetry.create does)"
            + (ContextBridge.isInstalled() ? bridge : "");
  }

  private static String libraryVersion() {
    return ModuleVersion.ofLibrary(LIBRARY, OpenTelemetryIntegration.class.getClassLoader());
  }
}
