package ai.galileo.tracing.benchmarks.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class ThreadCpuTest {

  @Test
  void namesEachSdksThreadsByWhatTheyDo() {
    assertThat(ThreadCpu.kind("C2 CompilerThre")).isEqualTo("compiler");
    assertThat(ThreadCpu.kind("G1 Young RemSet")).isEqualTo("gc");
    assertThat(ThreadCpu.kind("GC Thread#0")).isEqualTo("gc");
    assertThat(ThreadCpu.kind("galileo-export")).isEqualTo("worker");
    assertThat(ThreadCpu.kind("galileo-export-")).isEqualTo("sender"); // Linux cuts names at 15 characters
    assertThat(ThreadCpu.kind("galileo-write-d")).isEqualTo("sender");
    assertThat(ThreadCpu.kind("galileo-otlp-se")).isEqualTo("sender");
    assertThat(ThreadCpu.kind("BatchSpanProce")).isEqualTo("worker");
    assertThat(ThreadCpu.kind("okhttp-dispatch")).isEqualTo("sender");
    assertThat(ThreadCpu.kind("main")).isEqualTo("app");
    assertThat(ThreadCpu.kind("Keep-Alive-Time")).isEqualTo("http-client");
    assertThat(ThreadCpu.kind("Signal Dispatch")).isEqualTo("other Signal Dispatch");
  }

  @Test
  void offTheAppThreadSumsEveryOtherKind() {
    assertThat(ThreadCpu.offApp("app 0.64, worker 0.25, sender 0.16, other VM Periodic Tas 0.03"))
        .isCloseTo(0.44, org.assertj.core.data.Offset.offset(1e-9));
    assertThat(ThreadCpu.offApp("app 0.80")).isZero();
  }

  @Test
  void countsABusyThreadUnderItsKindEvenAfterItEnded() throws Exception {
    assumeTrue(Files.isDirectory(Path.of("/proc/self/task")), "needs Linux's /proc");
    ThreadCpu before = ThreadCpu.now();
    AtomicBoolean stop = new AtomicBoolean();
    Thread busy = new Thread(() -> {
      long x = 0;
      while (!stop.get()) {
        x += System.nanoTime() & 1;
      }
      if (x == 42) {
        System.out.print("");
      }
    }, "galileo-export-send-1");
    busy.start();
    ThreadCpu seen = ThreadCpu.now();
    // Spin until the kernel has counted a few ticks for it: no time is asserted, only what it is filed under.
    while (!seen.since(before).contains("sender")) {
      Thread.sleep(20);
      seen = ThreadCpu.now();
    }
    stop.set(true);
    busy.join();

    String split = ThreadCpu.now().withEnded(seen).since(before);

    assertThat(split).contains("sender ");
  }
}
