package ai.galileo.tracing.transport.grpc;

import ai.galileo.tracing.Context;
import ai.galileo.tracing.Scope;
import ai.galileo.tracing.core.transport.ServerSpan;
import ai.galileo.tracing.core.transport.ServerTracing;
import io.grpc.Contexts;
import io.grpc.ForwardingServerCall;
import io.grpc.ForwardingServerCallListener;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Continues the caller's trace for each call: starts the server span, makes its context current in
 * {@code startCall} and again in every listener callback (gRPC runs them on its executor's threads,
 * one after another but not necessarily on the same thread), and ends the span exactly once,
 * whichever comes first: the handler closing the call, the handler throwing, or the call being
 * cancelled. Each callback restores the thread's previous context when it returns or throws.
 */
@SuppressWarnings("try") // scopes are opened for their effect on the thread
final class TracingServerInterceptor implements ServerInterceptor {
  private final ServerTracing tracing;

  TracingServerInterceptor(ServerTracing tracing) {
    this.tracing = tracing;
  }

  @Override
  public <ReqT, RespT> ServerCall.Listener<ReqT> interceptCall(
      ServerCall<ReqT, RespT> call, Metadata headers, ServerCallHandler<ReqT, RespT> next) {
    MethodDescriptor<ReqT, RespT> method = call.getMethodDescriptor();
    String name = method.getFullMethodName();
    if (tracing.excludes("/" + name)) { // gRPC's health service by default: no span, no metadata read
      try (Scope scope = Context.root().makeCurrent()) {
        return next.startCall(call, headers);
      }
    }
    ServerSpan span = tracing.start(headers, MetadataCarrier.GETTER, name, name,
        GrpcDescriptions.method(method));
    Outcome outcome = new Outcome(span);
    ServerCall.Listener<ReqT> listener;
    try (Scope scope = span.makeCurrent()) {
      listener = next.startCall(new TracingServerCall<>(call, outcome), headers);
    } catch (RuntimeException | Error e) {
      // gRPC closes the stream itself, without our ServerCall seeing it: end the span here.
      outcome.finish(Status.fromThrowable(e), e);
      throw e;
    }
    return new TracingListener<>(listener, outcome);
  }

  @Override
  public String toString() {
    return "Galileo gRPC server tracing (" + tracing.trustPolicy().configValue() + ")";
  }

  /** Ends the server span once, with the first outcome that is reported. */
  static final class Outcome {
    final ServerSpan span;
    private final AtomicBoolean finished = new AtomicBoolean();

    Outcome(ServerSpan span) {
      this.span = span;
    }

    void finish(Status status, Throwable error) {
      if (!finished.compareAndSet(false, true)) {
        return;
      }
      GrpcDescriptions.status(span.span(), status);
      span.end(GrpcDescriptions.httpStatus(status.getCode()), error);
    }

    /** A callback threw: gRPC answers such calls with UNKNOWN. */
    void fail(Throwable error) {
      finish(Status.UNKNOWN.withDescription("Application error processing RPC").withCause(error),
          error);
    }
  }

  /**
   * Names the server span to the caller ({@code x-galileo-span-id}) in the headers the call sends,
   * or in its trailers when it closes without sending headers; ends the span when the handler
   * closes the call, before the status goes out.
   */
  private static final class TracingServerCall<ReqT, RespT>
      extends ForwardingServerCall.SimpleForwardingServerCall<ReqT, RespT> {
    private final Outcome outcome;
    /** gRPC calls a ServerCall's methods one at a time, but not always on the same thread. */
    private volatile boolean headersSent;

    TracingServerCall(ServerCall<ReqT, RespT> delegate, Outcome outcome) {
      super(delegate);
      this.outcome = outcome;
    }

    @Override
    public void sendHeaders(Metadata headers) {
      outcome.span.injectResponse(headers, MetadataCarrier.SETTER);
      headersSent = true;
      super.sendHeaders(headers);
    }

    @Override
    public void close(Status status, Metadata trailers) {
      if (!headersSent) {
        // A trailers-only response: the client reads the id from the trailers.
        outcome.span.injectResponse(trailers, MetadataCarrier.SETTER);
      }
      outcome.finish(status, status.getCause());
      super.close(status, trailers);
    }
  }

  /** Re-enters the server span's context around every callback. */
  private static final class TracingListener<ReqT>
      extends ForwardingServerCallListener.SimpleForwardingServerCallListener<ReqT> {
    private final Outcome outcome;

    TracingListener(ServerCall.Listener<ReqT> delegate, Outcome outcome) {
      super(delegate);
      this.outcome = outcome;
    }

    @Override
    public void onMessage(ReqT message) {
      try (Scope scope = outcome.span.makeCurrent()) {
        super.onMessage(message);
      } catch (RuntimeException | Error e) {
        outcome.fail(e);
        throw e;
      }
    }

    @Override
    public void onHalfClose() {
      try (Scope scope = outcome.span.makeCurrent()) {
        super.onHalfClose();
      } catch (RuntimeException | Error e) {
        outcome.fail(e);
        throw e;
      }
    }

    @Override
    public void onReady() {
      try (Scope scope = outcome.span.makeCurrent()) {
        super.onReady();
      } catch (RuntimeException | Error e) {
        outcome.fail(e);
        throw e;
      }
    }

    @Override
    public void onCancel() {
      // gRPC's own context says why: the deadline passed, or the client or a server cancelled.
      Status why = Contexts.statusFromCancelled(io.grpc.Context.current());
      Throwable failure = null;
      try (Scope scope = outcome.span.makeCurrent()) {
        super.onCancel();
      } catch (RuntimeException | Error e) {
        failure = e;
        throw e;
      } finally {
        // After the handler's own onCancel work, so spans it ends there nest inside.
        outcome.finish(why == null ? Status.CANCELLED : why, failure);
      }
    }

    @Override
    public void onComplete() {
      Throwable failure = null;
      try (Scope scope = outcome.span.makeCurrent()) {
        super.onComplete();
      } catch (RuntimeException | Error e) {
        failure = e;
        throw e;
      } finally {
        // Normally the close already ended the span; this covers a call gRPC closed itself.
        outcome.finish(failure == null ? Status.OK : Status.UNKNOWN.withCause(failure), failure);
      }
    }
  }
}
