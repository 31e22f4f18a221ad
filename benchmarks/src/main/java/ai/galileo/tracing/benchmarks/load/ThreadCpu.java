package ai.galileo.tracing.benchmarks.load;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The CPU each of this process's threads has used, from Linux's {@code /proc/self/task}, grouped by
 * what the thread does (the JIT's compilers, the GC, the application's thread, the exporter's
 * threads): so a run's process CPU can be split without a profiler, and the JIT's and the GC's
 * shares, which exporting causes but no method profile shows, are seen. Counts in the kernel's
 * clock ticks (10 ms). Empty where there is no {@code /proc}.
 */
final class ThreadCpu {
  private static final Path TASKS = Path.of("/proc/self/task");
  /** The kernel's USER_HZ: clock ticks per second, 100 on every Linux this runs on. */
  private static final double TICKS_PER_SECOND = 100.0;

  private final Map<String, Long> ticksByThread;

  private ThreadCpu(Map<String, Long> ticksByThread) {
    this.ticksByThread = ticksByThread;
  }

  /** Every live thread's CPU so far, keyed by thread id and name. */
  static ThreadCpu now() {
    Map<String, Long> ticks = new HashMap<>();
    if (!Files.isDirectory(TASKS)) {
      return new ThreadCpu(ticks);
    }
    try (Stream<Path> tasks = Files.list(TASKS)) {
      tasks.forEach(t -> {
        try {
          String stat = Files.readString(t.resolve("stat"));
          // pid (comm) state ...: the name may hold spaces and parentheses, so cut at the last ')'
          int open = stat.indexOf('(');
          int close = stat.lastIndexOf(')');
          String name = stat.substring(open + 1, close);
          String[] f = stat.substring(close + 2).split(" ");
          // after the name: state is field 0, utime field 11, stime field 12
          ticks.put(t.getFileName() + " " + name, Long.parseLong(f[11]) + Long.parseLong(f[12]));
        } catch (IOException | RuntimeException gone) {
          // the thread ended meanwhile
        }
      });
    } catch (IOException e) {
      // no split then
    }
    return new ThreadCpu(ticks);
  }

  /**
   * This snapshot with the threads of {@code earlier} that have ended since, at their last count:
   * an SDK's drain at shutdown ends its threads before the run's end is read.
   */
  ThreadCpu withEnded(ThreadCpu earlier) {
    Map<String, Long> all = new HashMap<>(earlier.ticksByThread);
    all.putAll(ticksByThread);
    return new ThreadCpu(all);
  }

  /**
   * Seconds of CPU per kind of thread since {@code before}, busiest first, as text such as
   * {@code "app 0.61, compiler 0.20, gc 0.07"}. A thread that ended in between counts only as far as
   * a snapshot saw it (see {@link #withEnded}).
   */
  String since(ThreadCpu before) {
    Map<String, Long> byKind = new TreeMap<>();
    for (Map.Entry<String, Long> e : ticksByThread.entrySet()) {
      long used = e.getValue() - before.ticksByThread.getOrDefault(e.getKey(), 0L);
      if (used > 0) {
        byKind.merge(kind(e.getKey().substring(e.getKey().indexOf(' ') + 1)), used, Long::sum);
      }
    }
    StringBuilder out = new StringBuilder();
    byKind.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed()).forEach(e -> {
      if (out.length() > 0) {
        out.append(", ");
      }
      out.append(e.getKey()).append(' ').append(String.format(java.util.Locale.ROOT, "%.2f", e.getValue() / TICKS_PER_SECOND));
    });
    return out.toString();
  }

  /**
   * The seconds of every kind but the application thread's in a {@link #since} text: the CPU an SDK
   * spends off the thread that makes the spans, which the runner compares apart from the process
   * CPU because the app thread's own count varies by about 0.1 s between runs of the same code.
   */
  static double offApp(String since) {
    double sum = 0;
    for (String part : since.split(", ")) {
      int space = part.lastIndexOf(' ');
      if (space > 0 && !part.substring(0, space).equals("app")) {
        sum += Double.parseDouble(part.substring(space + 1));
      }
    }
    return sum;
  }

  /** What a thread does, from its name (Linux keeps the first 15 characters). */
  static String kind(String name) {
    if (name.startsWith("C1 Compiler") || name.startsWith("C2 Compiler")) {
      return "compiler";
    }
    if (name.startsWith("GC ") || name.startsWith("G1 ")) {
      return "gc";
    }
    if (name.equals("java") || name.equals("main")) {
      return "app";
    }
    if (name.startsWith("galileo-otlp-")) {
      return "sender"; // the otlp exporter's galileo-otlp-send-N
    }
    if (name.startsWith("galileo-export-")) {
      return "sender"; // galileo-export-send-N
    }
    if (name.startsWith("galileo-write-")) {
      return "sender"; // galileo-write-deadline: the senders' guard against a server that stops reading
    }
    if (name.startsWith("galileo-export")) {
      return "worker";
    }
    if (name.startsWith("BatchSpanProce")) {
      return "worker";
    }
    String lower = name.toLowerCase(java.util.Locale.ROOT);
    if (lower.startsWith("okhttp") || lower.startsWith("okio")) {
      return "sender"; // OpenTelemetry's OkHttp sender: its dispatcher and its timeout watchdog
    }
    if (name.startsWith("HttpClient") || name.startsWith("Keep-Alive")) {
      return "http-client";
    }
    return "other " + name;
  }
}
