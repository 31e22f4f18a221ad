/**
 * Galileo tracing for gRPC: {@link ai.galileo.tracing.transport.grpc.GrpcTracing} is the one
 * entry point.
 *
 * @since 0.1.0
 */
package ai.galileo.tracing.transport.grpc;
