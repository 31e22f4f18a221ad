package ai.galileo.tracing;

import java.util.Map;

/**
 * Starts traces and spans. Get the installed one from {@link Galileo#tracer()}.
 *
 * <pre>{@code
 * Tracer tracer = Galileo.tracer();
 * try (Span trace = tracer.traceBuilder("answer").setInput(question).start();
 *      Scope scope = trace.makeCurrent()) {
 *   Map<String, String> headers = tracer.tracingHeaders(); // pass these to the next service
 *   ...
 *   trace.setOutput(answer);
 * }
 * }</pre>
 *
 * @since 0.1.0
 */
public interface Tracer {

  /** A builder for a new trace: the root that spans nest under. */
  SpanBuilder traceBuilder(String name);

  /** A builder for a span under the current span (or an explicit parent). */
  SpanBuilder spanBuilder(String name, SpanType type);

  /** The propagator this tracer is configured with, for transports and hand-written clients. */
  Propagator propagator();

  /**
   * The headers that carry the current context to another service, as the configured propagator
   * writes them. Empty when no span is current.
   */
  default Map<String, String> tracingHeaders() {
    return propagator().injectHeaders(Context.current());
  }

  /**
   * The context carried by the given headers, as received from another service, on top of the
   * current context; the current context itself when the headers carry no valid parent.
   */
  default Context extractHeaders(Map<String, String> headers) {
    return propagator().extractHeaders(Context.current(), headers);
  }
}
