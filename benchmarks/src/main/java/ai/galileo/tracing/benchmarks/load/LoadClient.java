package ai.galileo.tracing.benchmarks.load;

import java.lang.management.ManagementFactory;
import java.util.concurrent.locks.LockSupport;

/**
 * One subject's run, in a JVM of its own so that its process CPU is that SDK's alone: makes
 * {@code rate} spans a second for {@code seconds} seconds on one application thread, drains, and
 * prints one {@code RESULT {json}} line for {@link LoadRunner}.
 *
 * <pre>LoadClient galileo|otel OTLP_URL_OR_NONE RATE SECONDS DRAIN_SECONDS [WARMUP_SECONDS [RESET_URL]]</pre>
 *
 * Ours takes its exporter and mode from the environment the runner sets; OpenTelemetry's exports to
 * the URL given, or nowhere when it is {@code none}. With a warm-up, the same rate runs first for
 * {@code WARMUP_SECONDS}, the SDK delivers what it queued, the receiver's count is reset ({@code
 * POST RESET_URL}, unless it is {@code none}), and only then does the measured run start: its CPU,
 * delivered and dropped are the measured run's alone, and the CPU with the warm-up is reported beside.
 */
public final class LoadClient {
  private LoadClient() {}

  public static void main(String[] args) throws Exception {
    String sdk = args[0];
    String otlpUrl = args[1];
    int rate = Integer.parseInt(args[2]);
    int seconds = Integer.parseInt(args[3]);
    int drainSeconds = Integer.parseInt(args[4]);
    int warmupSeconds = args.length > 5 ? Integer.parseInt(args[5]) : 0;
    String resetUrl = args.length > 6 && !args[6].equals("none") ? args[6] : null;

    Subject subject = sdk.equals("otel") ? new OtelSubject(otlpUrl.equals("none") ? null : otlpUrl)
        : new GalileoSubject();
    EndTimes ends = new EndTimes();
    com.sun.management.OperatingSystemMXBean os =
        (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

    // The first reading of per-thread CPU generates classes (its lambdas, string concatenation);
    // taken here, before the warm-up, they are not compiled inside the measured window (JFR showed
    // C2 compiling the JDK's class-writing code there, in every SDK's rows alike).
    ThreadCpu first = ThreadCpu.now();
    ThreadCpu.now().withEnded(first).since(first);
    long cpuWarmup0 = os.getProcessCpuTime();
    long warmupSpans = 0;
    Subject.Delivery warm = new Subject.Delivery(0, 0, 0, 0, "no warm-up");
    if (warmupSeconds > 0) {
      warmupSpans = pace(subject, new EndTimes(), rate, warmupSeconds) * SpanShape.SPANS_PER_TRACE;
      warm = subject.settle(drainSeconds);
      if (resetUrl != null) {
        resetReceiver(resetUrl);
      }
    }
    ThreadCpu threads0 = ThreadCpu.now();
    long cpu0 = os.getProcessCpuTime();
    long wall0 = System.nanoTime();
    long traces = pace(subject, ends, rate, seconds);
    long wallGenerated = System.nanoTime() - wall0;
    long heapAfterGc = heapAfterGc();
    ThreadCpu threadsBeforeDrain = ThreadCpu.now();
    long drain0 = System.nanoTime();
    Subject.Delivery d = subject.drain(drainSeconds);
    long drainNanos = System.nanoTime() - drain0;
    long cpuEnd = os.getProcessCpuTime();
    String threadCpu = ThreadCpu.now().withEnded(threadsBeforeDrain).since(threads0);
    long cpu = cpuEnd - cpu0;

    long generated = traces * SpanShape.SPANS_PER_TRACE;
    long delivered = d.delivered() - warm.delivered();
    long failed = d.failed() - warm.failed();
    long dropped = d.dropped() >= 0 ? d.dropped() - Math.max(0, warm.dropped())
        : Math.max(0, generated - delivered - failed);
    // Written by hand: OpenTelemetry's child has only its SDK, HdrHistogram and these classes on its class path.
    StringBuilder out = new StringBuilder("{");
    field(out, "sdk", sdk);
    field(out, "generated", generated);
    field(out, "generateSeconds", wallGenerated / 1e9);
    field(out, "delivered", delivered);
    field(out, "dropped", dropped);
    field(out, "failed", failed);
    field(out, "pending", d.pending());
    field(out, "source", d.source());
    field(out, "cpuSeconds", cpu / 1e9);
    field(out, "threadCpu", threadCpu);
    field(out, "warmupSeconds", warmupSeconds);
    field(out, "warmupSpans", warmupSpans);
    field(out, "warmupDelivered", warm.delivered());
    field(out, "warmupPending", warm.pending());
    field(out, "cpuWithWarmupSeconds", (cpuEnd - cpuWarmup0) / 1e9);
    field(out, "deliveredWithWarmup", d.delivered());
    field(out, "drainSeconds", drainNanos / 1e9);
    field(out, "heapAfterGcMiB", heapAfterGc / (1024.0 * 1024.0));
    field(out, "endP50Micros", ends.percentileMicros(50));
    field(out, "endP99Micros", ends.percentileMicros(99));
    field(out, "endMaxMicros", ends.maxMicros());
    field(out, "ends", ends.count());
    if (sdk.equals("otel")) {
      field(out, "otelSdk", OtelSubject.sdkVersion());
      field(out, "otelIncubator", OtelSubject.incubatorLoaded() ? "present" : "absent");
    }
    out.setCharAt(out.length() - 1, '}');
    System.out.println("RESULT " + out);
    System.out.flush();
    System.exit(0); // an exporter's non-daemon threads must not keep the child alive
  }

  private static void field(StringBuilder out, String name, Object value) {
    out.append('"').append(name).append("\":");
    if (value instanceof String text) {
      out.append('"').append(text.replace("\\", "\\\\").replace("\"", "\\\"")).append('"');
    } else {
      out.append(value);
    }
    out.append(',');
  }

  /**
   * One trace every {@code SPANS_PER_TRACE / rate} seconds, each on its own schedule from the start,
   * so a late trace is made at once rather than pushing every later one back.
   */
  static long pace(Subject subject, EndTimes ends, int rate, int seconds) {
    long period = Math.max(1, SpanShape.SPANS_PER_TRACE * 1_000_000_000L / rate);
    long traces = (long) seconds * rate / SpanShape.SPANS_PER_TRACE;
    long start = System.nanoTime();
    for (long i = 0; i < traces; i++) {
      long due = start + i * period;
      long wait;
      while ((wait = due - System.nanoTime()) > 0) {
        LockSupport.parkNanos(wait);
      }
      subject.trace(ends);
    }
    return traces;
  }

  /** Zeroes the sink's counts, so that what it received during the warm-up is not counted. */
  private static void resetReceiver(String url) throws java.io.IOException {
    java.net.HttpURLConnection c = (java.net.HttpURLConnection) java.net.URI.create(url).toURL().openConnection();
    c.setRequestMethod("POST");
    c.setConnectTimeout(5000);
    c.setReadTimeout(30000);
    int status = c.getResponseCode();
    c.getInputStream().readAllBytes();
    c.disconnect();
    if (status != 200) {
      throw new IllegalStateException("the receiver's count was not reset: " + status);
    }
  }

  /** The heap in use after a full collection, as the backlog at the end of the load leaves it. */
  static long heapAfterGc() {
    System.gc();
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }
}
