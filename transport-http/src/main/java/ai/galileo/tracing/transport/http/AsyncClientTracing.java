package ai.galileo.tracing.transport.http;

import ai.galileo.tracing.Context;
import ai.galileo.tracing.Scope;
import ai.galileo.tracing.core.transport.ClientSpan;
import ai.galileo.tracing.core.transport.ClientTracing;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.hc.client5.http.async.AsyncExecCallback;
import org.apache.hc.client5.http.async.AsyncExecChain;
import org.apache.hc.client5.http.async.AsyncExecChainHandler;
import org.apache.hc.client5.http.impl.async.HttpAsyncClientBuilder;
import org.apache.hc.core5.concurrent.Cancellable;
import org.apache.hc.core5.concurrent.CancellableDependency;
import org.apache.hc.core5.http.EntityDetails;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpException;
import org.apache.hc.core5.http.HttpRequest;
import org.apache.hc.core5.http.HttpResponse;
import org.apache.hc.core5.http.nio.AsyncDataConsumer;
import org.apache.hc.core5.http.nio.AsyncEntityProducer;
import org.apache.hc.core5.http.nio.CapacityChannel;

/**
 * The async client's interceptors. The first link of the chain runs on the thread that calls
 * {@code execute}, so that is where the caller's context is captured; connection set-up, redirects
 * and retries continue on I/O and scheduler threads, where the last link finds it again through
 * the exchange's {@code HttpClientContext}.
 */
final class AsyncClientTracing {
  /** Attribute of the {@code HttpClientContext}: the context captured for one exchange. */
  static final String CALLER_ATTRIBUTE = "ai.galileo.tracing.caller-context";

  private AsyncClientTracing() {}

  /**
   * The context captured for the exchange with this id, and its call; the id guards a reused
   * HttpContext.
   */
  private record Captured(String exchangeId, Context context, ClientSpan call) {}

  static HttpAsyncClientBuilder install(HttpAsyncClientBuilder builder, ClientTracing tracing) {
    builder.addExecInterceptorFirst(HttpClient5Tracing.NAME + "-context", new CaptureExec(tracing));
    return builder.addExecInterceptorLast(HttpClient5Tracing.NAME, new PropagationExec(tracing));
  }

  /** Captures the caller's context, starts the client span, and restores it in callbacks. */
  private static final class CaptureExec implements AsyncExecChainHandler {
    private final ClientTracing tracing;

    CaptureExec(ClientTracing tracing) {
      this.tracing = tracing;
    }

    @Override
    public void execute(HttpRequest request, AsyncEntityProducer entityProducer,
        AsyncExecChain.Scope scope, AsyncExecChain chain, AsyncExecCallback callback)
        throws HttpException, IOException {
      Context caller = Context.current();
      ClientSpan call = tracing.startHttp(caller, request.getMethod(),
          Requests.uri(request, scope.route));
      try {
        scope.clientContext.setAttribute(CALLER_ATTRIBUTE,
            new Captured(scope.exchangeId, call.context(), call));
        CallerCallback callerCallback = new CallerCallback(callback, caller, call);
        Cancellation cancellation =
            new Cancellation(scope.cancellableDependency, callerCallback::cancelled);
        scope.cancellableDependency.setDependency(cancellation);
        AsyncExecChain.Scope guarded = new AsyncExecChain.Scope(scope.exchangeId, scope.route,
            scope.originalRequest, cancellation, scope.clientContext, scope.execRuntime,
            scope.scheduler, scope.execCount);
        chain.proceed(request, entityProducer, guarded, callerCallback);
      } catch (HttpException | IOException | RuntimeException | Error e) {
        call.end(0, e);
        throw e;
      }
    }
  }

  /**
   * The exchange's cancel handle as the rest of the chain sees it, and the only one Apache's future
   * holds: the caller's {@code cancel} ends the call here, then goes on to whatever the chain last
   * registered.
   *
   * <p>Ending the call cannot be left to the exchange's {@code failed} callback: the connect link
   * registers the connection lease as the handle only once the lease returns, and when the pool
   * has a free slot the lease completes inside that call, connects and sends the request on an I/O
   * thread, whose handle for the exchange it then replaces with the lease's spent one. A cancel
   * after that reaches no callback, and the call would stay open until the server answered.
   */
  private static final class Cancellation implements CancellableDependency {
    private final CancellableDependency future;
    private final Runnable endCall;
    private final AtomicReference<Cancellable> dependency = new AtomicReference<>();
    private volatile boolean cancelled;

    Cancellation(CancellableDependency future, Runnable endCall) {
      this.future = future;
      this.endCall = endCall;
    }

    @Override
    public void setDependency(Cancellable next) {
      dependency.set(next);
      // As Apache's future does, a handle registered once it is over is cancelled at once; the
      // check after the set catches a cancel that ran meanwhile.
      if (cancelled || future instanceof Future<?> f && f.isDone()) {
        cancelDependency();
      }
    }

    @Override
    public boolean isCancelled() {
      return cancelled || future.isCancelled();
    }

    @Override
    public boolean cancel() {
      if (future instanceof Future<?> f && f.isDone() && !f.isCancelled()) {
        // Apache's future passes a cancel on even once it has its answer, and the caller may see
        // that answer before the exchange's own callback has ended the call. Passed on, the cancel
        // would fail an exchange that has already answered: it stops here, and that end stands.
        return false;
      }
      cancelled = true;
      endCall.run();
      cancelDependency();
      return true;
    }

