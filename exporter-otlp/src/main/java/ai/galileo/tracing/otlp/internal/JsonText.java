package ai.galileo.tracing.otlp.internal;

import ai.galileo.tracing.core.internal.export.SafeText;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;

/**
 * JSON written into string attributes, and JSON text from the user (tool schemas, tool arguments)
 * embedded in it: as JSON when it is one well-formed value that fits {@code
 * GALILEO_MAX_FIELD_CHARS}, otherwise as a string, cut with the usual marker, so it is never lost
 * and never makes the attribute malformed.
 */
final class JsonText {
  private static final JsonFactory JSON = new JsonFactory();

  interface Body {
    void write(JsonGenerator g) throws IOException;
  }

  private final SafeText text;
  private final int maxChars;

  JsonText(SafeText text, int maxChars) {
    this.text = text;
    this.maxChars = maxChars;
  }

  static String of(Body body) {
    StringWriter out = new StringWriter();
    try (JsonGenerator g = JSON.createGenerator(out)) {
      body.write(g);
    } catch (IOException e) {
      throw new UncheckedIOException(e); // a StringWriter does not fail
    }
    return out.toString();
  }

  /**
   * The JSON text as JSON when it is one whole value that fits, else as a (cut) string. The core
   * hands text that was not JSON over as a JSON string of it; too long, that string's own text is
   * cut, not its quoted form.
   */
  void value(JsonGenerator g, String json) throws IOException {
    if (firstToken(json) != null) {
      copy(g, json);
    } else {
      text.write(g, json.isEmpty() ? json : ai.galileo.tracing.core.internal.JsonText.unquote(json));
    }
  }

  /**
   * The JSON text as a JSON object, which Galileo's event fields require: an object as it is,
   * anything else wrapped as {@code {"value": ...}}.
   */
  void object(JsonGenerator g, String json) throws IOException {
    if (firstToken(json) == JsonToken.START_OBJECT) {
      copy(g, json);
      return;
    }
    g.writeStartObject();
    g.writeFieldName("value");
    value(g, json);
    g.writeEndObject();
  }

  /** The first token of one whole JSON value that fits the limit; null for anything else. */
  private JsonToken firstToken(String json) {
    if (json.length() > maxChars) {
      return null;
    }
    try (JsonParser p = JSON.createParser(json)) {
      JsonToken first = p.nextToken();
      if (first == null) {
        return null;
      }
      p.skipChildren();
      return p.nextToken() == null ? first : null;
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  private static void copy(JsonGenerator g, String json) throws IOException {
    try (JsonParser p = JSON.createParser(json)) {
      p.nextToken();
      g.copyCurrentStructure(p);
    }
  }
}
