package ai.galileo.tracing.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.galileo.tracing.SpanType;
import ai.galileo.tracing.core.GalileoConfig;
import ai.galileo.tracing.core.SpanData;
import ai.galileo.tracing.core.export.ExportResult;
import ai.galileo.tracing.core.export.ExporterProvider;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class InMemorySpanExporterTest {
  private static final UUID TRACE_A = UUID.randomUUID();
  private static final UUID TRACE_B = UUID.randomUUID();

  @Test
  void keepsFinalSnapshotsAndCountsThemAsSent() {
    InMemorySpanExporter exporter = InMemorySpanExporter.create();

    ExportResult result = exporter.export(List.of(
        snapshot("a", TRACE_A, SpanData.State.STARTED),
        snapshot("a", TRACE_A, SpanData.State.ENDED),
        snapshot("b", TRACE_A, SpanData.State.UNFINISHED)));

    assertEquals(ExportResult.sent(2), result);
    assertEquals(List.of("a", "b"), names(exporter.finishedSpans()));
    assertTrue(exporter.startedSpans().isEmpty());
  }

  @Test
  void keepsStartSnapshotsWhenAsked() {
    InMemorySpanExporter exporter = InMemorySpanExporter.keepingStartedSpans();

    exporter.export(List.of(snapshot("a", TRACE_A, SpanData.State.STARTED)));

    assertEquals(List.of("a"), names(exporter.startedSpans()));
    assertTrue(exporter.finishedSpans().isEmpty());
  }

  @Test
  void groupsByTraceInTheOrderTracesWereFirstSeen() {
    InMemorySpanExporter exporter = InMemorySpanExporter.create();
    exporter.export(List.of(
        snapshot("b1", TRACE_B, SpanData.State.ENDED),
        snapshot("a1", TRACE_A, SpanData.State.ENDED),
        snapshot("b2", TRACE_B, SpanData.State.ENDED)));

    Map<UUID, List<SpanData>> traces = exporter.traces();

    assertEquals(List.of(TRACE_B, TRACE_A), new ArrayList<>(traces.keySet()));
    assertEquals(List.of("b1", "b2"), names(exporter.trace(TRACE_B)));
    assertEquals(List.of("a1"), names(exporter.trace(TRACE_A)));
    assertEquals(List.of(), exporter.trace(UUID.randomUUID()));
    assertEquals(List.of("b2"), names(exporter.spans("b2")));
    assertThrows(UnsupportedOperationException.class, () -> traces.put(TRACE_A, List.of()));
  }

  @Test
  void resetForgetsEverythingAndShutdownKeepsWhatItHolds() {
    InMemorySpanExporter exporter = InMemorySpanExporter.keepingStartedSpans();
    exporter.export(List.of(
        snapshot("a", TRACE_A, SpanData.State.STARTED), snapshot("a", TRACE_A, SpanData.State.ENDED)));

    exporter.shutdown();
    assertTrue(exporter.isShutdown());
    assertEquals(1, exporter.finishedSpans().size());

    exporter.reset();
    assertTrue(exporter.finishedSpans().isEmpty());
    assertTrue(exporter.startedSpans().isEmpty());
  }

  @Test
  void keepsEverySnapshotExportedFromManyThreadsAtOnce() throws Exception {
    InMemorySpanExporter exporter = InMemorySpanExporter.create();
    int threads = 4;
    int perThread = 2_000;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    CountDownLatch go = new CountDownLatch(1);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        done.add(pool.submit(() -> {
          go.await();
          for (int i = 0; i < perThread; i++) {
            exporter.export(List.of(snapshot("s", UUID.randomUUID(), SpanData.State.ENDED)));
            if (i % 100 == 0) {
              exporter.traces(); // reads while others write must not fail
            }
          }
          return null;
        }));
      }
      go.countDown();
      for (Future<?> f : done) {
        f.get();
      }
    } finally {
      pool.shutdown();
    }
    assertEquals(threads * perThread, exporter.finishedSpans().size());
  }

  @Test
  void theMemoryProviderIsFoundByNameAndItsLastExporterCanBeReached() {
    ExporterProvider memory = null;
    for (ExporterProvider p : ServiceLoader.load(ExporterProvider.class)) {
      if (p.name().equals("memory")) {
        memory = p;
      }
    }
    assertTrue(memory instanceof InMemoryExporterProvider, "memory is registered");

    GalileoConfig config = GalileoConfig.builder().set("GALILEO_EXPORTER", "memory").build();
    InMemorySpanExporter first = (InMemorySpanExporter) memory.create(config);
    InMemorySpanExporter second = (InMemorySpanExporter) memory.create(config);

    assertSame(second, InMemoryExporterProvider.lastCreated());
    assertTrue(first != second, "one exporter per tracer");
    second.export(List.of(snapshot("a", TRACE_A, SpanData.State.STARTED)));
    assertEquals(1, second.startedSpans().size(), "keeps start snapshots for distributed mode");
  }

  private static SpanData snapshot(String name, UUID traceId, SpanData.State state) {
    boolean start = state == SpanData.State.STARTED;
    return new SpanData(SpanType.TOOL, name, traceId, UUID.randomUUID(), traceId, false, null, null,
        null, Map.of(), List.of(), null, 0L, start ? -1 : 1_000L, state, null);
  }

  private static List<String> names(List<SpanData> spans) {
    return spans.stream().map(SpanData::name).toList();
  }
}
