package ai.galileo.tracing.transport.grpc;

import ai.galileo.tracing.Span;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import java.util.LinkedHashMap;
import java.util.Map;

/** How gRPC calls are described on spans, on both sides. */
final class GrpcDescriptions {
  static final String RPC_SYSTEM = "rpc.system";
  static final String RPC_SERVICE = "rpc.service";
  static final String RPC_METHOD = "rpc.method";
  /** The status code's name, such as {@code NOT_FOUND}. */
  static final String GRPC_STATUS = "rpc.grpc.status";
  /** The status code's number, such as {@code 5}. */
  static final String GRPC_STATUS_CODE = "rpc.grpc.status_code";
  static final String GRPC_STATUS_DESCRIPTION = "rpc.grpc.status_description";

  private GrpcDescriptions() {}

  /** The span metadata that names the method. */
  static Map<String, String> method(MethodDescriptor<?, ?> method) {
    Map<String, String> metadata = new LinkedHashMap<>(4);
    metadata.put(RPC_SYSTEM, "grpc");
    String service = method.getServiceName();
    if (service != null) {
      metadata.put(RPC_SERVICE, service);
    }
    String bare = method.getBareMethodName();
    if (bare != null) {
      metadata.put(RPC_METHOD, bare);
    }
    return metadata;
  }

  /** Records the call's status on the span, before it ends. */
  static void status(Span span, Status status) {
    span.setMetadata(GRPC_STATUS, status.getCode().name());
    span.setMetadata(GRPC_STATUS_CODE, Integer.toString(status.getCode().value()));
    if (!status.isOk() && status.getDescription() != null) {
      span.setMetadata(GRPC_STATUS_DESCRIPTION, status.getDescription());
    }
  }

  /**
   * The HTTP status code that stands for a gRPC status in Galileo's {@code status_code}, as
   * Google's APIs map them (OK is 200, CANCELLED 499, NOT_FOUND 404, UNAVAILABLE 503, ...), so
   * gRPC and HTTP hops read alike in one trace.
   */
  static int httpStatus(Status.Code code) {
    switch (code) {
      case OK:
        return 200;
      case CANCELLED:
        return 499;
      case INVALID_ARGUMENT:
      case FAILED_PRECONDITION:
      case OUT_OF_RANGE:
        return 400;
      case DEADLINE_EXCEEDED:
        return 504;
      case NOT_FOUND:
        return 404;
      case ALREADY_EXISTS:
      case ABORTED:
        return 409;
      case PERMISSION_DENIED:
        return 403;
      case UNAUTHENTICATED:
        return 401;
      case RESOURCE_EXHAUSTED:
        return 429;
      case UNIMPLEMENTED:
        return 501;
      case UNAVAILABLE:
        return 503;
      case UNKNOWN:
      case INTERNAL:
      case DATA_LOSS:
      default:
        return 500;
    }
  }
}
