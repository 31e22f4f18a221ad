package ai.galileo.tracing.core.internal.annotation;

import ai.galileo.tracing.core.integration.IntegrationProvider;
import ai.galileo.tracing.core.internal.transport.ModuleVersion;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Makes {@code @Traced} known to the doctor: the engine is always in galileo-core, but the
 * annotation traces nothing until an interceptor (the Spring Boot starter's advisor, galileo-cdi's
 * interceptor) is set up, so it is on only once one says so.
 *
 * <p>Internal: not part of the public API and may change without notice.
 */
public final class AnnotationsIntegration implements IntegrationProvider {
  private static final String VERSION = ModuleVersion.of(AnnotationsIntegration.class);
  /**
   * The switch an interceptor without a framework property of its own reads when it is deployed:
   * {@code GALILEO_ANNOTATIONS_ENABLED=false} (or {@code galileo.annotations.enabled}, the Spring
   * Boot starter's property of the same name) leaves it out.
   */
  public static final String SETTING = "GALILEO_ANNOTATIONS_ENABLED";

  private static final Set<String> INTERCEPTORS = ConcurrentHashMap.newKeySet();
  private static final Set<String> SWITCHED_OFF = ConcurrentHashMap.newKeySet();

  /** Called by {@link java.util.ServiceLoader}. */
  public AnnotationsIntegration() {}

  /**
   * Records that an interceptor applying {@code @Traced} is set up in this process.
   *
   * @param interceptor what it is, for people: {@code "the Spring Boot starter's advisor"}
   */
  public static void setUp(String interceptor) {
    INTERCEPTORS.add(interceptor);
  }

  /**
   * Records that an interceptor was left out by its switch, so the doctor says why nothing applies
   * {@code @Traced}.
   *
   * @param interceptor what it is, for people: {@code "galileo-cdi's interceptor"}
   * @param why the switch, as set: {@code "GALILEO_ANNOTATIONS_ENABLED=false"}
   */
  public static void switchedOff(String interceptor, String why) {
    SWITCHED_OFF.add(interceptor + " (" + why + ")");
  }

  @Override
  public String name() {
    return "annotations";
  }

  @Override
  public String version() {
    return VERSION;
  }

  @Override
  public boolean on() {
    return !INTERCEPTORS.isEmpty();
  }

  @Override
  public String description() {
    String off = SWITCHED_OFF.isEmpty()
        ? "" : "; switched off: " + String.join(" and ", new TreeSet<>(SWITCHED_OFF));
    return INTERCEPTORS.isEmpty()
        ? "@Traced methods: no interceptor set up in this process (the Spring Boot starter or"
            + " galileo-cdi applies them)" + off
        : "@Traced methods, applied by " + String.join(" and ", new TreeSet<>(INTERCEPTORS)) + off;
  }
}
