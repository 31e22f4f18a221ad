package ai.galileo.tracing.transport.http.internal;

import ai.galileo.tracing.core.internal.transport.ModuleVersion;
import ai.galileo.tracing.core.transport.TransportProvider;

/**
 * Makes {@code galileo-transport-http} known to {@link
 * ai.galileo.tracing.core.transport.Transports} and the doctor. It never touches the Apache
 * classes, which are {@code provided} and may be missing: it only looks for them by name.
 *
 * <p>Internal: not part of the public API and may change without notice.
 */
public final class HttpClient5TransportProvider implements TransportProvider {
  static final String CLIENT_CLASS = "org.apache.hc.client5.http.impl.classic.HttpClientBuilder";
  static final String SERVER_CLASS = "org.apache.hc.core5.http.impl.bootstrap.ServerBootstrap";
  private static final String VERSION = ModuleVersion.of(HttpClient5TransportProvider.class);

  /** Called by {@link java.util.ServiceLoader}. */
  public HttpClient5TransportProvider() {}

  @Override
  public String name() {
    return "http";
  }

  @Override
  public String version() {
    return VERSION;
  }

  @Override
  public boolean client() {
    return library(CLIENT_CLASS) != null;
  }

  @Override
  public boolean server() {
    return library(SERVER_CLASS) != null;
  }

  @Override
  public String description() {
    return "Apache HttpClient 5 " + describe(library(CLIENT_CLASS)) + ", HttpCore 5 classic server "
        + describe(library(SERVER_CLASS));
  }

  private static String describe(String version) {
    if (version == null) {
      return "(not on the class path)";
    }
    return version.isEmpty() ? "(version unknown)" : version;
  }

  private static String library(String className) {
    return ModuleVersion.ofLibrary(className, HttpClient5TransportProvider.class.getClassLoader());
  }
}
