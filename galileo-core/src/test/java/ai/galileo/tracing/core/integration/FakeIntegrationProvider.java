package ai.galileo.tracing.core.integration;

/** An integration as a module would register one; listed in this module's test services file. */
public final class FakeIntegrationProvider implements IntegrationProvider {
  @Override
  public String name() {
    return "fake-ai";
  }

  @Override
  public String version() {
    return "9.9.9";
  }

  @Override
  public boolean on() {
    return true;
  }

  @Override
  public String description() {
    return "FakeAI's models, traced automatically";
  }
}
