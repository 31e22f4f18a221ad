package ai.galileo.tracing.console;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A console on 127.0.0.1 with a free port and an in-memory database, started before each test
 * and closed after it.
 */
final class RunningConsole implements BeforeEachCallback, AfterEachCallback {
  private final UnaryOperator<GalileoConsole.Builder> settings;
  private GalileoConsole console;

  private RunningConsole(UnaryOperator<GalileoConsole.Builder> settings) {
    this.settings = settings;
  }

  static RunningConsole inMemory() {
    return new RunningConsole(b -> b);
  }

  static RunningConsole with(UnaryOperator<GalileoConsole.Builder> settings) {
    return new RunningConsole(settings);
  }

  static GalileoConsole.Builder defaults() {
    return GalileoConsole.builder().host("127.0.0.1").port(0).database(":memory:");
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    try {
      console = settings.apply(defaults()).start();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void afterEach(ExtensionContext context) {
    if (console != null) {
      console.close();
      console = null;
    }
  }

  GalileoConsole console() {
    return console;
  }

  /** A client under {@code /v2}, as Galileo's Python SDK calls. */
  Api v2() {
    return Api.of(console, "/v2");
  }

  /** A client without the prefix, as Galileo's TypeScript SDK calls. */
  Api bare() {
    return Api.of(console, "");
  }

  Api api(String prefix) {
    return Api.of(console, prefix);
  }
}
