package ai.galileo.tracing.spring.boot.internal;

import ai.galileo.tracing.Propagator;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.List;
import org.springframework.http.HttpHeaders;

/**
 * {@link HttpHeaders} as a carrier, on Spring Framework 6 (Boot 3) and 7 (Boot 4) alike. Spring 7's
 * {@code HttpHeaders} is no longer a {@code Map}: its {@code get} and {@code remove} take a
 * {@code String} where Spring 6's took an {@code Object}, so a call compiled against one is not
 * found in the other. Those two are looked up once, by whichever signature is there;
 * {@code getFirst} and {@code set} have the same signature in both.
 *
 * <p>Internal: not part of the public API and may change without notice.
 */
public final class Headers {
  private static final MethodHandle GET = find("get", List.class);
  private static final MethodHandle REMOVE = find("remove", List.class);

  /** Reads a request's or response's headers; names are matched case-insensitively. */
  public static final Propagator.Getter<HttpHeaders> GETTER = new Propagator.Getter<>() {
    @Override
    public String get(HttpHeaders carrier, String name) {
      return carrier.getFirst(name);
    }

    @Override
    public List<String> getAll(HttpHeaders carrier, String name) {
      List<String> values = Headers.getAll(carrier, name);
      return values == null ? List.of() : values;
    }
  };

  private Headers() {}

  /** Sets a header, replacing its values. */
  public static void set(HttpHeaders headers, String name, String value) {
    headers.set(name, value);
  }

  /** Removes every value of a header. */
  public static void remove(HttpHeaders headers, String name) {
    try {
      REMOVE.invoke(headers, name);
    } catch (RuntimeException | Error e) {
      throw e;
    } catch (Throwable t) {
      throw new IllegalStateException(t);
    }
  }

  @SuppressWarnings("unchecked")
  private static List<String> getAll(HttpHeaders headers, String name) {
    try {
      return (List<String>) GET.invoke(headers, name);
    } catch (RuntimeException | Error e) {
      throw e;
    } catch (Throwable t) {
      throw new IllegalStateException(t);
    }
  }

  private static MethodHandle find(String method, Class<?> returns) {
    MethodHandles.Lookup lookup = MethodHandles.publicLookup();
    try {
      return lookup.findVirtual(HttpHeaders.class, method, MethodType.methodType(returns, String.class));
    } catch (NoSuchMethodException | IllegalAccessException spring7Missing) {
      try {
        return lookup.findVirtual(HttpHeaders.class, method, MethodType.methodType(returns, Object.class))
            .asType(MethodType.methodType(returns, HttpHeaders.class, String.class));
      } catch (NoSuchMethodException | IllegalAccessException e) {
        throw new ExceptionInInitializerError(e);
      }
    }
  }
}
