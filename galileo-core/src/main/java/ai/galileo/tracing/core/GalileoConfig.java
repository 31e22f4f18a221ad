package ai.galileo.tracing.core;

import ai.galileo.tracing.core.internal.ConfigLayers;
import ai.galileo.tracing.core.internal.ConfigSources;
import ai.galileo.tracing.core.redaction.RedactionMode;
import ai.galileo.tracing.internal.Uuids;
import ai.galileo.tracing.spi.ConfigValues;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The SDK's configuration, resolved and validated: an immutable value.
 *
 * <p>Each setting is read from, highest precedence first:
 *
 * <ol>
 *   <li>the {@link Builder};
 *   <li>a Java system property, {@code -Dgalileo.log.stream.id=...}, or spelled like the
 *       environment variable, {@code -DGALILEO_LOG_STREAM_ID=...} (the dotted one wins if both are
 *       set);
 *   <li>an environment variable, {@code GALILEO_LOG_STREAM_ID};
 *   <li>a {@code .env} file in the working directory;
 *   <li>the default.
 * </ol>
 *
 * <p>A blank value counts as unset, at every level. Settings other than the typed ones here, which
 * plug-ins read (such as {@code GALILEO_EXPORTER}), are resolved the same way and offered through
 * {@link #values()}.
 *
 * <pre>{@code
 * GalileoConfig config = GalileoConfig.builder()
 *     .mode(Mode.DISTRIBUTED)
 *     .project("rag-demo")
 *     .build();
 * }</pre>
 *
 * <p>The API key is never shown by {@link #toString()} or in error messages.
 *
 * @since 0.1.0
 */
public final class GalileoConfig {
  static final String MODE = "GALILEO_MODE";
  static final String API_KEY = "GALILEO_API_KEY";
  static final String CONSOLE_URL = "GALILEO_CONSOLE_URL";
  static final String API_URL = "GALILEO_API_URL";
  static final String PROJECT = "GALILEO_PROJECT";
  static final String PROJECT_ID = "GALILEO_PROJECT_ID";
  static final String LOG_STREAM = "GALILEO_LOG_STREAM";
  static final String LOG_STREAM_ID = "GALILEO_LOG_STREAM_ID";
  static final String PROPAGATORS = "GALILEO_PROPAGATORS";
  static final String SERVICE_NAME = "GALILEO_SERVICE_NAME";
  static final String LOGGING_DISABLED = "GALILEO_LOGGING_DISABLED";
  static final String REDACTION = "GALILEO_REDACTION";
  static final String REDACTORS = "GALILEO_REDACTORS";
  private static final Set<String> TYPED =
      Set.of(
          MODE, API_KEY, CONSOLE_URL, API_URL, PROJECT, PROJECT_ID, LOG_STREAM, LOG_STREAM_ID,
          PROPAGATORS, SERVICE_NAME, LOGGING_DISABLED, REDACTION, REDACTORS);

  private static final String DEFAULT_PROJECT = "default";
  private static final String DEFAULT_LOG_STREAM = "default";
  private static final List<String> DEFAULT_PROPAGATORS = List.of("galileo", "tracecontext");
  private static final String DEFAULT_SERVICE_NAME = "java-service";
  private static final List<String> DEFAULT_REDACTORS = List.of("builtin");

  // The shortest prefix ending in ".jar" at a word's end.
  private static final Pattern JAR_WITH_SPACES =
      Pattern.compile("^(.*?\\.jar)(?:\\s|$)", Pattern.CASE_INSENSITIVE);
  private static final Pattern PROPAGATOR_NAME = Pattern.compile("[a-z0-9][a-z0-9._-]*");
  // Names of other settings whose values toString must not show: keys, tokens, auth headers.
  private static final Pattern SECRET_NAME =
      Pattern.compile(".*(KEY|SECRET|TOKEN|PASSWORD|CREDENTIAL|AUTH|HEADERS).*");
  private static final String MASK = "***";

  private final Mode mode;
  private final String apiKey;
  private final URI consoleUrl;
  private final URI apiUrl;
  private final String project;
  private final UUID projectId;
  private final String logStream;
  private final UUID logStreamId;
  private final List<String> propagators;
  private final String serviceName;
  private final boolean loggingDisabled;
  private final RedactionMode redaction;
  private final List<String> redactors;
  // Every resolved setting by name, typed ones in their canonical string form.
  private final Map<String, String> values;
  private final ConfigValues valuesView;

  private GalileoConfig(Resolution r) {
    mode = r.parse(MODE, Mode::find, "allowed values are " + Mode.allowedValues(), Mode.BATCH);
    apiKey =
        r.parseSecret(
            API_KEY,
            GalileoConfig::parseApiKey,
            "expected visible ASCII characters without spaces, as it is sent in an HTTP header");
    consoleUrl = r.parse(CONSOLE_URL, GalileoConfig::parseHttpUrl, urlFormat(), null);
    apiUrl = r.parse(API_URL, GalileoConfig::parseHttpUrl, urlFormat(), null);
    project = r.parse(PROJECT, Function.identity(), "", DEFAULT_PROJECT);
    projectId = r.parse(PROJECT_ID, Uuids::parse, uuidFormat(), null);
    logStream = r.parse(LOG_STREAM, Function.identity(), "", DEFAULT_LOG_STREAM);
    logStreamId = r.parse(LOG_STREAM_ID, Uuids::parse, uuidFormat(), null);
    propagators =
        r.parse(
            PROPAGATORS,
            GalileoConfig::parsePropagators,
            "expected a comma-separated list of propagator names (letters, digits, '.', '_' and"
                + " '-'), such as galileo,tracecontext",
            DEFAULT_PROPAGATORS);
    String command = r.sources.systemProperties().get("sun.java.command");
    serviceName = r.parse(SERVICE_NAME, Function.identity(), "", defaultServiceName(command));
    loggingDisabled =
        r.parse(
            LOGGING_DISABLED,
            GalileoConfig::parseBoolean,
            "allowed values are true, false, 1, 0, yes, no",
            false);
    redaction =
        r.parse(
            REDACTION,
            RedactionMode::find,
            "allowed values are off, fields, mask",
            RedactionMode.OFF);
    redactors =
        r.parse(
            REDACTORS,
            GalileoConfig::parsePropagators,
            "expected a comma-separated list of redactor names (letters, digits, '.', '_' and"
                + " '-'), such as builtin or email,card,company",
            DEFAULT_REDACTORS);
    r.throwIfInvalid();

    Map<String, String> all = new HashMap<>();
    r.entries.forEach((name, entry) -> all.put(name, entry.value()));
    all.put(MODE, mode.configValue());
    putIfSet(all, API_KEY, apiKey);
    putIfSet(all, CONSOLE_URL, consoleUrl);
    putIfSet(all, API_URL, apiUrl);
    all.put(PROJECT, project);
    putIfSet(all, PROJECT_ID, projectId);
    all.put(LOG_STREAM, logStream);
    putIfSet(all, LOG_STREAM_ID, logStreamId);
    all.put(PROPAGATORS, String.join(",", propagators));
    all.put(SERVICE_NAME, serviceName);
    all.put(LOGGING_DISABLED, Boolean.toString(loggingDisabled));
    all.put(REDACTION, redaction.configValue());
    all.put(REDACTORS, String.join(",", redactors));
    values = Map.copyOf(all);
    valuesView = new Values(values);
  }

  /** A builder that reads the current process's system properties, environment and .env file. */
  public static Builder builder() {
    return new Builder(null);
  }

  /** A builder over the given sources instead of the process's; for tests. */
  static Builder builder(ConfigSources sources) {
    return new Builder(sources);
  }

  /**
   * The configuration of this process: system properties, environment variables, the working
   * directory's {@code .env} file and defaults. Same as {@code builder().build()}.
   *
   * @throws IllegalArgumentException if a setting is invalid; the message names it, where it was
   *     set and what is allowed
   */
  public static GalileoConfig fromEnvironment() {
    return builder().build();
  }

  /** Batch (the default) or distributed; {@code GALILEO_MODE}. */
  public Mode mode() {
    return mode;
  }

  /** The Galileo API key, or null if none is set; {@code GALILEO_API_KEY}. */
  public String apiKey() {
    return apiKey;
  }

  /** The Galileo console's absolute http(s) URL, or null if unset; {@code GALILEO_CONSOLE_URL}. */
  public URI consoleUrl() {
    return consoleUrl;
  }

  /** The Galileo API's absolute http(s) URL, or null if unset; {@code GALILEO_API_URL}. */
  public URI apiUrl() {
    return apiUrl;
  }

  /** The project's name, {@code "default"} unless set; {@code GALILEO_PROJECT}. */
  public String project() {
    return project;
  }

  /** The project's id, or null if unset; {@code GALILEO_PROJECT_ID}. */
  public UUID projectId() {
    return projectId;
  }

  /** The log stream's name, {@code "default"} unless set; {@code GALILEO_LOG_STREAM}. */
  public String logStream() {
    return logStream;
  }

  /** The log stream's id, or null if unset; {@code GALILEO_LOG_STREAM_ID}. */
  public UUID logStreamId() {
    return logStreamId;
  }

  /**
   * The names of the propagators to use, in order, lower-case and without duplicates; {@code
   * [galileo, tracecontext]} unless {@code GALILEO_PROPAGATORS} is set. Never empty.
   */
  public List<String> propagators() {
    return propagators;
  }

  /**
   * The name of this service, recorded on its spans; {@code GALILEO_SERVICE_NAME}. When unset it
   * is taken from how the JVM was started: the jar's name without {@code .jar}, or the main class's
   * simple name, or else {@code "java-service"}.
   */
  public String serviceName() {
    return serviceName;
  }

  /** True if logging to Galileo is off; {@code GALILEO_LOGGING_DISABLED}, false unless set. */
  public boolean loggingDisabled() {
    return loggingDisabled;
  }

  /**
   * What is done with the text the redactors find: {@link RedactionMode#OFF} unless {@code
   * GALILEO_REDACTION} is {@code fields} or {@code mask}.
   *
   * @since 0.1.0
   */
  public RedactionMode redaction() {
    return redaction;
  }

  /**
   * The names of the redactors to use, in order, lower-case and without duplicates; {@code
   * [builtin]} (every built-in redactor) unless {@code GALILEO_REDACTORS} is set. Never empty.
   *
   * @since 0.1.0
   */
  public List<String> redactors() {
    return redactors;
  }

  /**
   * Every resolved {@code GALILEO_*} (and {@code OTEL_*}) setting by its environment-variable name, including those this
   * class has no getter for; this is what plug-ins are created with. The typed settings give their
   * resolved value in string form, defaults included: {@code values().get("GALILEO_MODE")} is
   * {@code "batch"} when nothing is set.
   */
  public ConfigValues values() {
    return valuesView;
  }

  /** Equal when every resolved setting is equal, whichever source it came from. */
  @Override
  public boolean equals(Object o) {
    return o instanceof GalileoConfig other && values.equals(other.values);
  }

  @Override
  public int hashCode() {
    return values.hashCode();
  }

  /** The resolved settings, with the API key and other secrets masked. */
  @Override
  public String toString() {
    StringBuilder s = new StringBuilder("GalileoConfig{");
    s.append("mode=").append(mode.configValue());
    s.append(", apiKey=").append(apiKey == null ? null : MASK);
    s.append(", consoleUrl=").append(withoutUserInfo(consoleUrl));
    s.append(", apiUrl=").append(withoutUserInfo(apiUrl));
    s.append(", project=").append(project);
    s.append(", projectId=").append(projectId);
    s.append(", logStream=").append(logStream);
    s.append(", logStreamId=").append(logStreamId);
    s.append(", propagators=").append(propagators);
    s.append(", serviceName=").append(serviceName);
    s.append(", loggingDisabled=").append(loggingDisabled);
    s.append(", redaction=").append(redaction.configValue());
    s.append(", redactors=").append(redactors);
    Map<String, String> others = others(values);
    if (!others.isEmpty()) {
      s.append(", other=").append(others);
    }
    return s.append('}').toString();
  }

  /** Settings without a getter, sorted, secrets masked. */
  private static Map<String, String> others(Map<String, String> values) {
    Map<String, String> others = new TreeMap<>();
    values.forEach(
        (name, value) -> {
          if (!TYPED.contains(name)) {
            others.put(name, SECRET_NAME.matcher(name).matches() ? MASK : value);
          }
        });
    return others;
  }

  private static String withoutUserInfo(URI uri) {
    if (uri == null || uri.getRawUserInfo() == null) {
      return String.valueOf(uri);
    }
    return uri.toString().replace(uri.getRawUserInfo() + "@", MASK + "@");
  }

  private static void putIfSet(Map<String, String> map, String name, Object value) {
    if (value != null) {
      map.put(name, value.toString());
    }
  }

  private static String urlFormat() {
    return "expected an absolute http or https URL, such as https://app.galileo.ai";
  }

  private static String uuidFormat() {
    return "expected a UUID of 32 hex digits in 8-4-4-4-12 form, such as"
        + " 123e4567-e89b-42d3-a456-426614174000";
  }

  private static String parseApiKey(String value) {
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c < 0x21 || c > 0x7e) {
        return null;
      }
    }
    return value;
  }

  private static URI parseHttpUrl(String value) {
    URI uri;
    try {
      uri = new URI(value);
    } catch (URISyntaxException e) {
      return null;
    }
    String scheme = uri.getScheme();
    boolean http = "http".equalsIgnoreCase(scheme) || "https".equalsIgnoreCase(scheme);
    return http && !uri.isOpaque() && uri.getHost() != null ? uri : null;
  }

  private static List<String> parsePropagators(String value) {
    Set<String> names = new LinkedHashSet<>();
    for (String part : value.split(",")) {
      String name = part.strip().toLowerCase(Locale.ROOT);
      if (name.isEmpty()) {
        continue;
      }
      if (!PROPAGATOR_NAME.matcher(name).matches()) {
        return null;
      }
      names.add(name);
    }
    return names.isEmpty() ? null : List.copyOf(names);
  }

  private static Boolean parseBoolean(String value) {
    return switch (value.toLowerCase(Locale.ROOT)) {
      case "true", "1", "yes" -> Boolean.TRUE;
      case "false", "0", "no" -> Boolean.FALSE;
      default -> null;
    };
  }

  /**
   * A service name from the {@code sun.java.command} system property, which holds the main class
   * or jar and the program's arguments.
   */
  static String defaultServiceName(String javaCommand) {
    if (javaCommand == null || javaCommand.isBlank()) {
      return DEFAULT_SERVICE_NAME;
    }
    String command = javaCommand.strip();
    String first = command.split("\\s+", 2)[0];
    String jar = jarPath(command, first);
    String name;
    if (jar != null) {
      String file = jar.substring(Math.max(jar.lastIndexOf('/'), jar.lastIndexOf('\\')) + 1);
      name = file.substring(0, file.length() - ".jar".length());
    } else {
      // "module/com.example.Main" or "com.example.Main": the simple class name.
      String className = first.substring(first.lastIndexOf('/') + 1);
      name = className.substring(className.lastIndexOf('.') + 1);
    }
    return name.isBlank() ? DEFAULT_SERVICE_NAME : name.strip();
  }

  /**
   * The jar that {@code java -jar} ran, or null if a main class was run. A jar's path may hold
   * spaces, which the property does not quote; then only a path-like first word counts, so a main
   * class with a {@code .jar} argument is not mistaken for one.
   */
  private static String jarPath(String command, String first) {
    if (first.toLowerCase(Locale.ROOT).endsWith(".jar")) {
      return first;
    }
    boolean pathLike =
        first.startsWith("/")
            || first.startsWith("\\")
            || first.startsWith(".")
            || first.matches("[A-Za-z]:[\\\\/].*");
    if (!pathLike) {
      return null;
    }
    Matcher m = JAR_WITH_SPACES.matcher(command);
    return m.find() ? m.group(1) : null;
  }

  /** What {@link #values()} gives: a read-only map that does not print its values. */
  private static final class Values implements ConfigValues {
    private final Map<String, String> values;

    Values(Map<String, String> values) {
      this.values = values;
    }

    @Override
    public String get(String name) {
      return name == null ? null : values.get(name);
    }

    @Override
    public String toString() {
      return "ConfigValues" + new TreeMap<>(values).keySet();
    }
  }

  /** The raw settings of one build, and the problems found while typing them. */
  private static final class Resolution {
    final ConfigSources sources;
    final Map<String, ConfigLayers.Entry> entries;
    final List<String> problems = new ArrayList<>();

    Resolution(Map<String, String> builderValues, ConfigSources sources) {
      this.sources = sources;
      this.entries = ConfigLayers.merge(builderValues, sources);
    }

    /** The typed value, the default when unset, or the default after recording a problem. */
    <T> T parse(String name, Function<String, T> parser, String expected, T defaultValue) {
      return parse(name, parser, expected, defaultValue, false);
    }

    <T> T parseSecret(String name, Function<String, T> parser, String expected) {
      return parse(name, parser, expected, null, true);
    }

    private <T> T parse(
        String name, Function<String, T> parser, String expected, T defaultValue, boolean secret) {
      ConfigLayers.Entry entry = entries.get(name);
      if (entry == null) {
        return defaultValue;
      }
      T value = parser.apply(entry.value());
      if (value == null) {
        String shown = secret ? "" : " " + quote(entry.value());
        problems.add(
            "Invalid " + name + shown + " (from " + entry.origin() + "): " + expected);
        return defaultValue;
      }
      return value;
    }

    /** Reports every invalid setting at once, so they can all be fixed in one go. */
    void throwIfInvalid() {
      if (!problems.isEmpty()) {
        throw new IllegalArgumentException(String.join("; ", problems));
      }
    }

    /**
     * The value in quotes, with control characters escaped so a message stays on one line, and
     * cut short if long.
     */
    private static String quote(String value) {
      int max = 100;
      StringBuilder s = new StringBuilder("\"");
      for (int i = 0; i < value.length() && i < max; i++) {
        char c = value.charAt(i);
        if (c < 0x20 || c == 0x7f) {
          s.append(String.format("\\u%04x", (int) c));
        } else if (c == '"' || c == '\\') {
          s.append('\\').append(c);
        } else {
          s.append(c);
        }
      }
      if (value.length() > max) {
        s.append("...");
      }
      return s.append('"').toString();
    }
  }

  /**
   * Sets settings in code, over every other source. A null clears what was set here, so the
   * setting is read from the other sources again. {@link #build()} validates.
   *
   * @since 0.1.0
   */
  public static final class Builder {
    private final ConfigSources sources;
    private final Map<String, String> values = new HashMap<>();

    private Builder(ConfigSources sources) {
      this.sources = sources;
    }

    /** Sets {@code GALILEO_MODE}. */
    public Builder mode(Mode mode) {
      return put(MODE, mode == null ? null : mode.configValue());
    }

    /** Sets {@code GALILEO_API_KEY}. */
    public Builder apiKey(String apiKey) {
      return put(API_KEY, apiKey);
    }

    /** Sets {@code GALILEO_CONSOLE_URL}; it must be an absolute http or https URL. */
    public Builder consoleUrl(URI url) {
      return put(CONSOLE_URL, url == null ? null : url.toString());
    }

    /** Sets {@code GALILEO_API_URL}; it must be an absolute http or https URL. */
    public Builder apiUrl(URI url) {
      return put(API_URL, url == null ? null : url.toString());
    }

    /** Sets {@code GALILEO_PROJECT}, the project's name. */
    public Builder project(String name) {
      return put(PROJECT, name);
    }

    /** Sets {@code GALILEO_PROJECT_ID}. */
    public Builder projectId(UUID id) {
      return put(PROJECT_ID, id == null ? null : id.toString());
    }

    /** Sets {@code GALILEO_LOG_STREAM}, the log stream's name. */
    public Builder logStream(String name) {
      return put(LOG_STREAM, name);
    }

    /** Sets {@code GALILEO_LOG_STREAM_ID}. */
    public Builder logStreamId(UUID id) {
      return put(LOG_STREAM_ID, id == null ? null : id.toString());
    }

    /** Sets {@code GALILEO_PROPAGATORS}, the names of the propagators to use, in order. */
    public Builder propagators(List<String> names) {
      return put(PROPAGATORS, names == null ? null : String.join(",", List.copyOf(names)));
    }

    /** Sets {@code GALILEO_SERVICE_NAME}. */
    public Builder serviceName(String name) {
      return put(SERVICE_NAME, name);
    }

    /**
     * Sets {@code GALILEO_REDACTION}.
     *
     * @since 0.1.0
     */
    public Builder redaction(RedactionMode mode) {
      return put(REDACTION, mode == null ? null : mode.configValue());
    }

    /**
     * Sets {@code GALILEO_REDACTORS}, the names of the redactors to use, in order ({@code builtin}
     * stands for every built-in one).
     *
     * @since 0.1.0
     */
    public Builder redactors(List<String> names) {
      return put(REDACTORS, names == null ? null : String.join(",", List.copyOf(names)));
    }

    /** Sets {@code GALILEO_LOGGING_DISABLED}. */
    public Builder loggingDisabled(boolean disabled) {
      return put(LOGGING_DISABLED, Boolean.toString(disabled));
    }

    /**
     * Sets {@code GALILEO_INGEST_PARENTS_FIRST}: in distributed mode, an outgoing call waits until
     * its trace and parent spans are in the backend, as Galileo's TypeScript SDK needs of its
     * callers (it reads them back before adding spans). Costs a round trip to the backend on the
     * first call under each span.
     */
    public Builder ingestParentsFirst(boolean enabled) {
      return put("GALILEO_INGEST_PARENTS_FIRST", Boolean.toString(enabled));
    }

    /**
     * Sets {@code GALILEO_COMPLETION_TIMEOUT_MS}: in distributed mode, the longest a trace's
     * completion waits for the services it called to deliver their spans.
     */
    public Builder completionTimeout(java.time.Duration timeout) {
      return put("GALILEO_COMPLETION_TIMEOUT_MS", Long.toString(timeout.toMillis()));
    }

    /**
     * Sets {@code GALILEO_EXPORT_MAX_IN_FLIGHT}: the most requests each exporter has in flight at
     * once (8 by default). Each trace's requests still go one after another.
     *
     * @param requests at least 1
     * @since 0.1.0
     */
    public Builder exportMaxInFlight(int requests) {
      return put("GALILEO_EXPORT_MAX_IN_FLIGHT", Integer.toString(requests));
    }

    /**
     * Sets any setting by its environment-variable name, such as {@code GALILEO_EXPORTER} for a
     * plug-in; typed settings given this way are validated like the others.
     *
     * @param name the setting's name, {@code GALILEO_} (or OpenTelemetry's {@code OTEL_}) followed
     *     by upper-case letters, digits and underscores
     * @param value the value, or null to clear it
     * @throws IllegalArgumentException if the name is not of that form
     */
    public Builder set(String name, String value) {
      if (!ConfigLayers.isSettingName(name)) {
        throw new IllegalArgumentException(
            "Invalid setting name \""
                + name
                + "\": expected GALILEO_ (or OTEL_) followed by upper-case letters, digits and"
                + " underscores, such as GALILEO_EXPORTER");
      }
      return put(name, value);
    }

    /**
     * Resolves every setting against the other sources and validates it.
     *
     * @throws IllegalArgumentException if a setting is invalid; the message names each invalid
     *     setting, where it was set, its value (unless secret) and what is allowed
     */
    public GalileoConfig build() {
      ConfigSources from = sources != null ? sources : ConfigSources.process();
      return new GalileoConfig(new Resolution(values, from));
    }

    private Builder put(String name, String value) {
      if (value == null) {
        values.remove(name);
      } else {
        values.put(name, value);
      }
      return this;
    }
  }
}
