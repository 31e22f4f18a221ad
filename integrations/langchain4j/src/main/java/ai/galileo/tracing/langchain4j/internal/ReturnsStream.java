package ai.galileo.tracing.langchain4j.internal;

import dev.langchain4j.invocation.InvocationContext;
import dev.langchain4j.service.TokenStream;
import dev.langchain4j.spi.ServiceHelper;
import dev.langchain4j.spi.services.TokenStreamAdapter;
import java.lang.reflect.Method;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Whether an AI Service method streams (returns a {@code TokenStream}, or a type a
 * {@link TokenStreamAdapter} makes of one, such as {@code Flux<String>}), decided as LangChain4j
 * decides it. A streaming invocation returns before its work is done and ends on another thread,
 * so its span cannot be made current on the caller's thread; a synchronous one can.
 *
 * <p>When the interface cannot be loaded or the method found, the answer is "streams": the safe
 * side, which only loses the nesting of the user's own spans, never leaks a context.
 *
 * <p>Internal: not part of the public API and may change without notice.
 */
final class ReturnsStream {
  private static final ConcurrentHashMap<String, Boolean> CACHE = new ConcurrentHashMap<>();
  private static volatile Collection<TokenStreamAdapter> adapters;

  private ReturnsStream() {}

  static boolean of(InvocationContext invocation) {
    String key = invocation.interfaceName() + '#' + invocation.methodName() + '/'
        + invocation.methodArguments().size();
    Boolean known = CACHE.get(key);
    if (known != null) {
      return known;
    }
    boolean streams = decide(invocation);
    if (CACHE.size() < 10_000) {
      CACHE.put(key, streams);
    }
    return streams;
  }

  private static boolean decide(InvocationContext invocation) {
    Class<?> type = load(invocation.interfaceName());
    if (type == null) {
      return true;
    }
    boolean found = false;
    for (Method m : type.getMethods()) {
      if (m.getName().equals(invocation.methodName())
          && m.getParameterCount() == invocation.methodArguments().size()) {
        found = true;
        if (m.getReturnType() == TokenStream.class || adaptable(m)) {
          return true;
        }
      }
    }
    return !found;
  }

  private static boolean adaptable(Method m) {
    Collection<TokenStreamAdapter> all = adapters;
    if (all == null) {
      all = List.copyOf(ServiceHelper.loadFactories(TokenStreamAdapter.class));
      adapters = all;
    }
    for (TokenStreamAdapter adapter : all) {
      if (adapter.canAdaptTokenStreamTo(m.getGenericReturnType())) {
        return true;
      }
    }
    return false;
  }

  private static Class<?> load(String name) {
    ClassLoader[] loaders = {
        Thread.currentThread().getContextClassLoader(),
        InvocationContext.class.getClassLoader(),
        ReturnsStream.class.getClassLoader()
    };
    for (ClassLoader loader : loaders) {
      if (loader == null) {
        continue;
      }
      try {
        return Class.forName(name, false, loader);
      } catch (ClassNotFoundException | LinkageError e) {
        // try the next loader
      }
    }
    return null;
  }
}
