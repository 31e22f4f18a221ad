package ai.galileo.tracing.core;

import ai.galileo.tracing.Propagator;
import ai.galileo.tracing.core.export.ExporterProvider;
import ai.galileo.tracing.core.integration.IntegrationProvider;
import ai.galileo.tracing.core.integration.Integrations;
import ai.galileo.tracing.core.internal.SdkVersion;
import ai.galileo.tracing.core.internal.export.ApiEndpoint;
import ai.galileo.tracing.core.internal.export.ExportSettings;
import ai.galileo.tracing.core.internal.export.Exporters;
import ai.galileo.tracing.core.internal.export.TargetProbe;
import ai.galileo.tracing.core.propagation.Propagators;
import ai.galileo.tracing.core.transport.TransportProvider;
import ai.galileo.tracing.core.transport.Transports;
import ai.galileo.tracing.core.transport.TrustPolicy;
import java.io.PrintStream;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Says, in plain words, how this process will trace and why traces might not link: the mode, the
 * propagators, the installed transports and exporters, the integrations present and whether each
 * is on, where spans go and whether anything answers there, and what to check. Run it where the service runs, with the same environment:
 *
 * <pre>
 * java -cp "app.jar:libs/*" ai.galileo.tracing.core.Doctor
 * </pre>
 *
 * <p>or from code, {@code System.out.print(Doctor.report())}. The API key is never printed; the
 * report only says whether one is set. The target is asked for its health
 * ({@code GET <url>/v2/healthcheck}, 2 seconds at most) only when it is on this machine or was
 * configured explicitly with {@code GALILEO_API_URL} or {@code GALILEO_CONSOLE_URL}.
 *
 * @since 0.1.0
 */
public final class Doctor {
  static final Duration PROBE_TIMEOUT = Duration.ofSeconds(2);
  static final String NO_CLIENT_TRANSPORT = "No client transport is installed: outgoing calls"
      + " carry tracing headers only where the code adds tracer.tracingHeaders() itself.";

  private Doctor() {}

  /** Prints the report of this process's configuration; exits with 1 if it is invalid. */
  public static void main(String[] args) {
    int status = run(System.out);
    if (status != 0) {
      System.exit(status);
    }
  }

  /**
   * Prints the report of this process's configuration to the stream.
   *
   * @return 0, or 1 if the configuration is invalid
   */
  public static int run(PrintStream out) {
    GalileoConfig config;
    try {
      config = GalileoConfig.fromEnvironment();
    } catch (IllegalArgumentException e) {
      out.print(invalidConfigReport(e.getMessage()));
      out.flush();
      return 1;
    }
    out.print(report(config, classLoader(), true));
    out.flush();
    return 0;
  }

  /** The report of this process's configuration, or of why it is invalid. */
  public static String report() {
    try {
      return report(GalileoConfig.fromEnvironment(), classLoader(), true);
    } catch (IllegalArgumentException e) {
      return invalidConfigReport(e.getMessage());
    }
  }

  /**
   * The report for a configuration, with plug-ins looked up in the class loader.
   *
   * @param probe whether to ask the target for its health (still only a local or explicitly
   *     configured one)
   */
  public static String report(GalileoConfig config, ClassLoader loader, boolean probe) {
    return report(config, loader, probe, List.of());
  }

  /**
   * The report for a configuration, with plug-ins looked up in the class loader, counting as
   * transports also those the application set up itself rather than through a transport module
   * (the Spring Boot starter's {@code RestClient} instrumentation, for instance).
   *
   * @param probe whether to ask the target for its health (still only a local or explicitly
   *     configured one)
   * @param activeTransports transports set up in this process besides the installed modules
   * @since 0.1.0
   */
  public static String report(GalileoConfig config, ClassLoader loader, boolean probe,
      Collection<? extends TransportProvider> activeTransports) {
    return new Examination(config, loader, probe, List.copyOf(activeTransports)).write();
  }

  private static ClassLoader classLoader() {
    ClassLoader context = Thread.currentThread().getContextClassLoader();
    return context != null ? context : Doctor.class.getClassLoader();
  }

  private static String invalidConfigReport(String problem) {
    StringBuilder s = new StringBuilder();
    header(s);
    s.append("Problems\n");
    s.append("  [problem] The configuration is invalid, so the tracer cannot start: ")
        .append(problem).append('\n');
    troubleshooting(s);
    return s.toString();
  }

  private static void header(StringBuilder s) {
    s.append("Galileo doctor (galileo-java ").append(SdkVersion.VERSION).append(", Java ")
        .append(System.getProperty("java.version")).append(")\n\n");
  }

