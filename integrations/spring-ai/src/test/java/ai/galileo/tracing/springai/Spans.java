package ai.galileo.tracing.springai;

import static org.assertj.core.api.Assertions.assertThat;

import ai.galileo.tracing.SpanType;
import ai.galileo.tracing.core.SpanData;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** Reading an exported span tree back. */
final class Spans {
  private final List<SpanData> spans;

  Spans(List<SpanData> spans) {
    this.spans = List.copyOf(spans);
  }

  List<SpanData> ofType(SpanType type) {
    return spans.stream().filter(s -> s.type() == type).sorted(
        (a, b) -> Long.compare(a.startEpochNanos(), b.startEpochNanos())).toList();
  }

  SpanData only(SpanType type) {
    List<SpanData> of = ofType(type);
    assertThat(of).as("%s spans", type).hasSize(1);
    return of.get(0);
  }

  SpanData named(String name) {
    List<SpanData> of = spans.stream().filter(s -> s.name().equals(name)).toList();
    assertThat(of).as("spans named %s", name).hasSize(1);
    return of.get(0);
  }

  SpanData byId(UUID id) {
    return spans.stream().filter(s -> s.spanId().equals(id)).findFirst().orElse(null);
  }

  SpanData parent(SpanData span) {
    return byId(span.parentId());
  }

  /** The names of the span's ancestors, nearest first, up to the trace. */
  List<String> ancestry(SpanData span) {
    List<String> names = new ArrayList<>();
    for (SpanData p = parent(span); p != null; p = parent(p)) {
      names.add(p.name());
    }
    return names;
  }
}
