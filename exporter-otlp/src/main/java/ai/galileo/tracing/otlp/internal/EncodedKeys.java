package ai.galileo.tracing.otlp.internal;

/**
 * Attribute keys already encoded as a field 1 of their message (tag, length and UTF-8): every span
 * repeats the same keys, which are constants or made once ({@link IndexedKey}). A slot is looked
 * up by the string's hash and matched by identity, so a hit costs a comparison and a copy. A slot
 * is filled once and kept, so a key made anew for each span (a tool call's) never evicts the
 * constants that came first; keys are short, so what the table holds stays small. Values are not
 * kept: they are rarely the same object twice, and a table of them would hold the users' text.
 *
 * <p>Not thread-safe: one per encoder.
 */
final class EncodedKeys {
  /** Longer keys are encoded each time. */
  static final int MAX_CHARS = 64;
  private static final int SLOTS = 512;

  private final String[] strings = new String[SLOTS];
  private final byte[][] fields = new byte[SLOTS][];
  private final ProtoWriter scratch = new ProtoWriter(3 * MAX_CHARS + 8);

  /** Writes {@code s} (at most {@link #MAX_CHARS} long) as field 1 of the current message: {@code KeyValue.key}. */
  void key(ProtoWriter w, String s) {
    int slot = s.hashCode() & (SLOTS - 1);
    String held = strings[slot];
    if (held == s) {
      w.raw(fields[slot]);
      return;
    }
    if (held != null) {
      w.string(1, s);
      return;
    }
    scratch.reset();
    scratch.string(1, s);
    byte[] field = scratch.toByteArray();
    fields[slot] = field;
    strings[slot] = s;
    w.raw(field);
  }
}
