package ai.galileo.tracing.conformance;

/** The conformance suite for this client and server pair. */
class JdkAsyncClientToServletTest extends TransportConformanceSuite {
  @Override
  TestClient.Kind clientKind() {
    return Clients.JDK_ASYNC;
  }

  @Override
  TestServer.Kind serverKind() {
    return Servers.SERVLET;
  }
}
