package ai.galileo.tracing.conformance;

import ai.galileo.tracing.Tracer;
import java.net.URI;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** One transport's client, as an application uses it: decorated once, then called. */
interface TestClient extends AutoCloseable {

  /** How to build one kind of client. */
  interface Kind {
    TestClient create(Tracer tracer, boolean clientSpans) throws Exception;

    /** True if the client retries a GET answered with 503 by itself (Apache's retry strategy). */
    default boolean retriesOn503() {
      return false;
    }

    /** True if cancelling {@link #getAsync}'s future aborts the request (else it runs to its end). */
    default boolean cancels() {
      return false;
    }
  }

  /**
   * Sends a GET in the current context and returns without waiting; the context is captured now,
   * as the transport does for asynchronous calls. Redirects are followed.
   */
  CompletableFuture<Reply> getAsync(URI uri, Map<String, String> headers);

  /** Sends a GET in the current context and waits for the answer. */
  default Reply get(URI uri, Map<String, String> headers) throws Exception {
    return getAsync(uri, headers).get(20, TimeUnit.SECONDS);
  }

  default Reply get(URI uri) throws Exception {
    return get(uri, Map.of());
  }

  @Override
  void close();
}
