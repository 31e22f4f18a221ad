package ai.galileo.tracing.transport.http;

import ai.galileo.tracing.Context;
import ai.galileo.tracing.Scope;
import ai.galileo.tracing.core.transport.ClientSpan;
import ai.galileo.tracing.core.transport.ClientTracing;
import java.io.IOException;
import org.apache.hc.client5.http.classic.ExecChain;
import org.apache.hc.client5.http.classic.ExecChainHandler;
import org.apache.hc.client5.http.impl.classic.HttpClientBuilder;
import org.apache.hc.core5.http.ClassicHttpRequest;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.HttpException;

/**
 * The classic client's interceptors. The classic client runs its whole chain on the caller's
 * thread, so the current context is the caller's at every step.
 */
final class ClassicClientTracing {
  private ClassicClientTracing() {}

  static HttpClientBuilder install(HttpClientBuilder builder, ClientTracing tracing) {
    if (tracing.clientSpans()) {
      // First: one span around the whole call, its redirects and retries included.
      builder.addExecInterceptorFirst(HttpClient5Tracing.NAME + "-span", new SpanExec(tracing));
    }
    // Last (just before the transport): runs again for every redirect and retry.
    return builder.addExecInterceptorLast(HttpClient5Tracing.NAME, new PropagationExec(tracing));
  }

  /** Wraps the call in a client span, current while the rest of the chain runs. */
  private static final class SpanExec implements ExecChainHandler {
    private final ClientTracing tracing;

    SpanExec(ClientTracing tracing) {
      this.tracing = tracing;
    }

    @Override
    public ClassicHttpResponse execute(ClassicHttpRequest request, ExecChain.Scope scope,
        ExecChain chain) throws IOException, HttpException {
      ClientSpan call = tracing.startHttp(Context.current(), request.getMethod(),
          Requests.uri(request, scope.route));
      try (Scope current = call.context().makeCurrent()) {
        ClassicHttpResponse response = chain.proceed(request, scope);
        call.end(response.getCode(), null);
        return response;
      } catch (IOException | HttpException | RuntimeException | Error e) {
        call.end(0, e);
        throw e;
      }
    }
  }

  /** Writes the current trace's headers into the request about to be sent. */
  private static final class PropagationExec implements ExecChainHandler {
    private final ClientTracing tracing;

    PropagationExec(ClientTracing tracing) {
      this.tracing = tracing;
    }

    @Override
    public ClassicHttpResponse execute(ClassicHttpRequest request, ExecChain.Scope scope,
        ExecChain chain) throws IOException, HttpException {
      tracing.inject(Context.current(), request, Headers.SETTER, Headers::removeAll);
      return chain.proceed(request, scope);
    }
  }
}
