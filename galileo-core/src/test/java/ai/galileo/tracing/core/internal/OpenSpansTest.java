package ai.galileo.tracing.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import ai.galileo.tracing.Span;
import ai.galileo.tracing.SpanType;
import ai.galileo.tracing.core.SpanData;
import ai.galileo.tracing.core.SpanProcessor;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;

class OpenSpansTest {
  private final List<SpanData> unfinished = Collections.synchronizedList(new ArrayList<>());
  private final TracerState state = new TracerState(List.of(new SpanProcessor() {
    @Override
    public void onStart(SpanData span) {}

    @Override
    public void onEnd(SpanData span) {
      if (span.state() == SpanData.State.UNFINISHED) {
        unfinished.add(span);
      }
    }
  }), "svc", true);
  private final OpenSpans registry = state.openSpansForTest();

  private Span start(String name) {
    return new RecordingSpanBuilder(state, name, SpanType.TRACE).start();
  }

  @Test
  void endedSpansAreForgottenInPassingWhileOpenOnesStay() {
    List<Span> open = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      open.add(start("open " + i));
    }
    for (int i = 0; i < 20_000; i++) {
      start("short").end();
    }
    // Without pruning all 20,005 would still be linked; pruning keeps a few hundred at most.
    assertThat(registry.linked()).isLessThan(1_000);

    state.endUnfinished();
    assertThat(unfinished).extracting(SpanData::name)
        .containsExactlyInAnyOrder("open 0", "open 1", "open 2", "open 3", "open 4");
    assertThat(registry.linked()).isZero();
  }

  @Test
  void longLivedSpansThatEndFarBehindTheFrontAreForgottenToo() {
    List<Span> longLived = new ArrayList<>();
    for (int i = 0; i < 2_000; i++) {
      longLived.add(start("long " + i));
    }
    for (int i = 0; i < 100; i++) {
      start("short").end();
    }
    longLived.forEach(Span::end); // now far behind the front that frequent prunes walk
    Span open = start("open");
    for (int i = 0; i < 20_000; i++) {
      start("short").end();
    }
    // Only the rare whole walks reach them: without those, over 2,000 would still be linked.
    assertThat(registry.linked()).isLessThan(1_000);

    state.endUnfinished();
    assertThat(unfinished).extracting(SpanData::name).containsExactly("open");
    open.end();
  }

  @Test
  void spansStartedAndEndedOnManyThreadsLeaveExactlyTheOpenOnes() throws Exception {
    int threads = 6;
    int each = 30_000;
    Set<UUID> expectedOpen = Collections.synchronizedSet(new HashSet<>());
    CountDownLatch go = new CountDownLatch(1);
    List<Thread> workers = new ArrayList<>();
    // Spans are ended on another thread than the one that started them half of the time.
    List<Span> handOff = Collections.synchronizedList(new ArrayList<>());
    for (int t = 0; t < threads; t++) {
      Thread worker = new Thread(() -> {
        try {
          go.await();
        } catch (InterruptedException e) {
          return;
        }
        ThreadLocalRandom random = ThreadLocalRandom.current();
        for (int i = 0; i < each; i++) {
          Span span = start("s");
          int fate = random.nextInt(100);
          if (fate == 0) {
            expectedOpen.add(span.context().spanId());
          } else if (fate < 50) {
            span.end();
          } else {
            handOff.add(span);
            if (handOff.size() > 64) {
              Span other;
              synchronized (handOff) {
                other = handOff.isEmpty() ? null : handOff.remove(0);
              }
              if (other != null) {
                other.end();
              }
            }
          }
        }
      });
      workers.add(worker);
      worker.start();
    }
    go.countDown();
    for (Thread worker : workers) {
      worker.join();
    }
    for (Span span : handOff) {
      expectedOpen.add(span.context().spanId());
    }

    state.endUnfinished();
    Set<UUID> reported = new HashSet<>();
    for (SpanData span : unfinished) {
      assertThat(reported.add(span.spanId())).as("reported once").isTrue();
    }
    assertThat(reported).isEqualTo(expectedOpen);
  }
}
