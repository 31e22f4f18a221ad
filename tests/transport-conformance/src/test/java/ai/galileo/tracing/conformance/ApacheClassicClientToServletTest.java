package ai.galileo.tracing.conformance;

/** The conformance suite for this client and server pair. */
class ApacheClassicClientToServletTest extends TransportConformanceSuite {
  @Override
  TestClient.Kind clientKind() {
    return Clients.APACHE_CLASSIC;
  }

  @Override
  TestServer.Kind serverKind() {
    return Servers.SERVLET;
  }
}
