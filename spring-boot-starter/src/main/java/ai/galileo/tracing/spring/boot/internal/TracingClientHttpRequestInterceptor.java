package ai.galileo.tracing.spring.boot.internal;

import ai.galileo.tracing.Context;
import ai.galileo.tracing.core.transport.ClientSpan;
import ai.galileo.tracing.core.transport.ClientTracing;
import java.io.IOException;
import java.util.List;
import org.springframework.http.HttpRequest;
import org.springframework.http.client.ClientHttpRequestExecution;
import org.springframework.http.client.ClientHttpRequestInterceptor;
import org.springframework.http.client.ClientHttpResponse;

/**
 * Writes the current trace into each request of a {@code RestClient} or {@code RestTemplate}, reads
 * the called service's {@code X-Galileo-Span-ID} from the response, and ends the call on every path
 * (answer, failure, or a response whose status cannot be read).
 *
 * <p>Internal: not part of the public API and may change without notice.
 */
public final class TracingClientHttpRequestInterceptor implements ClientHttpRequestInterceptor {
  private final ClientTracing tracing;

  public TracingClientHttpRequestInterceptor(ClientTracing tracing) {
    this.tracing = tracing;
  }

  /** Whether the list already holds a Galileo interceptor, so a customizer run twice adds one once. */
  public static boolean present(List<ClientHttpRequestInterceptor> interceptors) {
    return interceptors.stream().anyMatch(i -> i instanceof TracingClientHttpRequestInterceptor);
  }

  @Override
  public ClientHttpResponse intercept(HttpRequest request, byte[] body, ClientHttpRequestExecution execution)
      throws IOException {
    ClientSpan call = tracing.startHttp(Context.current(), request.getMethod().name(), request.getURI());
    tracing.inject(call.context(), request.getURI(), request.getHeaders(), Headers::set, Headers::remove);
    ClientHttpResponse response;
    try {
      response = execution.execute(request, body);
    } catch (IOException | RuntimeException | Error e) {
      call.end(0, e);
      throw e;
    }
    try {
      call.extractResponse(response.getHeaders(), Headers.GETTER);
      call.end(response.getStatusCode().value(), null);
    } catch (IOException | RuntimeException e) {
      call.end(0, e);
    }
    return response;
  }

  @Override
  public String toString() {
    return "Galileo client tracing";
  }
}
