package ai.galileo.tracing.core.internal.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

class SpanRingTest {

  @Test
  void keepsOrderAndRefusesPastItsCapacity() {
    SpanRing<Integer> ring = new SpanRing<>(3); // not a power of two: the bound is still 3
    assertThat(ring.offer(1)).isTrue();
    assertThat(ring.offer(2)).isTrue();
    assertThat(ring.offer(3)).isTrue();
    assertThat(ring.offer(4)).isFalse();
    assertThat(ring.size()).isEqualTo(3);
    assertThat(ring.poll()).isEqualTo(1);
    assertThat(ring.offer(5)).isTrue();
    assertThat(ring.poll()).isEqualTo(2);
    assertThat(ring.poll()).isEqualTo(3);
    assertThat(ring.poll()).isEqualTo(5);
    assertThat(ring.poll()).isNull();
    assertThat(ring.claimed()).isEqualTo(4);
    assertThat(ring.taken()).isEqualTo(4);
  }

  @Test
  void wrapsAroundManyTimes() {
    SpanRing<Integer> ring = new SpanRing<>(4);
    for (int i = 0; i < 10_000; i++) {
      assertThat(ring.offer(i)).isTrue();
      assertThat(ring.poll()).isEqualTo(i);
    }
  }

  @Test
  void rejectsACapacityItCannotHold() {
    assertThatThrownBy(() -> new SpanRing<>(0)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void manyProducersLoseNothingAndKeepEachOnesOrder() throws Exception {
    int producers = 4;
    int each = 200_000;
    SpanRing<long[]> ring = new SpanRing<>(1024);
    CountDownLatch start = new CountDownLatch(1);
    List<Thread> threads = new ArrayList<>();
    for (int p = 0; p < producers; p++) {
      int producer = p;
      Thread t = new Thread(() -> {
        try {
          start.await();
        } catch (InterruptedException e) {
          return;
        }
        for (int i = 0; i < each; i++) {
          long[] element = {producer, i};
          while (!ring.offer(element)) {
            Thread.onSpinWait();
          }
        }
      });
      t.start();
      threads.add(t);
    }
    start.countDown();
    long[] next = new long[producers];
    int received = 0;
    long deadline = System.nanoTime() + 60_000_000_000L;
    while (received < producers * each && System.nanoTime() < deadline) {
      long[] e = ring.poll();
      if (e == null) {
        Thread.onSpinWait();
        continue;
      }
      assertThat(e[1]).as("producer %d's order", e[0]).isEqualTo(next[(int) e[0]]);
      next[(int) e[0]]++;
      received++;
    }
    for (Thread t : threads) {
      t.join();
    }
    assertThat(received).isEqualTo(producers * each);
    assertThat(ring.poll()).isNull();
  }
}
