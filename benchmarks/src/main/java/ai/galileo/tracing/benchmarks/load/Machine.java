package ai.galileo.tracing.benchmarks.load;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** What the report says about the machine: its load, and what else was using the cores. */
final class Machine {
  private Machine() {}

  /** {@code /proc/loadavg}'s three averages, or "unknown" off Linux. */
  static String loadAverage() {
    try {
      String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
      return f[0] + " " + f[1] + " " + f[2];
    } catch (IOException | RuntimeException e) {
      return "unknown";
    }
  }

  /** How many cores' worth of CPU the machine used over one second ({@code /proc/stat}), or -1 off Linux. */
  static double coresBusy() {
    try {
      long[] a = cpuTimes();
      Thread.sleep(1000);
      long[] b = cpuTimes();
      double total = b[0] - a[0];
      return total <= 0 ? -1 : (1 - (b[1] - a[1]) / total) * Runtime.getRuntime().availableProcessors();
    } catch (IOException | RuntimeException e) {
      return -1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return -1;
    }
  }

  /** All the jiffies of the {@code cpu} line, and the idle and iowait ones. */
  private static long[] cpuTimes() throws IOException {
    String[] f = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
    long total = 0;
    for (int i = 1; i < f.length; i++) {
      total += Long.parseLong(f[i]);
    }
    return new long[] {total, Long.parseLong(f[4]) + Long.parseLong(f[5])};
  }

  /** The five processes using the most CPU, as {@code ps} reports them (share of a core since each started). */
  static String busiestProcesses() {
    try {
      Process p = new ProcessBuilder("ps", "-eo", "pcpu,comm", "--sort=-pcpu").redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      p.waitFor(5, TimeUnit.SECONDS);
      return String.join("; ", out.lines().skip(1).limit(5).map(String::trim).toList());
    } catch (IOException | RuntimeException e) {
      return "unknown";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "unknown";
    }
  }
}
