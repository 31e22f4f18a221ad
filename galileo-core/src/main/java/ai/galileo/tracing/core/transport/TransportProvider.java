package ai.galileo.tracing.core.transport;

/**
 * How an installed transport module makes itself known, so that {@link Transports#installed} and
 * the {@linkplain ai.galileo.tracing.core.Doctor doctor} can list it without the user naming any
 * class. List the implementation in
 * {@code META-INF/services/ai.galileo.tracing.core.transport.TransportProvider}.
 *
 * <p>An implementation must have a public no-argument constructor and must not touch the
 * instrumented library's classes when it is created: that library is a {@code provided}
 * dependency and may be missing. Check for it by name instead, and say so in {@link #client()},
 * {@link #server()} and {@link #description()}.
 *
 * @since 0.1.0
 */
public interface TransportProvider {

  /** The transport's short name, lower-case, such as {@code "jdkhttp"}. */
  String name();

  /** The version of the transport module, such as {@code "0.1.0"}; {@code "unknown"} if unknown. */
  String version();

  /** True if this transport can propagate on outgoing calls in this process. */
  boolean client();

  /** True if this transport can continue incoming traces in this process. */
  boolean server();

  /**
   * One line for people: what the transport instruments and, when known, the library's version
   * or that the library is missing.
   */
  default String description() {
    return name();
  }
}
