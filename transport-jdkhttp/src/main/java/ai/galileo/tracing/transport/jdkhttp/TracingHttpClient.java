package ai.galileo.tracing.transport.jdkhttp;

import ai.galileo.tracing.Context;
import ai.galileo.tracing.Propagator;
import ai.galileo.tracing.Scope;
import ai.galileo.tracing.core.internal.transport.ContextFuture;
import ai.galileo.tracing.core.transport.ClientSpan;
import ai.galileo.tracing.core.transport.ClientTracing;
import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.Authenticator;
import java.net.CookieHandler;
import java.net.ProxySelector;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;

/**
 * An {@link HttpClient} that sends each request, with the current trace's headers, through the
 * client it decorates. The request the caller built is never changed: a copy carries the headers.
 */
final class TracingHttpClient extends HttpClient {
  /** {@link HttpHeaders} looks names up case-insensitively already. */
  private static final Propagator.Getter<HttpHeaders> RESPONSE_HEADERS =
      (headers, name) -> headers.firstValue(name).orElse(null);

  private final HttpClient delegate;
  private final ClientTracing tracing;

  TracingHttpClient(HttpClient delegate, ClientTracing tracing) {
    this.delegate = delegate;
    this.tracing = tracing;
  }

  @Override
  public <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> handler)
      throws IOException, InterruptedException {
    ClientSpan call = tracing.startHttp(Context.current(), request.method(), request.uri());
    try {
      HttpResponse<T> response = delegate.send(withHeaders(request, call.context()), handler);
      ended(call, response, null);
      return response;
    } catch (IOException | InterruptedException | RuntimeException | Error e) {
      call.end(0, e);
      throw e;
    }
  }

  @Override
  public <T> CompletableFuture<HttpResponse<T>> sendAsync(
      HttpRequest request, HttpResponse.BodyHandler<T> handler) {
    return sendAsync(request, handler, null);
  }

  @Override
  public <T> CompletableFuture<HttpResponse<T>> sendAsync(HttpRequest request,
      HttpResponse.BodyHandler<T> handler, HttpResponse.PushPromiseHandler<T> pushPromiseHandler) {
    Context caller = Context.current();
    ClientSpan call = tracing.startHttp(caller, request.method(), request.uri());
    CompletableFuture<HttpResponse<T>> sent;
    try {
      sent = delegate.sendAsync(withHeaders(request, call.context()), handler,
          inContext(pushPromiseHandler, caller));
    } catch (RuntimeException | Error e) {
      call.end(0, e);
      throw e;
    }
    ContextFuture<HttpResponse<T>> result = new ContextFuture<>(caller, sent);
    // Also runs when the caller cancels: cancelling the result cancels the request's future.
    sent.whenComplete((response, error) -> {
      ended(call, response, error);
      if (error != null) {
        result.completeExceptionally(error);
      } else {
        result.complete(response);
      }
    });
    return result;
  }

  /**
   * Ends the call with the response, after reading the span id each answering server reported:
   * the final response's, and those of the redirects that led to it.
   */
  private static void ended(ClientSpan call, HttpResponse<?> response, Throwable error) {
    for (HttpResponse<?> r = response; r != null; r = r.previousResponse().orElse(null)) {
      call.extractResponse(r.headers(), RESPONSE_HEADERS);
    }
    call.end(response == null ? 0 : response.statusCode(), error);
  }

  /**
   * A copy of the request with the context's headers instead of any it had; or the request, when
   * there is no trace or its host gets no tracing headers (a model provider's, say).
   */
  private HttpRequest withHeaders(HttpRequest request, Context context) {
    if (!context.span().context().isValid() || !tracing.propagatesTo(request.uri())) {
      return request;
    }
    HttpRequest.Builder copy = HttpRequest.newBuilder(request, (name, value) -> !tracing.isPropagationField(name));
    tracing.inject(context, copy, HttpRequest.Builder::setHeader, null);
    return copy.build();
  }

  private static <T> HttpResponse.PushPromiseHandler<T> inContext(
      HttpResponse.PushPromiseHandler<T> handler, Context context) {
    if (handler == null) {
      return null;
    }
    return (initiating, pushPromise, acceptor) -> {
      try (Scope scope = context.makeCurrent()) {
        handler.applyPushPromise(initiating, pushPromise, acceptor);
      }
    };
  }

  @Override
  public Optional<CookieHandler> cookieHandler() {
    return delegate.cookieHandler();
  }

  @Override
  public Optional<Duration> connectTimeout() {
    return delegate.connectTimeout();
  }

  @Override
  public Redirect followRedirects() {
    return delegate.followRedirects();
  }

  @Override
  public Optional<ProxySelector> proxy() {
    return delegate.proxy();
  }

  @Override
  public SSLContext sslContext() {
    return delegate.sslContext();
  }

  @Override
  public SSLParameters sslParameters() {
    return delegate.sslParameters();
  }

  @Override
  public Optional<Authenticator> authenticator() {
    return delegate.authenticator();
  }

  @Override
  public Version version() {
    return delegate.version();
  }

  @Override
  public Optional<Executor> executor() {
    return delegate.executor();
  }

  @Override
  public WebSocket.Builder newWebSocketBuilder() {
    return delegate.newWebSocketBuilder();
  }

  // Java 21 made HttpClient closeable. These override its methods there and forward them to the
  // decorated client, so closing the tracing client closes the real one; on Java 17 they are
  // plain methods that do what they can.

  /** Forwards {@code shutdown()} (Java 21+). */
  public void shutdown() {
    Lifecycle.call(delegate, Lifecycle.SHUTDOWN);
  }

  /** Forwards {@code shutdownNow()} (Java 21+). */
  public void shutdownNow() {
    Lifecycle.call(delegate, Lifecycle.SHUTDOWN_NOW);
  }

  /** Forwards {@code awaitTermination(Duration)} (Java 21+); false before Java 21. */
  public boolean awaitTermination(Duration duration) throws InterruptedException {
    Object terminated = Lifecycle.callInterruptibly(delegate, Lifecycle.AWAIT_TERMINATION, duration);
    return Boolean.TRUE.equals(terminated);
  }

  /** Forwards {@code isTerminated()} (Java 21+); false before Java 21. */
  public boolean isTerminated() {
    return Boolean.TRUE.equals(Lifecycle.call(delegate, Lifecycle.IS_TERMINATED));
  }

  /** Forwards {@code close()} (Java 21+). */
  public void close() {
    Lifecycle.call(delegate, Lifecycle.CLOSE);
  }

  @Override
  public String toString() {
    return "TracingHttpClient{" + delegate + "}";
  }

  /** The Java 21 life-cycle methods of {@link HttpClient}, looked up once; null before 21. */
  private static final class Lifecycle {
    static final Method SHUTDOWN = find("shutdown");
    static final Method SHUTDOWN_NOW = find("shutdownNow");
    static final Method AWAIT_TERMINATION = find("awaitTermination", Duration.class);
    static final Method IS_TERMINATED = find("isTerminated");
    static final Method CLOSE = find("close");

    private static Method find(String name, Class<?>... parameters) {
      try {
        return HttpClient.class.getMethod(name, parameters);
      } catch (NoSuchMethodException e) {
        return null;
      }
    }

    static Object call(HttpClient client, Method method, Object... args) {
      try {
        return callInterruptibly(client, method, args);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return null;
      }
    }

    static Object callInterruptibly(HttpClient client, Method method, Object... args)
        throws InterruptedException {
      if (method == null) {
        return null;
      }
      try {
        return method.invoke(client, args);
      } catch (IllegalAccessException e) {
        return null;
      } catch (InvocationTargetException e) {
        Throwable cause = e.getCause();
        if (cause instanceof InterruptedException) {
          throw (InterruptedException) cause;
        }
        if (cause instanceof RuntimeException) {
          throw (RuntimeException) cause;
        }
        if (cause instanceof Error) {
          throw (Error) cause;
        }
        throw new IllegalStateException(cause);
      }
    }

    private Lifecycle() {}
  }
}
