package ai.galileo.tracing.transport.grpc;

import ai.galileo.tracing.Context;
import ai.galileo.tracing.Scope;
import ai.galileo.tracing.core.transport.ClientSpan;
import ai.galileo.tracing.core.transport.ClientTracing;
import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.ForwardingClientCall;
import io.grpc.ForwardingClientCallListener;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Writes the caller's trace into each call's metadata as lower-case keys, after removing any
 * tracing values the metadata already held, and optionally wraps the call in a client span. The
 * context is the one current when the call was created; the response listener's callbacks run in
 * it too, on whichever thread gRPC calls them. The server's span id ({@code x-galileo-span-id}) is
 * read from the response headers, or from the trailers of a trailers-only response, and every
 * started call is ended once, in {@code onClose}, which gRPC calls for every started call, also a
 * cancelled or failed one.
 */
@SuppressWarnings("try") // scopes are opened for their effect on the thread
final class TracingClientInterceptor implements ClientInterceptor {
  private final ClientTracing tracing;

  TracingClientInterceptor(ClientTracing tracing) {
    this.tracing = tracing;
  }

  @Override
  public <ReqT, RespT> ClientCall<ReqT, RespT> interceptCall(
      MethodDescriptor<ReqT, RespT> method, CallOptions callOptions, Channel next) {
    return new TracingClientCall<>(next.newCall(method, callOptions), method, Context.current(), tracing);
  }

  @Override
  public String toString() {
    return "Galileo gRPC client tracing (clientSpans=" + tracing.clientSpans() + ")";
  }

  private static final class TracingClientCall<ReqT, RespT>
      extends ForwardingClientCall.SimpleForwardingClientCall<ReqT, RespT> {
    private final MethodDescriptor<ReqT, RespT> method;
    private final Context caller;
    private final ClientTracing tracing;

    TracingClientCall(ClientCall<ReqT, RespT> delegate, MethodDescriptor<ReqT, RespT> method,
        Context caller, ClientTracing tracing) {
      super(delegate);
      this.method = method;
      this.caller = caller;
      this.tracing = tracing;
    }

    @Override
    public void start(Listener<RespT> responseListener, Metadata headers) {
      String name = method.getFullMethodName();
      ClientSpan call = tracing.start(caller, name, name);
      Outcome outcome = new Outcome(call);
      try {
        if (call.hasSpan()) {
          GrpcDescriptions.method(method).forEach(call.span()::setMetadata);
        }
        tracing.inject(call.context(), headers, MetadataCarrier.SETTER, MetadataCarrier.REMOVER);
        super.start(new TracingListener<>(responseListener, caller, outcome), headers);
      } catch (RuntimeException | Error e) {
        outcome.finish(Status.fromThrowable(e), e);
        throw e;
      }
    }
  }

  /**
   * Ends the call once, and its client span if it has one: with or without a span, the call holds
   * its trace's completion until it ends.
   */
  private static final class Outcome {
    private final ClientSpan call;
    private final AtomicBoolean finished = new AtomicBoolean();

    Outcome(ClientSpan call) {
      this.call = call;
    }

    /** The server's span id, from response headers or trailers. */
    void read(Metadata metadata) {
      call.extractResponse(metadata, MetadataCarrier.GETTER);
    }

    void finish(Status status, Throwable error) {
      if (!finished.compareAndSet(false, true)) {
        return;
      }
      if (call.hasSpan()) {
        GrpcDescriptions.status(call.span(), status);
      }
      call.end(GrpcDescriptions.httpStatus(status.getCode()), error);
    }
  }

  /** Runs the caller's response callbacks in the caller's context. */
  private static final class TracingListener<RespT>
      extends ForwardingClientCallListener.SimpleForwardingClientCallListener<RespT> {
    private final Context caller;
    private final Outcome outcome;

    TracingListener(ClientCall.Listener<RespT> delegate, Context caller, Outcome outcome) {
      super(delegate);
      this.caller = caller;
      this.outcome = outcome;
    }

    @Override
    public void onHeaders(Metadata headers) {
      outcome.read(headers);
      try (Scope scope = caller.makeCurrent()) {
        super.onHeaders(headers);
      }
    }

    @Override
    public void onMessage(RespT message) {
      try (Scope scope = caller.makeCurrent()) {
        super.onMessage(message);
      }
    }

    @Override
    public void onReady() {
      try (Scope scope = caller.makeCurrent()) {
        super.onReady();
      }
    }

    @Override
    public void onClose(Status status, Metadata trailers) {
      // End first, so the span is complete by the time the caller sees the result.
      outcome.read(trailers);
      outcome.finish(status, status.getCause());
      try (Scope scope = caller.makeCurrent()) {
        super.onClose(status, trailers);
      }
    }
  }
}
