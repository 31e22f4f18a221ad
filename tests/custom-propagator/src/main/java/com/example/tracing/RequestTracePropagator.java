package com.example.tracing;

import ai.galileo.tracing.Context;
import ai.galileo.tracing.Propagator;
import ai.galileo.tracing.Span;
import ai.galileo.tracing.SpanContext;
import java.util.Collection;
import java.util.List;

/**
 * A company's own header, {@code X-Request-Trace: <trace uuid>;<parent uuid>}, carrying the same
 * identity as Galileo's two headers in one.
 */
public final class RequestTracePropagator implements Propagator {
  static final String HEADER = "X-Request-Trace";

  @Override
  public Collection<String> fields() {
    return List.of("x-request-trace");
  }

  @Override
  public <C> void inject(Context context, C carrier, Setter<C> setter) {
    SpanContext span = context.span().context();
    if (span.isValid()) {
      setter.set(carrier, HEADER, span.traceIdString() + ";" + span.spanIdString());
    }
  }

  @Override
  public <C> Context extract(Context context, C carrier, Getter<C> getter) {
    String value = getter.get(carrier, HEADER);
    if (value == null || value.length() != 73 || value.charAt(36) != ';') {
      return context;
    }
    SpanContext remote = SpanContext.parseRemote(value.substring(0, 36), value.substring(37));
    return remote.isValid() ? context.with(Span.wrap(remote)) : context;
  }
}
