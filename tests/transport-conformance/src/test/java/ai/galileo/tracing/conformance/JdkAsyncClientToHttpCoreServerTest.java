package ai.galileo.tracing.conformance;

/** The conformance suite for this client and server pair. */
class JdkAsyncClientToHttpCoreServerTest extends TransportConformanceSuite {
  @Override
  TestClient.Kind clientKind() {
    return Clients.JDK_ASYNC;
  }

  @Override
  TestServer.Kind serverKind() {
    return Servers.HTTPCORE;
  }
}
