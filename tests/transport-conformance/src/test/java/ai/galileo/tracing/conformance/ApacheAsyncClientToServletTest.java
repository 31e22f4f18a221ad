package ai.galileo.tracing.conformance;

/** The conformance suite for this client and server pair. */
class ApacheAsyncClientToServletTest extends TransportConformanceSuite {
  @Override
  TestClient.Kind clientKind() {
    return Clients.APACHE_ASYNC;
  }

  @Override
  TestServer.Kind serverKind() {
    return Servers.SERVLET;
  }
}
