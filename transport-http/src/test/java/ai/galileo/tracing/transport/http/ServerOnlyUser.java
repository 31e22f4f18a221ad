package ai.galileo.tracing.transport.http;

import java.util.concurrent.Callable;

/**
 * Code as a server-only application compiles it: it calls the entry class directly, so the JVM
 * resolves just the methods used. Loaded by a class loader without httpclient5.
 */
public final class ServerOnlyUser implements Callable<Object> {
  @Override
  public Object call() {
    return HttpClient5Tracing.create().serverFilter();
  }
}
