package ai.galileo.tracing.cdi;

import static org.assertj.core.api.Assertions.assertThat;

import ai.galileo.tracing.SpanType;
import ai.galileo.tracing.core.SpanData;
import ai.galileo.tracing.testing.GalileoTracingExtension;
import java.util.List;

/**
 * The spans that traced methods made. A traced method called with no span current starts a trace
 * of its own, named as the method, with the method's span under it; these leave the trace out.
 */
final class Spans {
  private Spans() {}

  /** The names of the ended spans that are not traces, in the order they ended. */
  static List<String> names(GalileoTracingExtension tracing) {
    return tracing.spans().stream()
        .filter(span -> span.type() != SpanType.TRACE)
        .map(SpanData::name)
        .toList();
  }

  /** The one ended span (not a trace) with this name. */
  static SpanData span(GalileoTracingExtension tracing, String name) {
    List<SpanData> matches = tracing.spans(name).stream()
        .filter(span -> span.type() != SpanType.TRACE)
        .toList();
    assertThat(matches).as("ended spans named %s among %s", name, names(tracing)).hasSize(1);
    return matches.get(0);
  }
}
