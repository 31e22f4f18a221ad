package ai.galileo.tracing.core.transport;

import ai.galileo.tracing.core.GalileoConfig;
import ai.galileo.tracing.core.GalileoTracer;
import ai.galileo.tracing.core.SpanData;
import ai.galileo.tracing.core.SpanProcessor;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.stream.Collectors;

/** Keeps the final snapshot of every span, and builds tracers that send nowhere. */
final class SpanCollector implements SpanProcessor {
  private final ConcurrentLinkedQueue<SpanData> ended = new ConcurrentLinkedQueue<>();

  static GalileoTracer tracer(SpanCollector collector, String... settings) {
    GalileoConfig.Builder config = GalileoConfig.builder().set("GALILEO_EXPORTER", "none");
    for (int i = 0; i + 1 < settings.length; i += 2) {
      config.set(settings[i], settings[i + 1]);
    }
    return GalileoTracer.builder().config(config.build()).addSpanProcessor(collector)
        .shutdownHook(false).build();
  }

  @Override
  public void onStart(SpanData span) {}

  @Override
  public void onEnd(SpanData span) {
    ended.add(span);
  }

  List<SpanData> ended() {
    return new ArrayList<>(ended);
  }

  SpanData one(String name) {
    List<SpanData> matches = ended.stream().filter(s -> s.name().equals(name)).collect(Collectors.toList());
    if (matches.size() != 1) {
      throw new AssertionError("expected one span named '" + name + "', found " + matches.size()
          + " among " + ended.stream().map(SpanData::name).collect(Collectors.toList()));
    }
    return matches.get(0);
  }

  SpanData oneOfType(String name, ai.galileo.tracing.SpanType type) {
    List<SpanData> matches = ended.stream()
        .filter(s -> s.name().equals(name) && s.type() == type).collect(Collectors.toList());
    if (matches.size() != 1) {
      throw new AssertionError("expected one " + type + " named '" + name + "', found " + matches.size());
    }
    return matches.get(0);
  }
}