  private static void troubleshooting(StringBuilder s) {
    s.append("\nIf traces do not link\n");
    s.append("  1. A header was not passed: the caller must send the tracing headers on every call"
        + " (use a transport's client, or add tracer.tracingHeaders() to the request), from inside"
        + " the span the server's spans should nest under. Something in between (a proxy, a"
        + " gateway) may also drop them.\n");
    s.append("  2. The server middleware was not configured: the called service needs its"
        + " transport's server filter installed, and the same propagators as the caller"
        + " (GALILEO_PROPAGATORS), and a trust policy (GALILEO_SERVER_TRUST) of continue.\n");
    s.append("  3. The client did not wait: in batch mode a trace is sent when it ends, so end it"
        + " after the calls it makes have answered; or use GALILEO_MODE=distributed in every"
        + " service, so spans that arrive late still join the trace.\n");
    s.append("  4. A span arrived after its trace was complete (Galileo refuses it; the console marks"
        + " it, or refuses it with --strict; the sending service's receipt counts it as refused):"
        + " the caller completed the trace first. Use a transport module on both sides, so the"
        + " caller's completion waits for this service's span, or raise the caller's"
        + " GALILEO_COMPLETION_TIMEOUT_MS.\n");
  }

  /** One look at one configuration. */
  private static final class Examination {
    private final GalileoConfig config;
    private final ClassLoader loader;
    private final boolean probe;
    private final List<TransportProvider> activeTransports;
    private final List<String> problems = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();

    Examination(GalileoConfig config, ClassLoader loader, boolean probe,
        List<TransportProvider> activeTransports) {
      this.config = config;
      this.loader = loader;
      this.probe = probe;
      this.activeTransports = activeTransports;
    }

    String write() {
      StringBuilder s = new StringBuilder();
      header(s);
      s.append("Configuration\n");
      line(s, "mode", config.mode().configValue());
      if (config.mode() == Mode.DISTRIBUTED) {
        ExportSettings settings = ExportSettings.from(config);
        line(s, "completion", "waits up to " + settings.completionTimeout().toMillis()
            + " ms for called services to deliver (GALILEO_COMPLETION_TIMEOUT_MS)");
        line(s, "parents first", settings.ingestParentsFirst()
            ? "on: each call waits until its trace and parents are in the backend"
            : "off (GALILEO_INGEST_PARENTS_FIRST; needed by services using Galileo's TypeScript SDK)");
      }
      line(s, "service name", config.serviceName());
      line(s, "project", config.projectId() != null ? config.projectId().toString() : config.project());
      line(s, "log stream",
          config.logStreamId() != null ? config.logStreamId().toString() : config.logStream());
      line(s, "API key", config.apiKey() == null ? "not set" : "set (not shown)");
      line(s, "logging", config.loggingDisabled() ? "disabled (GALILEO_LOGGING_DISABLED)" : "on");
      propagators(s);
      trust(s);
      exporters(s);
      s.append('\n');
      transports(s);
      s.append('\n');
      integrations(s);
      s.append('\n');
      target(s);
      modeNotes();
      s.append("\nChecks\n");
      if (problems.isEmpty() && notes.isEmpty()) {
        s.append("  [ok] Nothing found that would keep traces from linking.\n");
      }
      for (String p : problems) {
        s.append("  [problem] ").append(p).append('\n');
      }
      for (String n : notes) {
        s.append("  [note] ").append(n).append('\n');
      }
      troubleshooting(s);
      return s.toString();
    }

    private void propagators(StringBuilder s) {
      String setting = config.values().get(Propagators.SETTING, Propagators.DEFAULT);
      String available = String.join(", ", Propagators.available(loader));
      try {
        Propagator propagator = Propagators.fromConfig(config.values(), loader);
        if (propagator == Propagator.noop()) {
          line(s, "propagators", "none");
          problems.add("GALILEO_PROPAGATORS=none: no tracing headers are written or read, so this"
              + " service's traces never link with other services'.");
        } else {
          line(s, "propagators", String.join(", ", config.propagators())
              + " (headers " + String.join(", ", propagator.fields()) + ")");
        }
      } catch (RuntimeException e) {
        line(s, "propagators", setting + " (invalid)");
        problems.add("The propagators cannot be built: " + e.getMessage());
      }
      line(s, "propagators installed", available.isEmpty() ? "none" : available);
    }

    private void trust(StringBuilder s) {
      TrustPolicy policy;
      try {
        policy = TrustPolicy.fromConfig(config.values());
      } catch (IllegalArgumentException e) {
        line(s, "server trust", config.values().get(TrustPolicy.SETTING) + " (invalid)");
        problems.add(e.getMessage());
        return;
      }
      line(s, "server trust", policy.configValue());
      if (policy == TrustPolicy.LINK) {
        notes.add("GALILEO_SERVER_TRUST=link: servers start traces of their own and record the"
            + " caller's ids as link.trace_id and link.parent_id, so callers' traces do not"
            + " continue here (a choice for services that untrusted callers reach).");
      } else if (policy == TrustPolicy.IGNORE) {
        notes.add("GALILEO_SERVER_TRUST=ignore: servers do not read tracing headers, so callers'"
            + " traces never continue here.");
      }
    }

