package ai.galileo.tracing.opentelemetry.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.StringWriter;

/**
 * JSON read from attribute values with Jackson's streaming parser (what the bridge has on its
 * class path).
 *
 * <p>Internal: not part of the public API and may change without notice.
 */
final class JsonValues {
  private static final JsonFactory JSON = new JsonFactory();

  private JsonValues() {}

  static JsonParser parser(String json) throws IOException {
    return JSON.createParser(json);
  }

  /**
   * The value the parser is on as text: a string as it is, null for JSON null, anything else
   * (an object, say) as its JSON. The parser is left on the value's last token.
   */
  static String text(JsonParser p) throws IOException {
    JsonToken t = p.currentToken();
    if (t == JsonToken.VALUE_STRING) {
      return p.getText();
    }
    if (t == JsonToken.VALUE_NULL) {
      return null;
    }
    StringWriter out = new StringWriter();
    try (JsonGenerator g = JSON.createGenerator(out)) {
      g.copyCurrentStructure(p);
    }
    return out.toString();
  }
}
