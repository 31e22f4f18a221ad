package ai.galileo.tracing.otlp.internal;

import ai.galileo.tracing.core.internal.export.SafeText;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;

/**
 * Text inside the JSON attribute values (message contents, documents, tool fields), cut and
 * repaired as {@link SafeText} does, at less cost when written into a request: a string within the
 * limit is not scanned first, since a lone surrogate in it reaches {@link ProtoJson}, which writes
 * the value another way (repaired); and a longer string with nothing to escape is encoded to UTF-8
 * by {@link Utf8} and handed to Jackson as it is, rather than through Jackson's
 * character-at-a-time loop. The bytes are the same either way.
 *
 * <p>Not thread-safe: one per encoder.
 */
final class JsonStrings {
  /** Shorter strings go to Jackson as they are: setting up the copy costs more than it saves. */
  private static final int COPY_MIN_CHARS = 32;
  /** Longer strings go to Jackson too, so the scratch array stays small. */
  private static final int COPY_MAX_CHARS = 8192;

  private final SafeText text;
  private final int maxChars;
  private final Utf8 utf8 = new Utf8();
  private byte[] scratch = new byte[3 * 256];

  JsonStrings(SafeText text, int maxChars) {
    this.text = text;
    this.maxChars = maxChars;
  }

  /** Writes {@code s} as a JSON string value, cut to the limit; a lone surrogate repaired. */
  void write(JsonGenerator g, String s) throws IOException {
    int n = s.length();
    // Only ProtoJson's generator is checked for escaped surrogates, and only a UTF-8 one takes bytes.
    if (n > maxChars || !(g.getOutputTarget() instanceof ProtoJson)) {
      text.write(g, s);
      return;
    }
    if (n < COPY_MIN_CHARS || n > COPY_MAX_CHARS) {
      g.writeString(s);
      return;
    }
    if (scratch.length < 3 * n) {
      scratch = new byte[Math.max(3 * n, 2 * scratch.length)];
    }
    int length = utf8.encode(s, scratch, 0);
    if (Utf8.needsJsonEscape(scratch, 0, length)) {
      g.writeString(s);
    } else {
      g.writeRawUTF8String(scratch, 0, length);
    }
  }
}
