package ai.galileo.tracing.core.transport;

import ai.galileo.tracing.Galileo;
import ai.galileo.tracing.Tracer;
import ai.galileo.tracing.core.GalileoConfig;
import ai.galileo.tracing.core.GalileoTracer;
import ai.galileo.tracing.spi.ConfigValues;
import java.net.URI;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which hosts outgoing calls send tracing headers to. Trace and span ids are internal: a model
 * provider has no use for them (the LLM span already records the call), so the well-known
 * providers' hosts ({@link #MODEL_PROVIDERS}) get none by default.
 *
 * <p>The rule, for the host of the request's URI (no port, any case):
 *
 * <ol>
 *   <li>a host matching {@value #DENY_SETTING} gets no headers; the setting defaults to
 *       {@link #MODEL_PROVIDERS}, and {@code none} empties it;
 *   <li>else, when {@value #ALLOW_SETTING} is set, only a host matching it gets headers;
 *   <li>else every host gets them.
 * </ol>
 *
 * <p>A pattern is a host name or IP address, where {@code *} stands for any run of characters
 * (dots included): {@code *.internal}, {@code bedrock-runtime.*.amazonaws.com}, {@code localhost},
 * {@code 127.0.0.1}. A call whose URI has no host (a relative URI, say) is treated as host
 * {@code ""}: it gets headers unless {@value #ALLOW_SETTING} is set.
 *
 * @since 0.1.0
 */
public final class PropagationHosts {
  /** The setting naming the only hosts that get tracing headers, comma-separated. */
  public static final String ALLOW_SETTING = "GALILEO_PROPAGATE_HOSTS";
  /** The setting naming hosts that never get tracing headers, comma-separated; {@code none} for none. */
  public static final String DENY_SETTING = "GALILEO_NO_PROPAGATE_HOSTS";
  /** Well-known model providers' API hosts: the default of {@value #DENY_SETTING}. */
  public static final List<String> MODEL_PROVIDERS = List.of(
      "api.openai.com", "*.openai.azure.com", "api.anthropic.com",
      "generativelanguage.googleapis.com", "*-aiplatform.googleapis.com", "aiplatform.googleapis.com",
      "api.mistral.ai", "api.groq.com", "api.together.xyz", "api.together.ai", "api.deepseek.com",
      "bedrock-runtime.*.amazonaws.com", "api.cohere.com", "api.cohere.ai", "api.fireworks.ai",
      "api.perplexity.ai", "api.x.ai", "openrouter.ai", "api-inference.huggingface.co",
      "router.huggingface.co", "api.voyageai.com", "dashscope.aliyuncs.com");

  private static final PropagationHosts ALL = new PropagationHosts(null, List.of());
  private static final PropagationHosts DEFAULT = new PropagationHosts(null, MODEL_PROVIDERS);

  /** Null when every host not denied gets headers. */
  private final List<String> allow;
  private final List<String> deny;
  /**
   * Answers already worked out, by host as given: a process calls few hosts, and matching one
   * against the default list's 22 patterns cost about 150 ns, asked twice per HTTP call.
   */
  private final Map<String, Boolean> decided = new ConcurrentHashMap<>();

  /** Hosts remembered at most; past that, new hosts are matched every time. */
  private static final int MAX_DECIDED = 256;

  private PropagationHosts(List<String> allow, List<String> deny) {
    this.allow = allow == null ? null : List.copyOf(allow);
    this.deny = List.copyOf(deny);
  }

  /** Every host gets tracing headers. */
  public static PropagationHosts all() {
    return ALL;
  }

  /** The default: every host but {@link #MODEL_PROVIDERS}. */
  public static PropagationHosts defaults() {
    return DEFAULT;
  }

  /**
   * Hosts matching {@code allow} (every host when null) and not {@code deny} (none when null).
   *
   * @throws IllegalArgumentException if a pattern is blank or holds a character no host has
   */
  public static PropagationHosts of(Collection<String> allow, Collection<String> deny) {
    return new PropagationHosts(allow == null ? null : validated(allow),
        deny == null ? List.of() : validated(deny));
  }

  /**
   * The hosts {@value #ALLOW_SETTING} and {@value #DENY_SETTING} give.
   *
   * @throws IllegalArgumentException if either is invalid; the message names the setting
   */
  public static PropagationHosts fromConfig(ConfigValues config) {
    Objects.requireNonNull(config, "config");
    String allowValue = config.get(ALLOW_SETTING);
    String denyValue = config.get(DENY_SETTING);
    if ((allowValue == null || allowValue.isBlank()) && denyValue == null) {
      return DEFAULT;
    }
    List<String> allow = null;
    if (allowValue != null && !allowValue.isBlank()) {
      allow = parse(ALLOW_SETTING, allowValue);
    }
    List<String> deny = denyValue == null ? MODEL_PROVIDERS
        : denyValue.trim().equalsIgnoreCase("none") ? List.of() : parse(DENY_SETTING, denyValue);
    return new PropagationHosts(allow, deny);
  }

  /**
   * The hosts configured for clients of this tracer: from its configuration when it is a
   * {@link GalileoTracer}, else from the process's.
   *
   * @throws IllegalArgumentException if the settings are invalid
   */
  public static PropagationHosts configured(Tracer tracer) {
    Tracer t = tracer == null ? Galileo.tracer() : tracer;
    ConfigValues values = t instanceof GalileoTracer
        ? ((GalileoTracer) t).config().values()
        : GalileoConfig.fromEnvironment().values();
    return fromConfig(values);
  }

  /** True if a call to the URI's host carries tracing headers. A null URI does. */
  public boolean propagatesTo(URI uri) {
    return uri == null || propagatesTo(uri.getHost());
  }

  /** True if a call to the host carries tracing headers; null stands for no host. */
  public boolean propagatesTo(String host) {
    if (host == null) {
      return decide("");
    }
    Boolean known = decided.get(host);
    if (known != null) {
      return known;
    }
    boolean answer = decide(host);
    if (decided.size() < MAX_DECIDED) {
      decided.put(host, answer);
    }
    return answer;
  }

  private boolean decide(String host) {
    String h = normalize(host);
    for (String pattern : deny) {
      if (matches(pattern, h)) {
        return false;
      }
    }
    if (allow == null) {
      return true;
    }
    for (String pattern : allow) {
      if (matches(pattern, h)) {
        return true;
      }
    }
    return false;
  }

  /** The allow patterns, or null when every host not denied gets headers. */
  public List<String> allowed() {
    return allow;
  }

  /** The deny patterns. */
  public List<String> denied() {
    return deny;
  }

  private static String normalize(String host) {
    if (host == null) {
      return "";
    }
    String h = host.toLowerCase(Locale.ROOT);
    if (h.startsWith("[") && h.endsWith("]")) {
      h = h.substring(1, h.length() - 1); // IPv6 literal as URI.getHost() gives it
    }
    return h.endsWith(".") ? h.substring(0, h.length() - 1) : h;
  }

  /** Glob match where {@code *} is any run of characters; iterative, no regex, no backtracking blow-up. */
  static boolean matches(String pattern, String host) {
    int p = 0;
    int h = 0;
    int star = -1;
    int mark = 0;
    while (h < host.length()) {
      if (p < pattern.length() && pattern.charAt(p) == host.charAt(h)) {
        p++;
        h++;
      } else if (p < pattern.length() && pattern.charAt(p) == '*') {
        star = p++;
        mark = h;
      } else if (star >= 0) {
        p = star + 1;
        h = ++mark;
      } else {
        return false;
      }
    }
    while (p < pattern.length() && pattern.charAt(p) == '*') {
      p++;
    }
    return p == pattern.length();
  }

  private static List<String> parse(String setting, String value) {
    try {
      return validated(ServerExclusions.split(value));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("Invalid " + setting + ": " + e.getMessage(), e);
    }
  }

  private static List<String> validated(Collection<String> patterns) {
    List<String> out = new ArrayList<>();
    for (String pattern : patterns) {
      String p = pattern == null ? "" : normalize(pattern.trim());
      if (p.isEmpty() || !p.matches("[a-z0-9.*:_-]+")) {
        throw new IllegalArgumentException("the host pattern \"" + pattern
            + "\" is not a host name or IP address (with * for any characters), such as"
            + " *.internal or 127.0.0.1");
      }
      out.add(p);
    }
    return out;
  }

  @Override
  public String toString() {
    return "PropagationHosts{allow=" + (allow == null ? "*" : allow) + ", deny=" + deny + "}";
  }
}
