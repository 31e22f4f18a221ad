package ai.galileo.tracing.conformance;

import ai.galileo.tracing.Tracer;
import ai.galileo.tracing.core.transport.TrustPolicy;
import java.net.URI;

/** A real HTTP server on 127.0.0.1 and a free port, traced by one transport's server side. */
interface TestServer extends AutoCloseable {

  /** What stops a server; may throw. */
  interface Stop {
    void stop() throws Exception;
  }

  /** A server serving {@code base}, described as {@code name}, stopped by {@code stop}. */
  static TestServer of(String name, URI base, Stop stop) {
    return new TestServer() {
      @Override
      public URI uri(String path) {
        return base.resolve(path);
      }

      @Override
      public void close() {
        try {
          stop.stop();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        } catch (Exception e) {
          throw new IllegalStateException("Could not stop " + name, e);
        }
      }

      @Override
      public String toString() {
        return name;
      }
    };
  }

  /** How to start one kind of server. */
  interface Kind {
    /**
     * Starts the server.
     *
     * @param threads how many threads handle requests, where the server lets that be chosen
     */
    TestServer start(Tracer tracer, TrustPolicy policy, TestApp app, int threads) throws Exception;
  }

  URI uri(String path);

  @Override
  void close();
}
