package ai.galileo.tracing.core.internal.integration;

import ai.galileo.tracing.core.integration.IntegrationProvider;
import ai.galileo.tracing.core.internal.transport.ModuleVersion;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An integration that is on once its entry point has been called in this process (a client
 * wrapped, a plugin or handler made), and whose library is on the class path. The library is a
 * {@code provided} dependency, so it is looked for by a class name, never loaded.
 *
 * <p>Internal: not part of the public API and may change without notice.
 */
public abstract class SetUpCountingIntegration implements IntegrationProvider {
  private final String name;
  private final String version;
  private final String libraryClass;
  private final String library;
  private final String entryPoint;
  private final AtomicInteger setUps;
  private final ClassLoader loader;

  /**
   * @param name the integration's short name
   * @param module a class of the integration module, for its version and class loader
   * @param libraryClass a class of the instrumented library, looked for by name
   * @param library the library for people, such as {@code "openai-java (com.openai:openai-java)"}
   * @param entryPoint what sets the integration up, such as {@code "GalileoOpenAI.wrap"}
   * @param setUps the subclass's count, incremented by its static {@code setUp()}
   */
  protected SetUpCountingIntegration(String name, Class<?> module, String libraryClass,
      String library, String entryPoint, AtomicInteger setUps) {
    this.name = name;
    this.version = ModuleVersion.of(module);
    this.libraryClass = libraryClass;
    this.library = library;
    this.entryPoint = entryPoint;
    this.setUps = setUps;
    this.loader = module.getClassLoader();
  }

  @Override
  public final String name() {
    return name;
  }

  @Override
  public final String version() {
    return version;
  }

  @Override
  public final boolean on() {
    return setUps.get() > 0 && libraryVersion() != null;
  }

  @Override
  public final String description() {
    String found = libraryVersion();
    if (found == null) {
      return library + ", which is not on the class path";
    }
    String what = library + (found.isEmpty() ? "" : " " + found);
    int n = setUps.get();
    return n > 0
        ? what + ": set up in this process (" + entryPoint + ", " + n + (n == 1 ? " time)" : " times)")
        : what + ": not set up in this process (" + entryPoint + " does)";
  }

  private String libraryVersion() {
    return ModuleVersion.ofLibrary(libraryClass, loader);
  }
}
