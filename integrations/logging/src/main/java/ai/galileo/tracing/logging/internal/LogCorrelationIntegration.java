package ai.galileo.tracing.logging.internal;

import ai.galileo.tracing.Context;
import ai.galileo.tracing.core.integration.IntegrationProvider;
import ai.galileo.tracing.core.internal.transport.ModuleVersion;
import java.util.ArrayList;
import java.util.List;

/**
 * Makes galileo-logging known to the doctor: on when the context storage has registered the
 * listener and SLF4J or Log4j 2 is there to receive the ids. Found only where galileo-core is (a
 * {@code provided} dependency here): the doctor lives there.
 *
 * <p>Internal: not part of the public API and may change without notice.
 */
public final class LogCorrelationIntegration implements IntegrationProvider {
  private static final String VERSION = ModuleVersion.of(LogCorrelationIntegration.class);

  /** Called by {@link java.util.ServiceLoader}. */
  public LogCorrelationIntegration() {}

  @Override
  public String name() {
    return "logging";
  }

  @Override
  public String version() {
    return VERSION;
  }

  @Override
  public boolean on() {
    return registered() && LogCorrelationListener.present().length > 0;
  }

  @Override
  public String description() {
    List<String> maps = new ArrayList<>(2);
    for (ContextMap map : LogCorrelationListener.present()) {
      maps.add(map instanceof Slf4jMdc ? "SLF4J's MDC" : "Log4j 2's ThreadContext");
    }
    if (maps.isEmpty()) {
      return "log correlation: neither SLF4J nor Log4j 2 is on the class path";
    }
    return "log correlation into " + String.join(" and ", maps) + ": "
        + (registered() ? "the listener is registered with the context storage"
            : "the listener is not registered (the context storage did not find it with"
                + " ServiceLoader: is galileo-logging on the same class path as galileo-api?)");
  }

  private static boolean registered() {
    Context.current(); // starts the context storage, which loads the listeners, if nothing did yet
    return LogCorrelationListener.registered();
  }
}
