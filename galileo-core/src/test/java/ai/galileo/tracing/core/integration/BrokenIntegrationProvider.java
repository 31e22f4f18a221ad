package ai.galileo.tracing.core.integration;

/** An integration whose answers throw, as one that touched a missing library would. */
public final class BrokenIntegrationProvider implements IntegrationProvider {
  @Override
  public String name() {
    return "broken-ai";
  }

  @Override
  public String version() {
    throw new NoClassDefFoundError("com/example/BrokenAi");
  }

  @Override
  public boolean on() {
    throw new IllegalStateException("not ready");
  }

  @Override
  public String description() {
    throw new IllegalStateException("not ready");
  }
}
