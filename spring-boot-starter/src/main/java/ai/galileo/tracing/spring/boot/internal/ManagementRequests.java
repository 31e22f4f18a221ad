package ai.galileo.tracing.spring.boot.internal;

import ai.galileo.tracing.core.GalileoTracer;
import ai.galileo.tracing.core.transport.ServerExclusions;
import java.util.List;
import org.springframework.core.env.Environment;

/**
 * Actuator's requests, which make no traces unless {@code galileo.server.exclude-defaults=false}:
 * those under {@code management.endpoints.web.base-path} ({@code /actuator} by default), and every
 * request on a separate {@code management.server.port}.
 *
 * <p>Internal: not part of the public API and may change without notice.
 */
public final class ManagementRequests {
  private static final int UNKNOWN = -2;
  private static final int NONE = -1;

  private final Environment environment;
  private final boolean enabled;
  private final ServerExclusions exclusions;
  /** The separate management port once known, {@link #NONE} when there is none. */
  private volatile int port = UNKNOWN;

  private ManagementRequests(Environment environment, boolean enabled, ServerExclusions exclusions) {
    this.environment = environment;
    this.enabled = enabled;
    this.exclusions = exclusions;
  }

  /**
   * The application's exclusions: the configured ones ({@code galileo.server.exclude} and the probe
   * paths) plus Actuator's base path when the defaults are on.
   *
   * @throws IllegalArgumentException if the settings are invalid
   */
  public static ManagementRequests of(GalileoTracer tracer, Environment environment) {
    ServerExclusions configured = ServerExclusions.configured(tracer);
    boolean on = ServerExclusions.defaultsOn(tracer.config().values());
    if (!on) {
      return new ManagementRequests(environment, false, configured);
    }
    String basePath = environment.getProperty("management.endpoints.web.base-path", "/actuator").trim();
    if (basePath.endsWith("/")) {
      basePath = basePath.substring(0, basePath.length() - 1);
    }
    // An empty base path puts the endpoints at the root, only allowed on a separate port.
    ServerExclusions all = basePath.startsWith("/") ? configured.plus(List.of(basePath + "/**")) : configured;
    return new ManagementRequests(environment, true, all);
  }

  /** The paths left untraced. */
  public ServerExclusions exclusions() {
    return exclusions;
  }

  /** True if a request that arrived on this local port is on a separate management port. */
  public boolean onManagementPort(int localPort) {
    if (!enabled) {
      return false;
    }
    int p = port;
    if (p == UNKNOWN) {
      p = resolvePort();
    }
    return p > 0 && p == localPort;
  }

  private int resolvePort() {
    Integer configured = environment.getProperty("management.server.port", Integer.class);
    Integer server = environment.getProperty("server.port", Integer.class);
    // Boot's own rule (ManagementPortType): same port, disabled, or a port of its own.
    if (configured == null || configured < 0 || server == null && configured == 8080
        || configured != 0 && configured.equals(server)) {
      // Actuator on the application's port: Boot then aliases local.management.port to it.
      port = NONE;
      return NONE;
    }
    // A separate port, known for certain once the management server runs (0 is chosen then).
    Integer local = environment.getProperty("local.management.port", Integer.class);
    if (local != null && local > 0) {
      port = local;
      return local;
    }
    return configured; // 0 until the management server has started: not cached yet
  }
}
