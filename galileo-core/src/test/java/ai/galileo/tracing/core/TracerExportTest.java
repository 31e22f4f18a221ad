package ai.galileo.tracing.core;

import static org.assertj.core.api.Assertions.assertThat;

import ai.galileo.tracing.Context;
import ai.galileo.tracing.Span;
import ai.galileo.tracing.SpanType;
import ai.galileo.tracing.core.export.DeliveryReceipt;
import ai.galileo.tracing.core.export.ExportResult;
import ai.galileo.tracing.core.export.SpanExporter;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** The tracer's side of export: flush and shutdown receipts, counters, unfinished spans. */
class TracerExportTest {

  static final class Collecting implements SpanExporter {
    final List<SpanData> received = new CopyOnWriteArrayList<>();

    @Override
    public ExportResult export(List<SpanData> batch) {
      received.addAll(batch);
      return ExportResult.sent((int) batch.stream().filter(SpanData::isFinal).count());
    }
  }

  private static GalileoTracer tracer(SpanExporter exporter, Mode mode) {
    return GalileoTracer.builder()
        .config(GalileoConfig.builder().mode(mode).build())
        .exporter(exporter)
        .shutdownHook(false)
        .build();
  }

  @Test
  void flushDeliversEverythingEndedSoFarAndSaysSo() {
    Collecting exporter = new Collecting();
    GalileoTracer tracer = tracer(exporter, Mode.BATCH);
    for (int i = 0; i < 10; i++) {
      Span trace = tracer.traceBuilder("t" + i).start();
      tracer.spanBuilder("s", SpanType.TOOL).setParent(Context.root().with(trace)).start().end();
      trace.end();
    }
    DeliveryReceipt receipt = tracer.flush(Duration.ofSeconds(5));
    assertThat(receipt.completed()).isTrue();
    assertThat(receipt.sent()).isEqualTo(20);
    assertThat(receipt.pending()).isZero();
    assertThat(tracer.exportStats().sent()).isEqualTo(20);
    assertThat(exporter.received).allMatch(SpanData::ended);
    tracer.close();
  }

  @Test
  void spansStillOpenAtShutdownAreSentAsUnfinishedNotLost() {
    Collecting exporter = new Collecting();
    GalileoTracer tracer = tracer(exporter, Mode.DISTRIBUTED);
    Span trace = tracer.traceBuilder("never concluded").setInput("question").start();
    Span span = tracer.spanBuilder("still running", SpanType.WORKFLOW)
        .setParent(Context.root().with(trace)).start();
    span.setOutput("partial");
    DeliveryReceipt receipt = tracer.shutdown(Duration.ofSeconds(5));

    assertThat(receipt.completed()).isTrue();
    List<SpanData> unfinished = exporter.received.stream()
        .filter(s -> s.state() == SpanData.State.UNFINISHED).toList();
    assertThat(unfinished).extracting(SpanData::name).containsExactlyInAnyOrder("never concluded", "still running");
    SpanData running = unfinished.stream().filter(s -> s.name().equals("still running")).findFirst().orElseThrow();
    assertThat(running.output()).isEqualTo(ai.galileo.tracing.Content.text("partial"));
    assertThat(running.durationNanos()).isGreaterThanOrEqualTo(0);

    span.end(); // after shutdown: dropped and counted, never thrown
    assertThat(tracer.exportStats().dropped()).isEqualTo(1);
  }

  @Test
  void shutdownSendsExactlyTheSpansStillOpenWhicheverThreadsStartedAndEndedThem() throws Exception {
    Collecting exporter = new Collecting();
    GalileoTracer tracer = tracer(exporter, Mode.BATCH);
    List<String> stillOpen = new CopyOnWriteArrayList<>();
    List<Span> toEndElsewhere = new CopyOnWriteArrayList<>();
    List<Thread> threads = new java.util.ArrayList<>();
    for (int t = 0; t < 8; t++) {
      int thread = t;
      threads.add(new Thread(() -> {
        for (int i = 0; i < 200; i++) {
          String name = "t" + thread + "-" + i;
          Span span = tracer.traceBuilder(name).start();
          switch (i % 3) {
            case 0 -> span.end();
            case 1 -> toEndElsewhere.add(span);
            default -> stillOpen.add(name);
          }
        }
      }));
    }
    threads.forEach(Thread::start);
    for (Thread thread : threads) {
      thread.join();
    }
    toEndElsewhere.forEach(Span::end); // on a thread other than the one that started them
    tracer.shutdown(Duration.ofSeconds(5));

    assertThat(exporter.received.stream().filter(s -> s.state() == SpanData.State.UNFINISHED)
        .map(SpanData::name).toList()).containsExactlyInAnyOrderElementsOf(stillOpen);
    assertThat(exporter.received.stream().filter(SpanData::ended).count()).isEqualTo(8L * (67 + 67));
  }

  @Test
  void closingTwiceIsHarmless() {
    GalileoTracer tracer = tracer(new Collecting(), Mode.BATCH);
    tracer.close();
    tracer.close();
    assertThat(tracer.shutdown(Duration.ofMillis(100)).completed()).isTrue();
  }

  @Test
  void loggingDisabledStartsNoExportWorker() {
    long before = exportThreads();
    GalileoTracer tracer = GalileoTracer.builder()
        .config(GalileoConfig.builder().loggingDisabled(true).build())
        .shutdownHook(false)
        .build();
    tracer.traceBuilder("t").start().end();
    assertThat(exportThreads()).isLessThanOrEqualTo(before);
    assertThat(tracer.flush(Duration.ofSeconds(1)).sent()).isZero();
    tracer.close();
  }

  private static long exportThreads() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.getName().equals("galileo-export") && t.isAlive()).count();
  }
}
