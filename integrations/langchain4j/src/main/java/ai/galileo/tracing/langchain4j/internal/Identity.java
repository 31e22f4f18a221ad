package ai.galileo.tracing.langchain4j.internal;

/**
 * An object compared by identity, as a map key: two equal messages of two calls are still two
 * calls, and two equal tool specifications still two objects to cache.
 *
 * <p>Internal: not part of the public API and may change without notice.
 */
record Identity(Object ref) {
  @Override
  public boolean equals(Object o) {
    return o instanceof Identity other && other.ref == ref;
  }

  @Override
  public int hashCode() {
    return System.identityHashCode(ref);
  }
}