    private void cancelDependency() {
      Cancellable d = dependency.getAndSet(null);
      if (d != null) {
        d.cancel();
      }
    }
  }

  /**
   * Writes the captured context's headers into the request about to be sent, and reads the span id
   * the answering server reports, for each attempt: a redirect's server and a retried one's made
   * spans in the trace too.
   */
  private static final class PropagationExec implements AsyncExecChainHandler {
    private final ClientTracing tracing;

    PropagationExec(ClientTracing tracing) {
      this.tracing = tracing;
    }

    @Override
    public void execute(HttpRequest request, AsyncEntityProducer entityProducer,
        AsyncExecChain.Scope scope, AsyncExecChain chain, AsyncExecCallback callback)
        throws HttpException, IOException {
      Object attribute = scope.clientContext.getAttribute(CALLER_ATTRIBUTE);
      Captured captured = attribute instanceof Captured c && c.exchangeId().equals(scope.exchangeId)
          ? c
          : null;
      tracing.inject(captured == null ? Context.current() : captured.context(),
          Requests.uri(request, scope.route), request, Headers.SETTER, Headers::removeAll);
      chain.proceed(request, entityProducer, scope,
          captured == null ? callback : new ResponseReader(callback, captured.call()));
    }
  }

  /** Reads the span id the server reports as the response's head arrives. */
  private static final class ResponseReader implements AsyncExecCallback {
    private final AsyncExecCallback delegate;
    private final ClientSpan call;

    ResponseReader(AsyncExecCallback delegate, ClientSpan call) {
      this.delegate = delegate;
      this.call = call;
    }

    @Override
    public AsyncDataConsumer handleResponse(HttpResponse response, EntityDetails entityDetails)
        throws HttpException, IOException {
      call.extractResponse(response, Headers.GETTER);
      return delegate.handleResponse(response, entityDetails);
    }

    @Override
    public void handleInformationResponse(HttpResponse response) throws HttpException, IOException {
      delegate.handleInformationResponse(response);
    }

    @Override
    public void completed() {
      delegate.completed();
    }

    @Override
    public void failed(Exception cause) {
      delegate.failed(cause);
    }
  }

  /**
   * Runs the response callbacks in the caller's context and ends the call: when the exchange
   * completes or fails, or when the response's consumer does; a cancel ends it in {@link
   * Cancellation}.
   */
  private static final class CallerCallback implements AsyncExecCallback {
    private final AsyncExecCallback delegate;
    private final Context caller;
    private final ClientSpan call;
    private volatile int status;

    CallerCallback(AsyncExecCallback delegate, Context caller, ClientSpan call) {
      this.delegate = delegate;
      this.caller = caller;
      this.call = call;
    }

    @Override
    public AsyncDataConsumer handleResponse(HttpResponse response, EntityDetails entityDetails)
        throws HttpException, IOException {
      status = response.getCode();
      try (Scope scope = caller.makeCurrent()) {
        AsyncDataConsumer consumer = delegate.handleResponse(response, entityDetails);
        return consumer == null ? null : new CallerDataConsumer(consumer, caller, this);
      } catch (HttpException | IOException | RuntimeException | Error e) {
        call.end(status, e);
        throw e;
      }
    }

    /** The caller cancelled; only the first end counts, so a failure reported after is moot. */
    void cancelled() {
      call.end(status, new CancellationException("the request was cancelled"));
    }

    /** The response's consumer failed: the exchange is over for the caller. */
    void consumerFailed(Throwable e) {
      call.end(status, e);
    }

    @Override
    public void handleInformationResponse(HttpResponse response) throws HttpException, IOException {
      try (Scope scope = caller.makeCurrent()) {
        delegate.handleInformationResponse(response);
      }
    }

    @Override
    public void completed() {
      call.end(status, null);
      try (Scope scope = caller.makeCurrent()) {
        delegate.completed();
      }
    }

    @Override
    public void failed(Exception cause) {
      call.end(status, cause);
      try (Scope scope = caller.makeCurrent()) {
        delegate.failed(cause);
      }
    }
  }

  /**
   * Consumes the response body in the caller's context, so its completion callback sees it; a
   * consumer that throws ends the call.
   */
  private static final class CallerDataConsumer implements AsyncDataConsumer {
    private final AsyncDataConsumer delegate;
    private final Context caller;
    private final CallerCallback owner;

    CallerDataConsumer(AsyncDataConsumer delegate, Context caller, CallerCallback owner) {
      this.delegate = delegate;
      this.caller = caller;
      this.owner = owner;
    }

    @Override
    public void updateCapacity(CapacityChannel capacityChannel) throws IOException {
      try (Scope scope = caller.makeCurrent()) {
        delegate.updateCapacity(capacityChannel);
      } catch (IOException | RuntimeException | Error e) {
        owner.consumerFailed(e);
        throw e;
      }
    }

    @Override
    public void consume(ByteBuffer src) throws IOException {
      try (Scope scope = caller.makeCurrent()) {
        delegate.consume(src);
      } catch (IOException | RuntimeException | Error e) {
        owner.consumerFailed(e);
        throw e;
      }
    }

    @Override
    public void streamEnd(List<? extends Header> trailers) throws HttpException, IOException {
      try (Scope scope = caller.makeCurrent()) {
        delegate.streamEnd(trailers);
      } catch (HttpException | IOException | RuntimeException | Error e) {
        owner.consumerFailed(e);
        throw e;
      }
    }

    @Override
    public void releaseResources() {
      try (Scope scope = caller.makeCurrent()) {
        delegate.releaseResources();
      }
    }
  }
}
