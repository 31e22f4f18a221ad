package ai.galileo.tracing.transport.mcp;

import ai.galileo.tracing.Propagator;
import ai.galileo.tracing.core.transport.ClientTracing;
import ai.galileo.tracing.core.transport.ServerTracing;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Carries a trace in an MCP message's {@code _meta} object, a {@code Map<String, Object>}, with the
 * tracer's own propagators: the carrier adapters the core's {@link ClientTracing} and
 * {@link ServerTracing} take, so any MCP implementation can carry our traces with its own message
 * types (the official SDK's here; LangChain4j's or Spring AI's elsewhere). It uses no MCP SDK class.
 *
 * <pre>{@code
 * Map<String, Object> meta = new LinkedHashMap<>(request.meta());         // the request's params._meta
 * clientTracing.inject(call.context(), meta, McpMeta.SETTER, McpMeta.REMOVER);
 * ...
 * ServerSpan span = serverTracing.start(meta, McpMeta.GETTER, "tools/call get_weather", input, attrs);
 * }</pre>
 *
 * <p>Keys ({@link #key}): the W3C fields that MCP's SEP-414 reserves in {@code _meta} keep their
 * names, unprefixed: {@code traceparent}, {@code tracestate}, {@code baggage}. Every other field a
 * propagator writes is ours, and MCP's {@code _meta} rules want such keys under a prefix of the
 * owner's reverse domain name, so it is written lower-case under {@value #PREFIX}, Galileo's domain
 * reversed: {@code ai.galileo/x-galileo-trace-id}, {@code ai.galileo/x-galileo-parent-id}. The name
 * after the prefix is the HTTP header's, so one rule covers every propagator, plug-ins and the
 * {@code splunk-ao} spelling included, and the key says which header it stands for. The server's
 * answer names its span under {@value #SPAN_ID_KEY}, the {@code X-Galileo-Span-ID} header's key.
 *
 * <p>What is read is never trusted: a value that is not a string, or longer than
 * {@value #MAX_VALUE_LENGTH} characters, counts as absent, and the propagators refuse malformed
 * ones, so bad {@code _meta} gives a trace of its own and never an exception. Keys are matched
 * exactly, as JSON's are: the prefixed ones and SEP-414's are lower-case.
 *
 * @since 0.1.0
 */
public final class McpMeta {
  /** The prefix of every {@code _meta} key of ours. */
  public static final String PREFIX = "ai.galileo/";
  /** The key of the server span's id in a result's {@code _meta}, the {@code X-Galileo-Span-ID}. */
  public static final String SPAN_ID_KEY = PREFIX + "x-galileo-span-id";
  /** Longer values are ignored: W3C's largest field, {@code baggage}, is at most 8192 bytes. */
  public static final int MAX_VALUE_LENGTH = 8192;

  /** Fields SEP-414 reserves unprefixed in {@code _meta}. */
  private static final Set<String> RESERVED = Set.of("traceparent", "tracestate", "baggage");
  private static final int MAX_KEYS = 256;
  private static final ConcurrentMap<String, String> KEYS = new ConcurrentHashMap<>();

  /** Reads a field from a {@code _meta} map; non-string and oversized values read as absent. */
  public static final Propagator.Getter<Map<String, ?>> GETTER = new Propagator.Getter<>() {
    @Override
    public String get(Map<String, ?> carrier, String name) {
      if (carrier == null || name == null) {
        return null;
      }
      Object value = carrier.get(key(name));
      return value instanceof String s && s.length() <= MAX_VALUE_LENGTH ? s : null;
    }

    @Override
    public List<String> getAll(Map<String, ?> carrier, String name) {
      String value = get(carrier, name); // a JSON object has one value per key
      return value == null ? List.of() : List.of(value);
    }
  };

  /** Writes a field into a mutable {@code _meta} map, replacing what the key held. */
  public static final Propagator.Setter<Map<String, Object>> SETTER = (carrier, name, value) -> {
    if (carrier != null && name != null && value != null) {
      carrier.put(key(name), value);
    }
  };

  /** Removes a field from a mutable {@code _meta} map, so a re-sent request carries one current set. */
  public static final ClientTracing.Remover<Map<String, Object>> REMOVER = (carrier, name) -> {
    if (carrier != null && name != null) {
      carrier.remove(key(name));
    }
  };

  private McpMeta() {}

  /**
   * The {@code _meta} key of a propagator field or header name: {@code traceparent},
   * {@code tracestate} and {@code baggage} as they are, anything else lower-case under
   * {@value #PREFIX} ({@code X-Galileo-Trace-ID} is {@code ai.galileo/x-galileo-trace-id}).
   */
  public static String key(String field) {
    String key = KEYS.get(field);
    if (key == null) {
      String lower = field.toLowerCase(Locale.ROOT);
      key = RESERVED.contains(lower) ? lower : PREFIX + lower;
      if (KEYS.size() < MAX_KEYS) { // propagators have a handful of fields; never grow unbounded
        KEYS.putIfAbsent(field, key);
      }
    }
    return key;
  }

  /** True if the map holds a key {@link #isTracingKey} accepts. */
  static boolean hasTracingKey(Map<String, ?> meta) {
    for (String key : meta.keySet()) {
      if (isTracingKey(key)) {
        return true;
      }
    }
    return false;
  }

  /** True if the {@code _meta} key is one this class writes for some field: reserved or ours. */
  public static boolean isTracingKey(String key) {
    return key != null && (RESERVED.contains(key) || key.startsWith(PREFIX));
  }
}
