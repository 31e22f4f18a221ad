package ai.galileo.tracing.conformance;

/** The conformance suite for this client and server pair. */
class JdkSyncClientToServletTest extends TransportConformanceSuite {
  @Override
  TestClient.Kind clientKind() {
    return Clients.JDK_SYNC;
  }

  @Override
  TestServer.Kind serverKind() {
    return Servers.SERVLET;
  }
}
