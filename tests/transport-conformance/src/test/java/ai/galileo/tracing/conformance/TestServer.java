package ai.galileo.tracing.conformance;

import ai.galileo.tracing.Tracer;
import ai.galileo.tracing.core.transport.TrustPolicy;
import java.net.URI;

/** A real HTTP server on 127.0.0.1 and a free port, traced by one transport's server side. */
interface TestServer extends AutoCloseable {

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
