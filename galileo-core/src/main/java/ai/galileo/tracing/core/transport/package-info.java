/**
 * What every transport module shares: the server and client handlers each transport adapts to its
 * own request types ({@link ai.galileo.tracing.core.transport.ServerTracing},
 * {@link ai.galileo.tracing.core.transport.ClientTracing}), the per-server
 * {@link ai.galileo.tracing.core.transport.TrustPolicy}, and the
 * {@link ai.galileo.tracing.core.transport.TransportProvider} plug-in through which installed
 * transports make themselves known.
 *
 * <p>Users normally never touch this package: they add a transport module (such as
 * {@code galileo-transport-jdkhttp}) and call its one entry class. Authors of new transports
 * (gRPC, Servlet, ...) build on it.
 *
 * @since 0.1.0
 */
package ai.galileo.tracing.core.transport;
