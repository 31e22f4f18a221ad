package ai.galileo.tracing.springai.internal;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The HTTP status of the provider's answer behind an error, when the error says it, so a rate-limited
 * call shows 429 rather than a generic failure. Read from what each client reports, never inferred:
 * Spring's HTTP client exceptions ({@code getStatusCode().value()}), the OpenAI Java SDK's
 * ({@code statusCode()}, Spring AI 2.x's OpenAI model), and the errors Spring AI's response error
 * handlers raise for a REST client, whose message they write as {@code "429 - {body}"}
 * ({@code RetryUtils}) or {@code "HTTP 429 - {body}"} (the retry auto-configuration's).
 *
 * <p>Internal: not part of the public API and may change without notice.
 */
final class Errors {
  private static final Pattern SPRING_AI_MESSAGE = Pattern.compile("^(?:HTTP )?([1-5][0-9]{2}) - ");

  private Errors() {}

  static Integer httpStatus(Throwable error) {
    Throwable t = error;
    for (int depth = 0; t != null && depth < 16; depth++, t = t.getCause()) {
      Integer status = statusOf(t);
      if (status != null) {
        return status;
      }
    }
    return null;
  }

  private static Integer statusOf(Throwable t) {
    if (isA(t, "org.springframework.web.client.RestClientResponseException")
        || isA(t, "org.springframework.web.reactive.function.client.WebClientResponseException")) {
      Object code = call(t, "getStatusCode");
      Object value = code == null ? null : call(code, "value");
      return value instanceof Integer i ? i : null;
    }
    if (isA(t, "com.openai.errors.OpenAIServiceException")) {
      return call(t, "statusCode") instanceof Integer i ? i : null;
    }
    if ((isA(t, "org.springframework.ai.retry.NonTransientAiException")
        || isA(t, "org.springframework.ai.retry.TransientAiException")) && t.getMessage() != null) {
      Matcher m = SPRING_AI_MESSAGE.matcher(t.getMessage());
      return m.find() ? Integer.valueOf(m.group(1)) : null;
    }
    return null;
  }

  private static boolean isA(Object o, String className) {
    for (Class<?> c = o.getClass(); c != null; c = c.getSuperclass()) {
      if (c.getName().equals(className)) {
        return true;
      }
    }
    return false;
  }

  /** Calls a public no-argument method through a public type that declares it. */
  private static Object call(Object target, String method) {
    for (Class<?> type : publicTypes(target.getClass())) {
      try {
        Method m = type.getMethod(method);
        return m.invoke(target);
      } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
        // not declared here, or not accessible: try the next type
      }
    }
    return null;
  }

  private static List<Class<?>> publicTypes(Class<?> type) {
    List<Class<?>> out = new ArrayList<>();
    for (Class<?> c = type; c != null; c = c.getSuperclass()) {
      if (Modifier.isPublic(c.getModifiers())) {
        out.add(c);
      }
      for (Class<?> i : c.getInterfaces()) {
        if (Modifier.isPublic(i.getModifiers())) {
          out.add(i);
        }
      }
    }
    return out;
  }
}
