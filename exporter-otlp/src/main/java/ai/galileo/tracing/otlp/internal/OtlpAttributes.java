package ai.galileo.tracing.otlp.internal;

import ai.galileo.tracing.core.internal.export.SafeText;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

/**
 * One span's attributes in order, strings cut and repaired, then written as OTLP {@code KeyValue}s.
 * Held in arrays that are reused from span to span, so collecting them allocates nothing. Each key
 * is put once by the mapping; metadata, put last, only where its key is not taken ({@link
 * #putIfAbsent}). JSON the exporter writes is not cut as a whole, which would leave it malformed:
 * each string in it was cut as it was written, as the Galileo exporter cuts each field of a record.
 *
 * <p>Not thread-safe: one per encoder.
 */
final class OtlpAttributes {
  private static final SafeText REPAIR_ONLY = new SafeText(Integer.MAX_VALUE);

  private static final byte STRING = 1;
  private static final byte INT = 2;
  private static final byte DOUBLE = 3;
  private static final byte BOOL = 4;
  private static final byte STRINGS = 5;
  /** A UUID written in its canonical text form, without making a String of it. */
  private static final byte UUID_TEXT = 6;
  /** JSON the exporter writes, written into the request when the attributes are. */
  private static final byte JSON = 7;

  // AnyValue's fields.
  private static final int STRING_VALUE = 1;
  private static final int BOOL_VALUE = 2;
  private static final int INT_VALUE = 3;
  private static final int DOUBLE_VALUE = 4;
  private static final int ARRAY_VALUE = 5;

  private final SafeText text;
  /** Strings up to this long go to the writer as they are: it repairs them as it encodes them. */
  private final int maxChars;
  private final ProtoJson json = new ProtoJson();
  private final EncodedKeys encodedKeys = new EncodedKeys();
  private String[] keys = new String[32];
  private byte[] kinds = new byte[32];
  /** A string, a String[], a UUID or a JsonText.Body, by kind. */
  private Object[] objects = new Object[32];
  /** A long, a double's bits or a boolean as 0 or 1, by kind. */
  private long[] numbers = new long[32];
  private int size;

  OtlpAttributes(SafeText text, int maxChars) {
    this.text = text;
    this.maxChars = maxChars;
  }

  void clear() {
    Arrays.fill(objects, 0, size, null);
    Arrays.fill(keys, 0, size, null);
    size = 0;
  }

  int size() {
    return size;
  }

  String key(int i) {
    return keys[i];
  }

  void put(String key, String value) {
    if (value != null) {
      // Only a string over the limit is cut here; the writer repairs the rest as SafeText would.
      add(key, STRING, value.length() > maxChars ? text.fix(value) : value, 0);
    }
  }

  /**
   * JSON written by the exporter, its strings cut as they are written, never cut as a whole; the
   * body runs when the attributes are written, so it must only read what does not change.
   */
  void putJson(String key, JsonText.Body body) {
    add(key, JSON, body, 0);
  }

  void put(String key, long value) {
    add(key, INT, null, value);
  }

  /** A count, when it was set. */
  void put(String key, Long value) {
    if (value != null) {
      put(key, value.longValue());
    }
  }

  void put(String key, boolean value) {
    add(key, BOOL, null, value ? 1 : 0);
  }

  void putDouble(String key, double value) {
    add(key, DOUBLE, null, Double.doubleToRawLongBits(value));
  }

  void putUuid(String key, UUID value) {
    add(key, UUID_TEXT, value, 0);
  }

  /** A string array attribute, such as {@code gen_ai.response.finish_reasons}. */
  void putStrings(String key, String... strings) {
    String[] fixed = new String[strings.length];
    for (int i = 0; i < strings.length; i++) {
      fixed[i] = text.fix(strings[i]);
    }
    add(key, STRINGS, fixed, 0);
  }

  void putStrings(String key, List<String> strings) {
    putStrings(key, strings.toArray(new String[0]));
  }

  void putIfAbsent(String key, String value) {
    if (value == null) {
      return;
    }
    for (int i = 0; i < size; i++) {
      if (keys[i].equals(key)) {
        return;
      }
    }
    put(key, value);
  }

  private void add(String key, byte kind, Object object, long number) {
    if (size == keys.length) {
      int n = size * 2;
      keys = Arrays.copyOf(keys, n);
      kinds = Arrays.copyOf(kinds, n);
      objects = Arrays.copyOf(objects, n);
      numbers = Arrays.copyOf(numbers, n);
    }
    keys[size] = key;
    kinds[size] = kind;
    objects[size] = object;
    numbers[size] = number;
    size++;
  }

  /** Every attribute as a repeated {@code KeyValue} field of the message being written. */
  void write(ProtoWriter w, int field) {
    for (int i = 0; i < size; i++) {
      String key = keys[i];
      byte kind = kinds[i];
      // Room for the lengths, sized from the characters (exact for ASCII; end() moves it if not).
      int valueChars = kind == STRING ? ((String) objects[i]).length() + 5 : kind == JSON ? 1000 : 40;
      w.begin(field, ProtoWriter.varintSize(key.length() + valueChars + 8));
      if (key.length() <= EncodedKeys.MAX_CHARS) {
        if (!key.isEmpty()) {
          encodedKeys.key(w, key);
        }
      } else {
        w.string(1, key);
      }
      w.begin(2, ProtoWriter.varintSize(valueChars + 2));
      switch (kind) {
        case STRING -> w.string(STRING_VALUE, (String) objects[i]);
        case INT -> w.int64(INT_VALUE, numbers[i]);
        case DOUBLE -> w.fixed64(DOUBLE_VALUE, numbers[i]);
        case BOOL -> w.bool(BOOL_VALUE, numbers[i] != 0);
        case UUID_TEXT -> w.uuidText(STRING_VALUE, (UUID) objects[i]);
        case JSON -> {
          JsonText.Body body = (JsonText.Body) objects[i];
          if (!json.stringField(w, STRING_VALUE, body)) {
            // A lone surrogate Jackson refused: through a String, repaired, as before.
            w.string(STRING_VALUE, REPAIR_ONLY.fix(JsonText.of(body)));
          }
        }
        case STRINGS -> {
          w.begin(ARRAY_VALUE);
          for (String s : (String[]) objects[i]) {
            w.begin(1); // ArrayValue.values
            w.string(STRING_VALUE, s);
            w.end();
          }
          w.end();
        }
        default -> throw new IllegalStateException("kind " + kind);
      }
      w.end();
      w.end();
    }
  }
}
