package ai.galileo.tracing.otlp.internal;

/**
 * An attribute key with an index in it ({@code retrieval.documents.0.document.content}), made
 * once per index for the first few, so a span's keys cost no string building. A race between two
 * encoders makes the same string twice, which is harmless.
 */
final class IndexedKey {
  private static final int CACHED = 32;

  private final String prefix;
  private final String suffix;
  private final String[] keys = new String[CACHED];

  IndexedKey(String prefix, String suffix) {
    this.prefix = prefix;
    this.suffix = suffix;
  }

  String at(int index) {
    if (index >= CACHED) {
      return prefix + index + suffix;
    }
    String key = keys[index];
    if (key == null) {
      key = prefix + index + suffix;
      keys[index] = key;
    }
    return key;
  }
}
