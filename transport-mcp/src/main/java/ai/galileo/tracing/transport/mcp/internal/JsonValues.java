package ai.galileo.tracing.transport.mcp.internal;

import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Reads and writes the plain JSON values (maps, lists, strings, numbers, booleans) that MCP
 * messages hold once parsed, without a JSON library: a tool's arguments become a span's input,
 * a result's text its output. Never throws on odd values: they are written as their text.
 *
 * <p>Internal: not part of the public API and may change without notice.
 */
public final class JsonValues {
  /** Deeper values are written as their text: arguments are data, not a stack overflow. */
  private static final int MAX_DEPTH = 32;

  private JsonValues() {}

  /** The value as JSON text, or null for null. */
  public static String write(Object value) {
    if (value == null) {
      return null;
    }
    StringBuilder out = new StringBuilder(64);
    write(out, value, 0);
    return out.toString();
  }

  private static void write(StringBuilder out, Object v, int depth) {
    if (v == null) {
      out.append("null");
    } else if (v instanceof String s) {
      string(out, s);
    } else if (v instanceof Boolean || v instanceof Integer || v instanceof Long
        || v instanceof Short || v instanceof Byte || v instanceof java.math.BigInteger
        || v instanceof java.math.BigDecimal) {
      out.append(v);
    } else if (v instanceof Number n) {
      double d = n.doubleValue();
      if (Double.isFinite(d)) {
        out.append(v);
      } else {
        out.append("null");
      }
    } else if (depth >= MAX_DEPTH) {
      string(out, String.valueOf(v));
    } else if (v instanceof Map<?, ?> map) {
      out.append('{');
      boolean first = true;
      for (Map.Entry<?, ?> e : map.entrySet()) {
        if (!first) {
          out.append(',');
        }
        first = false;
        string(out, String.valueOf(e.getKey()));
        out.append(':');
        write(out, e.getValue(), depth + 1);
      }
      out.append('}');
    } else if (v instanceof Collection<?> list) {
      out.append('[');
      boolean first = true;
      for (Object item : list) {
        if (!first) {
          out.append(',');
        }
        first = false;
        write(out, item, depth + 1);
      }
      out.append(']');
    } else {
      string(out, String.valueOf(v));
    }
  }

  private static void string(StringBuilder out, String s) {
    ai.galileo.tracing.core.internal.JsonText.appendQuoted(out, s);
  }

  /** The {@code text} of every {@code {"type":"text"}} item of a content list, one per line. */
  public static String text(Object content) {
    if (!(content instanceof List<?> items) || items.isEmpty()) {
      return null;
    }
    StringBuilder out = null;
    for (Object item : items) {
      if (item instanceof Map<?, ?> m && "text".equals(m.get("type")) && m.get("text") instanceof String t) {
        out = out == null ? new StringBuilder(t.length()) : out.append('\n');
        out.append(t);
      }
    }
    return out == null ? null : out.toString();
  }

  /** A map's string-keyed map value, such as a result's {@code _meta}, or null. */
  @SuppressWarnings("unchecked")
  public static Map<String, ?> map(Object map, String key) {
    if (map instanceof Map<?, ?> m && m.get(key) instanceof Map<?, ?> inner) {
      return (Map<String, ?>) inner;
    }
    return null;
  }
}
