package ai.galileo.tracing.transport.http;

import ai.galileo.tracing.Scope;
import ai.galileo.tracing.core.transport.ServerSpan;
import ai.galileo.tracing.core.transport.ServerTracing;
import java.io.IOException;
import org.apache.hc.core5.http.ClassicHttpRequest;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.HttpException;
import org.apache.hc.core5.http.io.HttpFilterChain;
import org.apache.hc.core5.http.io.HttpFilterHandler;
import org.apache.hc.core5.http.protocol.HttpContext;

/**
 * Runs the rest of an HttpCore 5 classic server's chain under a server span, and names that span
 * to the caller in the {@code X-Galileo-Span-ID} header of the response the chain submits.
 */
final class TracingServerFilter implements HttpFilterHandler {
  private final ServerTracing tracing;

  TracingServerFilter(ServerTracing tracing) {
    this.tracing = tracing;
  }

  @Override
  public void handle(ClassicHttpRequest request, HttpFilterChain.ResponseTrigger trigger,
      HttpContext context, HttpFilterChain chain) throws HttpException, IOException {
    ServerSpan call = tracing.startHttp(request, Headers.GETTER, request.getMethod(), request.getPath());
    StatusRecorder recorder = new StatusRecorder(trigger, call);
    Throwable failure = null;
    try (Scope scope = call.makeCurrent()) {
      chain.proceed(request, recorder, context);
    } catch (HttpException | IOException | RuntimeException | Error e) {
      failure = e;
      throw e;
    } finally {
      call.end(recorder.status, failure);
    }
  }

  @Override
  public String toString() {
    return "TracingServerFilter{" + tracing.trustPolicy().configValue() + "}";
  }

  /**
   * Remembers the status of the final response the handler sends, and adds the span id to it
   * before it goes out.
   */
  private static final class StatusRecorder implements HttpFilterChain.ResponseTrigger {
    private final HttpFilterChain.ResponseTrigger delegate;
    private final ServerSpan call;
    int status;

    StatusRecorder(HttpFilterChain.ResponseTrigger delegate, ServerSpan call) {
      this.delegate = delegate;
      this.call = call;
    }

    @Override
    public void sendInformation(ClassicHttpResponse response) throws HttpException, IOException {
      delegate.sendInformation(response);
    }

    @Override
    public void submitResponse(ClassicHttpResponse response) throws HttpException, IOException {
      status = response.getCode();
      call.injectResponse(response, Headers.SETTER);
      delegate.submitResponse(response);
    }
  }
}
