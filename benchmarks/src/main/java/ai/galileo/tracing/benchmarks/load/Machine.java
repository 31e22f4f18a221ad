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
