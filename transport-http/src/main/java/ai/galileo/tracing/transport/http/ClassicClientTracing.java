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
  /** Attribute of the {@code HttpClientContext}: the call of one exchange. */
  static final String CALL_ATTRIBUTE = "ai.galileo.tracing.client-call";

  private ClassicClientTracing() {}

  /** The call of the exchange with this id; the id guards a reused HttpContext. */
  private record Call(String exchangeId, ClientSpan call) {}

  static HttpClientBuilder install(HttpClientBuilder builder, ClientTracing tracing) {
    // First: one call around the whole exchange, its redirects and retries included. Even without
    // a client span, the call holds its trace's completion until it returns.
    builder.addExecInterceptorFirst(HttpClient5Tracing.NAME + "-span", new CallExec(tracing));
    // Last (just before the transport): runs again for every redirect and retry.
    return builder.addExecInterceptorLast(HttpClient5Tracing.NAME, new PropagationExec(tracing));
  }

  /** Starts the call (and its client span, current while the rest of the chain runs) and ends it. */
  private static final class CallExec implements ExecChainHandler {
    private final ClientTracing tracing;

    CallExec(ClientTracing tracing) {
      this.tracing = tracing;
    }

    @Override
    public ClassicHttpResponse execute(ClassicHttpRequest request, ExecChain.Scope scope,
        ExecChain chain) throws IOException, HttpException {
      ClientSpan call = tracing.startHttp(Context.current(), request.getMethod(),
          Requests.uri(request, scope.route));
      try (Scope current = call.context().makeCurrent()) {
        if (call.readsResponse()) { // else the attribute's map, made for it alone, is ~180 B a call
          scope.clientContext.setAttribute(CALL_ATTRIBUTE, new Call(scope.exchangeId, call));
        }
        ClassicHttpResponse response = chain.proceed(request, scope);
        call.end(response.getCode(), null);
        return response;
      } catch (IOException | HttpException | RuntimeException | Error e) {
        call.end(0, e);
        throw e;
      }
    }
  }

  /**
   * Writes the current trace's headers into the request about to be sent, and reads the span id
   * the answering server reports, for each attempt: a redirect's server and a retried one's made
   * spans in the trace too.
   */
  private static final class PropagationExec implements ExecChainHandler {
    private final ClientTracing tracing;

    PropagationExec(ClientTracing tracing) {
      this.tracing = tracing;
    }

    @Override
    public ClassicHttpResponse execute(ClassicHttpRequest request, ExecChain.Scope scope,
        ExecChain chain) throws IOException, HttpException {
      if (tracing.propagationHosts().propagatesTo(Requests.host(request, scope.route))) {
        tracing.inject(Context.current(), request, Headers.SETTER, Headers::removeAll);
      }
      ClassicHttpResponse response = chain.proceed(request, scope);
      Object attribute = scope.clientContext.getAttribute(CALL_ATTRIBUTE);
      if (attribute instanceof Call c && c.exchangeId().equals(scope.exchangeId)) {
        c.call().extractResponse(response, Headers.GETTER);
      }
      return response;
    }
  }
}
