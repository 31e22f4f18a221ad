package ai.galileo.tracing.core;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Function;
import java.util.stream.Collectors;

/** Keeps every snapshot a tracer hands out, for assertions. */
class RecordingProcessor implements SpanProcessor {
  final ConcurrentLinkedQueue<SpanData> started = new ConcurrentLinkedQueue<>();
  final ConcurrentLinkedQueue<SpanData> ended = new ConcurrentLinkedQueue<>();

  @Override
  public void onStart(SpanData span) {
    started.add(span);
  }

  @Override
  public void onEnd(SpanData span) {
    ended.add(span);
  }

  List<SpanData> ended() {
    return new ArrayList<>(ended);
  }

  SpanData ended(String name) {
    List<SpanData> matches = ended.stream().filter(s -> name.equals(s.name())).collect(Collectors.toList());
    if (matches.size() != 1) {
      throw new AssertionError("expected one ended span named '" + name + "', found " + matches.size()
          + " among " + ended.stream().map(SpanData::name).collect(Collectors.toList()));
    }
    return matches.get(0);
  }

  Map<UUID, SpanData> endedById() {
    return ended.stream().collect(Collectors.toMap(SpanData::spanId, Function.identity()));
  }
}
