package ai.galileo.tracing.core.transport;

/** A transport as a third party would register one; listed in this module's test services file. */
public final class FakeTransportProvider implements TransportProvider {
  @Override
  public String name() {
    return "fake";
  }

  @Override
  public String version() {
    return "9.9.9";
  }

  @Override
  public boolean client() {
    return true;
  }

  @Override
  public boolean server() {
    return false;
  }

  @Override
  public String description() {
    return "a transport for tests";
  }
}
