package ai.galileo.tracing;

import java.util.Objects;

/**
 * A key for a value carried in a {@link Context}, compared by identity. Plug-ins use keys to carry
 * their own state, such as a W3C {@code tracestate}, from extraction to injection.
 *
 * @param <T> the type of the value
 * @since 0.1.0
 */
public final class ContextKey<T> {
  private final String name;

  private ContextKey(String name) {
    this.name = Objects.requireNonNull(name, "name");
  }

  /** A new key; the name is for debugging only. */
  public static <T> ContextKey<T> named(String name) {
    return new ContextKey<>(name);
  }

  @Override
  public String toString() {
    return name;
  }
}
