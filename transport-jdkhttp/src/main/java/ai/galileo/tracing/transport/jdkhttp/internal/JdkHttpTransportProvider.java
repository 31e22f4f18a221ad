package ai.galileo.tracing.transport.jdkhttp.internal;

import ai.galileo.tracing.core.internal.transport.ModuleVersion;
import ai.galileo.tracing.core.transport.TransportProvider;

/**
 * Makes {@code galileo-transport-jdkhttp} known to {@link
 * ai.galileo.tracing.core.transport.Transports} and the doctor.
 *
 * <p>Internal: not part of the public API and may change without notice.
 */
public final class JdkHttpTransportProvider implements TransportProvider {
  private static final String VERSION = ModuleVersion.of(JdkHttpTransportProvider.class);

  /** Called by {@link java.util.ServiceLoader}. */
  public JdkHttpTransportProvider() {}

  @Override
  public String name() {
    return "jdkhttp";
  }

  @Override
  public String version() {
    return VERSION;
  }

  @Override
  public boolean client() {
    return present("java.net.http.HttpClient");
  }

  @Override
  public boolean server() {
    return present("com.sun.net.httpserver.Filter");
  }

  @Override
  public String description() {
    return "the JDK's java.net.http.HttpClient and com.sun.net.httpserver.HttpServer (Java "
        + System.getProperty("java.version") + ")";
  }

  private static boolean present(String className) {
    return ModuleVersion.ofLibrary(className, JdkHttpTransportProvider.class.getClassLoader()) != null;
  }
}
