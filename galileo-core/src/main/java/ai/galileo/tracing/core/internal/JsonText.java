package ai.galileo.tracing.core.internal;

import ai.galileo.tracing.LlmEvent;
import ai.galileo.tracing.ToolDefinition;
import ai.galileo.tracing.core.internal.export.SafeText;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.io.JsonStringEncoder;
import java.io.IOException;
import java.util.AbstractList;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.RandomAccess;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * JSON text that user code hands a span (a tool's parameter schema, the arguments and results of
 * an LLM event), checked once, when it is set, so that every exporter can copy it as it is.
 *
 * <p>After {@link #normalize(String)} a value is null (nothing given, or only blanks) or one
 * valid JSON value as text, without surrounding whitespace and with every surrogate paired: the
 * text given when it was such a value, otherwise a JSON string holding that text. So nothing is
 * lost, and a writer can copy the value byte for byte without parsing it, and tell an object by its
 * first character.
 *
 * <p>Why here and not in the writer: the writer runs for every export attempt on the exporter's one
 * thread, where it must not parse or allocate per span; the value cannot change once set, so one
 * check on the thread that set it is enough, and every exporter gets valid JSON.
 * {@code SpanData.LlmData} holds its tools and events in lists of this class, which prove they were
 * checked; lists from elsewhere are checked when the {@code LlmData} is made.
 *
 * <p>Internal: not part of the public API and may change without notice.
 */
public final class JsonText {
  /**
   * Deeper values are sent as text: the body around them adds its own depth, and parsers (Jackson's
   * default is 1000, Python's recursion limit) refuse bodies nested too deep.
   */
  static final int MAX_DEPTH = 100;

  private static final JsonFactory FACTORY = JsonFactory.builder()
      .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_DEPTH).build())
      .build();
  /** Repairs unpaired surrogates, cuts nothing. */
  private static final SafeText WELL_FORMED = new SafeText(Integer.MAX_VALUE);
  /**
   * Strings found to be normalized JSON already, by identity: an integration that keeps its tools'
   * schemas as strings offers the same instances on every call, and pays for one parse only. A
   * string is immutable, so a hit is exact; a collision only costs a parse.
   */
  private static final AtomicReferenceArray<String> KNOWN = new AtomicReferenceArray<>(256);
  private static final int KNOWN_MAX_CHARS = 1 << 16;

  private JsonText() {}

  /**
   * {@code text} as one valid JSON value: itself (trimmed, surrogates repaired) when it is JSON,
   * otherwise a JSON string of it; null for null or blank text.
   */
  public static String normalize(String text) {
    if (text == null) {
      return null;
    }
    int slot = System.identityHashCode(text) & (KNOWN.length() - 1);
    if (KNOWN.get(slot) == text) {
      return text;
    }
    String fixed = WELL_FORMED.fix(text);
    String s = fixed.trim(); // JSON's whitespace is all below U+0021
    if (s.isEmpty()) {
      return null;
    }
    if (!isJson(s)) {
      return quote(fixed);
    }
    if (s == text && s.length() <= KNOWN_MAX_CHARS) {
      KNOWN.set(slot, s);
    }
    return s;
  }

  /** True if a {@linkplain #normalize normalized} value is a JSON object. */
  public static boolean isObject(String normalized) {
    return normalized.charAt(0) == '{';
  }

  /** True if a {@linkplain #normalize normalized} value is a JSON string. */
  public static boolean isString(String normalized) {
    return normalized.charAt(0) == '"';
  }

  /** The text of a {@linkplain #isString JSON string} value; the value itself if it is not one. */
  public static String unquote(String normalized) {
    if (!isString(normalized)) {
      return normalized;
    }
    try (JsonParser p = FACTORY.createParser(normalized)) {
      p.nextToken();
      return p.getText();
    } catch (IOException | RuntimeException e) {
      return normalized; // cannot happen for a normalized value
    }
  }

  /** The tool with its parameters normalized; {@code tool} itself when they needed nothing. */
  public static ToolDefinition normalizeTool(ToolDefinition tool) {
    String parameters = normalize(tool.parametersJson());
    return Objects.equals(parameters, tool.parametersJson())
        ? tool
        : new ToolDefinition(tool.name(), tool.description(), parameters);
  }

  /** The event with its JSON fields normalized; {@code event} itself when they needed nothing. */
  public static LlmEvent normalizeEvent(LlmEvent event) {
    if (event instanceof LlmEvent.InternalToolCall c) {
      String in = normalize(c.inputJson());
      String out = normalize(c.outputJson());
      return same(in, c.inputJson()) && same(out, c.outputJson()) ? c
          : new LlmEvent.InternalToolCall(c.id(), c.name(), in, out, c.status());
    }
    if (event instanceof LlmEvent.McpCall c) {
      String args = normalize(c.argumentsJson());
      String result = normalize(c.resultJson());
      return same(args, c.argumentsJson()) && same(result, c.resultJson()) ? c
          : new LlmEvent.McpCall(c.id(), c.serverName(), c.toolName(), args, result,
              c.errorMessage(), c.status());
    }
    if (event instanceof LlmEvent.McpListTools l) {
      List<ToolDefinition> tools = normalizeAll(l.tools());
      return tools == l.tools() ? l
          : new LlmEvent.McpListTools(l.id(), l.serverName(), tools, l.errorMessage(), l.status());
    }
    return event; // reasoning is text only
  }

  /**
   * The tools, with null elements dropped and each normalized, in a list that proves it; the list
   * itself if it is one already.
   */
  public static List<ToolDefinition> tools(List<ToolDefinition> tools) {
    if (tools instanceof Checked<?> c && c.of == ToolDefinition.class) {
      return tools;
    }
    if (tools == null || tools.isEmpty()) {
      return Checked.NO_TOOLS;
    }
    List<ToolDefinition> out = new ArrayList<>(tools.size());
    for (ToolDefinition t : tools) {
      if (t != null) {
        out.add(normalizeTool(t));
      }
    }
    return new Checked<>(ToolDefinition.class, out);
  }

  /** As {@link #tools}, for events. */
  public static List<LlmEvent> events(List<LlmEvent> events) {
    if (events instanceof Checked<?> c && c.of == LlmEvent.class) {
      return events;
    }
    if (events == null || events.isEmpty()) {
      return Checked.NO_EVENTS;
    }
    List<LlmEvent> out = new ArrayList<>(events.size());
    for (LlmEvent e : events) {
      if (e != null) {
        out.add(normalizeEvent(e));
      }
    }
    return new Checked<>(LlmEvent.class, out);
  }

  /**
   * Events every one of which was {@linkplain #normalizeEvent normalized} already, as they are
   * (a view, not a copy: the caller must not change them afterwards).
   */
  static List<LlmEvent> checkedEvents(List<LlmEvent> normalized) {
    return normalized.isEmpty() ? Checked.NO_EVENTS : new Checked<>(LlmEvent.class, normalized);
  }

  private static List<ToolDefinition> normalizeAll(List<ToolDefinition> tools) {
    List<ToolDefinition> out = null;
    for (int i = 0; i < tools.size(); i++) { // McpListTools holds no nulls
      ToolDefinition t = tools.get(i);
      ToolDefinition n = normalizeTool(t);
      if (n != t && out == null) {
        out = new ArrayList<>(tools.subList(0, i));
      }
      if (out != null) {
        out.add(n);
      }
    }
    return out == null ? tools : out;
  }

  private static boolean same(String normalized, String given) {
    return Objects.equals(normalized, given);
  }

  /** One JSON value and nothing after it, by a strict parser. */
  private static boolean isJson(String s) {
    try (JsonParser p = FACTORY.createParser(s)) {
      if (p.nextToken() == null) {
        return false;
      }
      p.skipChildren();
      return p.nextToken() == null;
    } catch (IOException | RuntimeException e) { // malformed, or nested deeper than MAX_DEPTH
      return false;
    }
  }

  private static String quote(String s) {
    StringBuilder out = new StringBuilder(s.length() + 2);
    appendQuoted(out, s);
    return out.toString();
  }

  /** Appends {@code s} as a JSON string literal, quoted and escaped: for integrations writing JSON text. */
  public static void appendQuoted(StringBuilder out, String s) {
    out.append('"');
    JsonStringEncoder.getInstance().quoteAsString(s, out);
    out.append('"');
  }

  /** A list whose elements' JSON text was normalized; unmodifiable, as AbstractList is. */
  private static final class Checked<T> extends AbstractList<T> implements RandomAccess {
    static final List<ToolDefinition> NO_TOOLS = new Checked<>(ToolDefinition.class, List.of());
    static final List<LlmEvent> NO_EVENTS = new Checked<>(LlmEvent.class, List.of());

    final Class<T> of;
    private final List<T> items;

    Checked(Class<T> of, List<T> items) {
      this.of = of;
      this.items = items;
    }

    @Override
    public T get(int index) {
      return items.get(index);
    }

    @Override
    public int size() {
      return items.size();
    }
  }
}
