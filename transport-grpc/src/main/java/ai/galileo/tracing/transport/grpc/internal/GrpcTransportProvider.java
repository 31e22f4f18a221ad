package ai.galileo.tracing.transport.grpc.internal;

import ai.galileo.tracing.core.internal.transport.ModuleVersion;
import ai.galileo.tracing.core.transport.TransportProvider;

/**
 * Makes {@code galileo-transport-grpc} known to {@link
 * ai.galileo.tracing.core.transport.Transports} and the doctor. It never touches gRPC's classes
 * but by name: grpc-api is the application's to bring, and may be missing.
 *
 * <p>Internal: not part of the public API and may change without notice.
 */
public final class GrpcTransportProvider implements TransportProvider {
  private static final String VERSION = ModuleVersion.of(GrpcTransportProvider.class);

  /** Called by {@link java.util.ServiceLoader}. */
  public GrpcTransportProvider() {}

  @Override
  public String name() {
    return "grpc";
  }

  @Override
  public String version() {
    return VERSION;
  }

  @Override
  public boolean client() {
    return library("io.grpc.ClientInterceptor") != null;
  }

  @Override
  public boolean server() {
    return library("io.grpc.ServerInterceptor") != null;
  }

  @Override
  public String description() {
    String grpc = library("io.grpc.ServerInterceptor");
    if (grpc == null) {
      return "gRPC client and server interceptors (io.grpc:grpc-api is missing: add grpc-java)";
    }
    return "gRPC client and server interceptors (grpc-java " + (grpc.isEmpty() ? "version unknown" : grpc) + ")";
  }

  private static String library(String className) {
    return ModuleVersion.ofLibrary(className, GrpcTransportProvider.class.getClassLoader());
  }
}
