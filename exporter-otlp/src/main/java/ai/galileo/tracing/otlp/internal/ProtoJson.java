package ai.galileo.tracing.otlp.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;

/**
 * JSON attribute values (messages, documents, tool definitions) written by Jackson straight into
 * a {@link ProtoWriter}'s buffer as UTF-8, with one generator reused for every value: no String,
 * char array or generator per attribute. Each value is a root-level JSON value with no separator
 * before it; flushing after it moves its bytes into the string field being written.
 *
 * <p>A lone surrogate in a string that did not come through {@code SafeText} (a tool call id, a
 * metadata key, a user's JSON) is written by Jackson's UTF-8 generator as a JSON escape of that
 * surrogate (backslash, u, D800 to DFFF), which strict readers refuse; the value is then rewound and the caller writes it another way
 * (through a String, repaired to U+FFFD, as the exporter always did).
 *
 * <p>Not thread-safe: one per encoder.
 */
final class ProtoJson extends OutputStream {
  private static final JsonFactory FACTORY = new JsonFactory();

  private ProtoWriter target;
  private JsonGenerator generator = newGenerator();

  private JsonGenerator newGenerator() {
    try {
      JsonGenerator g = FACTORY.createGenerator(this);
      g.setRootValueSeparator(null);
      return g;
    } catch (IOException e) {
      throw new UncheckedIOException(e); // creating a generator over a stream does no I/O
    }
  }

  /**
   * Writes a string field holding the JSON {@code body} writes; false, with nothing written, if
   * Jackson refused it.
   */
  boolean stringField(ProtoWriter w, int field, JsonText.Body body) {
    int position = w.size();
    int depth = w.depth();
    target = w;
    try {
      w.begin(field, 2);
      int start = w.size();
      body.write(generator);
      generator.flush();
      if (hasEscapedSurrogate(w.array(), start, w.size())) {
        w.rewind(position, depth);
        return false;
      }
      w.end();
      return true;
    } catch (IOException | RuntimeException e) {
      w.rewind(position, depth);
      generator = newGenerator(); // the old one is mid-value; its buffered bytes are dropped with it
      return false;
    } finally {
      target = null;
    }
  }

  /** True if the JSON in {@code [from, to)} has an escaped surrogate (backslash, u, D800 to DFFF). */
  static boolean hasEscapedSurrogate(byte[] json, int from, int to) {
    for (int i = from; i < to; i++) {
      while (i + 8 <= to && Utf8.noBackslash(json, i)) {
        i += 8; // most values have no escape at all
      }
      if (i >= to) {
        break;
      }
      if (json[i] != '\\') {
        continue;
      }
      if (i + 3 < to && json[i + 1] == 'u' && (json[i + 2] == 'D' || json[i + 2] == 'd')) {
        byte c = json[i + 3];
        if ((c >= '8' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F')) {
          return true;
        }
      }
      i++; // the escaped character: an escaped backslash is not the start of another escape
    }
    return false;
  }

  @Override
  public void write(int b) {
    target.rawByte(b);
  }

  @Override
  public void write(byte[] b, int off, int len) {
    target.raw(b, off, len);
  }
}