    private void exporters(StringBuilder s) {
      Map<String, ExporterProvider> installed = Exporters.available(loader);
      String setting = config.values().get(Exporters.SETTING, Exporters.DEFAULT);
      Set<String> names = new LinkedHashSet<>();
      for (String part : setting.split(",")) {
        String name = part.trim().toLowerCase(Locale.ROOT);
        if (!name.isEmpty()) {
          names.add(name);
        }
      }
      line(s, "exporters", String.join(", ", names));
      line(s, "exporters installed", String.join(", ", installed.keySet()));
      for (String name : names) {
        if (!installed.containsKey(name)) {
          problems.add("GALILEO_EXPORTER names '" + name + "', which is not installed (installed: "
              + String.join(", ", installed.keySet()) + "): the tracer will not start.");
        }
      }
      if (config.loggingDisabled()) {
        notes.add("GALILEO_LOGGING_DISABLED=true: nothing is recorded or sent; headers still pass"
            + " through.");
      } else if (names.equals(Set.of("none"))) {
        problems.add("GALILEO_EXPORTER=none: spans are recorded but sent nowhere.");
      } else if (!names.contains("galileo")) {
        notes.add("GALILEO_EXPORTER=" + String.join(",", names) + ": spans do not go to Galileo"
            + (names.contains("logging") ? "; the logging exporter prints them on stderr." : "."));
      }
    }

    private void transports(StringBuilder s) {
      s.append("Transports installed\n");
      boolean client = false;
      boolean server = false;
      List<TransportProvider> transports = new ArrayList<>(Transports.installed(loader));
      transports.addAll(activeTransports);
      if (transports.isEmpty()) {
        s.append("  none\n");
      }
      for (TransportProvider t : transports) {
        boolean c = ask(t::client, false);
        boolean v = ask(t::server, false);
        String sides = c && v ? "client, server" : c ? "client" : v ? "server"
            : "neither side (library missing)";
        s.append("  ").append(ask(t::name, "?")).append(' ').append(ask(t::version, "unknown"))
            .append(": ").append(sides).append(" - ").append(ask(t::description, "")).append('\n');
        client |= c;
        server |= v;
      }
      if (!server) {
        notes.add("No server transport is installed: incoming requests start traces of their"
            + " own unless the service extracts the headers itself (tracer.extractHeaders). If"
            + " other services call this one, add galileo-transport-jdkhttp or"
            + " galileo-transport-http and install its server filter.");
      }
      if (!client) {
        notes.add(NO_CLIENT_TRANSPORT);
      }
    }

    private void integrations(StringBuilder s) {
      s.append("Integrations installed\n");
      Set<String> reported = new LinkedHashSet<>();
      for (IntegrationProvider i : Integrations.installed(loader)) {
        String name = ask(i::name, "?");
        reported.add(name);
        s.append("  ").append(name).append(' ').append(ask(i::version, "unknown"))
            .append(ask(i::on, false) ? ": on - " : ": off - ").append(ask(i::description, ""))
            .append('\n');
      }
      if (reported.isEmpty()) {
        s.append("  none\n");
      }
    }

    private void target(StringBuilder s) {
      s.append("Target\n");
      boolean exportsToGalileo = TargetProbe.exportsToGalileo(config);
      URI url = ApiEndpoint.resolve(config);
      line(s, "URL", url.toString() + (exportsToGalileo ? "" : " (not used by the exporters)"));
      boolean local = TargetProbe.isLoopback(url.getHost());
      if (!probe) {
        line(s, "answers", "not checked");
        return;
      }
      if (!TargetProbe.mayAsk(config, url)) {
        line(s, "answers", "not checked (set GALILEO_API_URL to check a remote API)");
        return;
      }
      TargetProbe.Answer answer = TargetProbe.ask(url, PROBE_TIMEOUT);
      line(s, "answers", !answer.answered() ? "no (" + answer.error() + ")"
          : (answer.healthy() ? "yes" : "yes, but not healthy") + " (GET " + TargetProbe.HEALTHCHECK
              + " gave HTTP " + answer.status() + " in " + answer.millis() + " ms)");
      if (!answer.answered() && exportsToGalileo && !config.loggingDisabled()) {
        problems.add("Nothing answers at " + url + ": spans cannot be delivered. Start the local"
            + " console, or point GALILEO_API_URL (or GALILEO_CONSOLE_URL) at the Galileo API.");
      }
      if (config.apiKey() == null && !local && exportsToGalileo) {
        problems.add("GALILEO_API_KEY is not set: " + url + " will refuse the spans.");
      }
    }

    private void modeNotes() {
      if (config.mode() == Mode.BATCH) {
        notes.add("Mode is batch: each trace is sent whole when it ends. If this service calls"
            + " other services or is called by them, set GALILEO_MODE=distributed in every one"
            + " of them, so their spans can join a trace that is still open.");
      }
    }

    /** A plug-in's answer, or the fallback when it throws: a broken plug-in must not break the report. */
    private static <T> T ask(Supplier<T> question, T fallback) {
      try {
        T answer = question.get();
        return answer != null ? answer : fallback;
      } catch (RuntimeException | LinkageError e) {
        return fallback;
      }
    }

    private static void line(StringBuilder s, String name, String value) {
      s.append("  ").append(name).append(": ");
      for (int i = name.length(); i < 22; i++) {
        s.append(' ');
      }
      s.append(value).append('\n');
    }
  }
}
