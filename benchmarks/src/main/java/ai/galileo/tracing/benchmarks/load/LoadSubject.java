package ai.galileo.tracing.benchmarks.load;

import java.util.LinkedHashMap;
import java.util.Map;

/** A row of the report: which SDK, how it is configured, and the baseline its CPU is measured against. */
enum LoadSubject {
  GALILEO("galileo", "ours, Galileo route (distributed)", "galileo", "distributed"),
  GALILEO_BATCH("galileo-batch", "ours, Galileo route (batch)", "galileo", "batch"),
  OTLP("otlp", "ours, `otlp`", "otlp", "distributed"),
  OTEL("otel", "OpenTelemetry SDK (BatchSpanProcessor + OTLP/HTTP)", null, null),
  GALILEO_NONE("galileo-none", "ours, exporting nothing (baseline)", "none", "distributed"),
  OTEL_NONE("otel-none", "OpenTelemetry SDK, no-op exporter (baseline)", null, null);

  final String id;
  final String label;
  private final String exporter;
  private final String mode;

  LoadSubject(String id, String label, String exporter, String mode) {
    this.id = id;
    this.label = label;
    this.exporter = exporter;
    this.mode = mode;
  }

  boolean isOtel() {
    return exporter == null;
  }

  boolean isBaseline() {
    return this == GALILEO_NONE || this == OTEL_NONE;
  }

  /** The run exporting nothing whose CPU is subtracted from this one's. */
  LoadSubject baseline() {
    return isOtel() ? OTEL_NONE : GALILEO_NONE;
  }

  static LoadSubject byId(String id) {
    for (LoadSubject s : values()) {
      if (s.id.equals(id)) {
        return s;
      }
    }
    throw new IllegalArgumentException("no subject " + id + " (galileo, galileo-batch, otlp, otel)");
  }

  /** The child's arguments after the class name, before rate and seconds. */
  String[] clientArgs(String receiverUrl) {
    if (!isOtel()) {
      return new String[] {"galileo", "none"};
    }
    return new String[] {"otel", this == OTEL_NONE ? "none" : receiverUrl + "/v1/traces"};
  }

  /** The environment our tracer is configured from, as an application would configure it. */
  Map<String, String> environment(String receiverUrl) {
    Map<String, String> env = new LinkedHashMap<>();
    if (isOtel()) {
      return env;
    }
    env.put("GALILEO_EXPORTER", exporter);
    env.put("GALILEO_MODE", mode);
    env.put("GALILEO_API_URL", receiverUrl);
    env.put("GALILEO_PROJECT", "load");
    env.put("GALILEO_LOG_STREAM", "load");
    env.put("GALILEO_SERVICE_NAME", "load-generator");
    env.put("GALILEO_OTLP_TARGET", "otel");
    env.put("OTEL_EXPORTER_OTLP_ENDPOINT", receiverUrl);
    env.put("OTEL_EXPORTER_OTLP_HEADERS", "project=load,logstream=load");
    return env;
  }
}
