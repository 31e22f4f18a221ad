package ai.galileo.tracing.spring.boot.internal;

import ai.galileo.tracing.Context;
import ai.galileo.tracing.core.transport.ClientSpan;
import ai.galileo.tracing.core.transport.ClientTracing;
import org.springframework.web.reactive.function.client.ClientRequest;
import org.springframework.web.reactive.function.client.ClientResponse;
import org.springframework.web.reactive.function.client.ExchangeFilterFunction;
import org.springframework.web.reactive.function.client.ExchangeFunction;
import reactor.core.publisher.Mono;

/**
 * Writes the trace into each {@code WebClient} request: the context in the subscription's Reactor
 * context (a WebFlux request's, or one captured from the subscribing thread), else the thread's
 * current one. Reads the called service's {@code X-Galileo-Span-ID} and ends the call on every path
 * (response, error, cancellation).
 *
 * <p>Internal: not part of the public API and may change without notice.
 */
public final class TracingExchangeFilterFunction implements ExchangeFilterFunction {
  private final ClientTracing tracing;

  public TracingExchangeFilterFunction(ClientTracing tracing) {
    this.tracing = tracing;
  }

  @Override
  public Mono<ClientResponse> filter(ClientRequest request, ExchangeFunction next) {
    return Mono.deferContextual(reactorContext -> {
      Context parent = reactorContext.<Context>getOrEmpty(ReactorContext.KEY).orElseGet(Context::current);
      ClientSpan call = tracing.startHttp(parent, request.method().name(), request.url());
      ClientRequest.Builder traced = ClientRequest.from(request);
      traced.headers(headers -> tracing.inject(call.context(), request.url(), headers, Headers::set, Headers::remove));
      return next.exchange(traced.build())
          .doOnNext(response -> {
            call.extractResponse(response.headers().asHttpHeaders(), Headers.GETTER);
            call.end(response.statusCode().value(), null);
          })
          .doOnError(e -> call.end(0, e))
          .doOnCancel(() -> call.end(0, null))
          .doFinally(signal -> call.end(0, null)); // empty: only the first end counts
    });
  }

  @Override
  public String toString() {
    return "Galileo WebClient tracing";
  }
}
