package ai.galileo.tracing.benchmarks.load;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The runner's settings, from its command line (see {@link #USAGE}).
 *
 * @param out where load.md, load.json and the children's logs go
 * @param java the {@code java} launcher for the children
 * @param classPath the class path of our subjects and the sink (the benchmarks jar)
 * @param otelClassPath OpenTelemetry 1.68's jars, HdrHistogram and this module's classes
 * @param consoleJar the console's runnable jar
 * @param drainSeconds how long a child waits at the end for what is queued
 * @param scenarios what runs, in order
 * @param smoke a quick run that proves the runner works; its figures mean nothing
 * @param jfr where each child writes a flight recording ({@code SCENARIO-SUBJECT.jfr}); null for none
 * @param childJvmArgs more options for every SDK child's JVM, such as JIT diagnostics; empty for none
 */
record LoadOptions(Path out, String java, String classPath, String otelClassPath, Path consoleJar, int drainSeconds,
    List<Scenario> scenarios, boolean smoke, Path jfr, List<String> childJvmArgs) {

  static final String USAGE = """
      LoadRunner [--out DIR] [--otel-jars DIR] [--classes DIR] [--console-jar JAR] [--classpath CP] [--java PATH]
                 [--scenarios cpu,backend,console] [--subjects galileo,galileo-batch,otlp,otel]
                 [--rate N] [--seconds N]                       the CPU scenario (3000, 30), sink answering at once
                 [--warmup-seconds N]                           before it, the same rate, not measured (30; smoke 1)
                 [--backend-rate N] [--backend-seconds N] [--latency-ms N]   (10000, 60, 100)
                 [--console-rate N] [--console-seconds N]       (10000, 30), into the real console
                 [--drain-seconds N] [--smoke]                  (30); --smoke: 200 spans/s for 3 s, cpu only
                 [--jfr DIR]                                    a flight recording of each child (CPU samples every
                                                                10 ms, allocation, compilation, GC), for profiling
                 [--child-jvm-args "ARGS"]                      more JVM options for every SDK child, space-separated""";

  static LoadOptions parse(String... args) throws IOException {
    Map<String, String> a = new HashMap<>();
    boolean smoke = false;
    for (int i = 0; i < args.length; i++) {
      if (args[i].equals("--smoke")) {
        smoke = true;
      } else if (args[i].startsWith("--") && i + 1 < args.length) {
        a.put(args[i].substring(2), args[++i]);
      } else {
        throw new IllegalArgumentException("unknown argument " + args[i] + "\n" + USAGE);
      }
    }
    String classPath = a.getOrDefault("classpath", System.getProperty("java.class.path"));
    Path otelJars = Path.of(a.getOrDefault("otel-jars", "benchmarks/target/load-otel"));
    Path classes = Path.of(a.getOrDefault("classes", "benchmarks/target/classes"));
    List<String> subjectIds = List.of(a.getOrDefault("subjects",
        smoke ? "galileo,otlp,otel" : "galileo,galileo-batch,otlp,otel").split(","));
    List<LoadSubject> subjects = subjectIds.stream().map(String::trim).map(LoadSubject::byId).toList();
    List<String> names = List.of(a.getOrDefault("scenarios", smoke ? "cpu" : "cpu,backend,console").split(","));
    int rate = Integer.parseInt(a.getOrDefault("rate", smoke ? "200" : "3000"));
    int seconds = Integer.parseInt(a.getOrDefault("seconds", smoke ? "3" : "30"));
    int warmup = Integer.parseInt(a.getOrDefault("warmup-seconds", smoke ? "1" : "30"));
    List<Scenario> scenarios = new ArrayList<>();
    for (String name : names) {
      scenarios.add(switch (name.trim()) {
        case "cpu" -> new Scenario("cpu", "Export CPU: " + rate + " spans/s for " + seconds + " s into the loopback sink"
                + (warmup > 0 ? ", after " + warmup + " s of warm-up at the same rate" : ""),
            rate, seconds, Long.parseLong(a.getOrDefault("cpu-latency-ms", smoke ? "20" : "0")), false,
            subjects, true, warmup);
        case "backend" -> {
          int r = Integer.parseInt(a.getOrDefault("backend-rate", "10000"));
          int s = Integer.parseInt(a.getOrDefault("backend-seconds", "60"));
          long latency = Long.parseLong(a.getOrDefault("latency-ms", "100"));
          yield new Scenario("backend", r + " spans/s for " + s + " s, the sink answering after " + latency + " ms",
              r, s, latency, false, without(subjects, LoadSubject.GALILEO_BATCH), false, 0);
        }
        case "console" -> {
          int r = Integer.parseInt(a.getOrDefault("console-rate", "10000"));
          int s = Integer.parseInt(a.getOrDefault("console-seconds", "30"));
          yield new Scenario("console", r + " spans/s for " + s + " s into the local console (galileo-console)",
              r, s, 0, true, without(subjects, LoadSubject.GALILEO_BATCH, LoadSubject.OTEL), false, 0);
        }
        default -> throw new IllegalArgumentException("no scenario " + name + "\n" + USAGE);
      });
    }
    String java = a.getOrDefault("java", Path.of(System.getProperty("java.home"), "bin", "java").toString());
    Path consoleJar = a.containsKey("console-jar") ? Path.of(a.get("console-jar")) : null;
    return new LoadOptions(Path.of(a.getOrDefault("out", "benchmarks/target/results")), java, classPath,
        otelClassPath(otelJars, classes), consoleJar, Integer.parseInt(a.getOrDefault("drain-seconds", "30")),
        List.copyOf(scenarios), smoke, a.containsKey("jfr") ? Path.of(a.get("jfr")).toAbsolutePath() : null,
        a.containsKey("child-jvm-args") ? List.of(a.get("child-jvm-args").trim().split("\\s+")) : List.of());
  }

  private static List<LoadSubject> without(List<LoadSubject> subjects, LoadSubject... left) {
    List<LoadSubject> out = new ArrayList<>(subjects);
    out.removeAll(Arrays.asList(left));
    return List.copyOf(out);
  }

  /**
   * OpenTelemetry 1.68's jars (and HdrHistogram) with this module's classes, and nothing else: the
   * benchmarks jar holds the release the JMH benchmarks pin, and its incubating API, which would
   * change what the SDK does.
   */
  private static String otelClassPath(Path dir, Path classes) throws IOException {
    if (!Files.isDirectory(dir)) {
      throw new IllegalArgumentException("no OpenTelemetry jars in " + dir + " (mvn -pl benchmarks -am package copies them there)");
    }
    List<String> jars;
    try (Stream<Path> files = Files.list(dir)) {
      jars = files.filter(p -> p.toString().endsWith(".jar")).map(Path::toString).sorted().toList();
    }
    if (jars.isEmpty()) {
      throw new IllegalArgumentException("no OpenTelemetry jars in " + dir);
    }
    return String.join(File.pathSeparator, jars) + File.pathSeparator + classes;
  }
}
