package ai.galileo.tracing.langchain4j.internal;

import dev.langchain4j.model.chat.response.ChatResponseMetadata;
import dev.langchain4j.model.output.FinishReason;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.List;
import java.util.Locale;

/**
 * Why the model stopped, in the words Galileo's views read (OpenAI's: {@code stop},
 * {@code tool_calls}, {@code length}, {@code content_filter}) rather than LangChain4j's enum names.
 *
 * <p>LangChain4j folds what it does not know into {@code OTHER}, or into no reason at all (its
 * OpenAI client does so for any value but the four it maps). Where the response metadata keeps the
 * provider's raw answer (OpenAI's {@code OpenAiChatResponseMetadata} keeps the HTTP body, or the
 * stream's events), the provider's own value is read from it; otherwise {@code OTHER} passes
 * through as {@code other}. The raw answer is reached by name, reflectively, so this module needs
 * no provider's jar.
 *
 * <p>Internal: not part of the public API and may change without notice.
 */
final class FinishReasons {
  private static final String FIELD = "\"finish_reason\"";
  /** How far into a raw body to look; a finish reason sits near the end of a small JSON object. */
  private static final int MAX_SCAN = 1 << 20;

  private static final ClassValue<Accessors> ACCESSORS = new ClassValue<>() {
    @Override
    protected Accessors computeValue(Class<?> type) {
      return new Accessors(method(type, "rawHttpResponse"), method(type, "rawServerSentEvents"));
    }
  };

  private static final ClassValue<Method> BODY = accessor("body");
  private static final ClassValue<Method> DATA = accessor("data");

  private FinishReasons() {}

  private static ClassValue<Method> accessor(String name) {
    return new ClassValue<>() {
      @Override
      protected Method computeValue(Class<?> type) {
        return method(type, name);
      }
    };
  }

  /** The finish reason to record, or null when there is none. */
  static String of(ChatResponseMetadata metadata) {
    FinishReason reason = metadata.finishReason();
    if (reason != null) {
      // By name, so that a constant a later LangChain4j adds or drops cannot break the mapping.
      switch (reason.name()) {
        case "STOP":
          return "stop";
        case "LENGTH":
          return "length";
        case "TOOL_EXECUTION":
          return "tool_calls";
        case "CONTENT_FILTER":
          return "content_filter";
        default:
          break;
      }
    }
    String raw = metadata.getClass() == ChatResponseMetadata.class ? null : raw(metadata);
    if (raw != null) {
      return raw;
    }
    return reason == null ? null : reason.name().toLowerCase(Locale.ROOT);
  }

  /** The provider's own finish reason, from the raw answer the metadata keeps, or null. */
  static String raw(Object metadata) {
    Accessors a = ACCESSORS.get(metadata.getClass());
    Object response = invoke(a.httpResponse, metadata);
    if (response != null) {
      String found = scan(text(response, BODY));
      if (found != null) {
        return found;
      }
    }
    if (invoke(a.events, metadata) instanceof List<?> events) {
      // The reason comes in one of the last events of a stream.
      for (int i = events.size() - 1; i >= 0; i--) {
        String found = scan(text(events.get(i), DATA));
        if (found != null) {
          return found;
        }
      }
    }
    return null;
  }

  /** The last non-null {@code "finish_reason": "..."} of a JSON text, or null. */
  static String scan(String json) {
    if (json == null) {
      return null;
    }
    int limit = Math.min(json.length(), MAX_SCAN);
    String found = null;
    int at = json.indexOf(FIELD);
    while (at >= 0 && at < limit) {
      int i = skipSpace(json, at + FIELD.length(), limit);
      if (i < limit && json.charAt(i) == ':') {
        i = skipSpace(json, i + 1, limit);
        if (i < limit && json.charAt(i) == '"') {
          String value = string(json, i + 1, limit);
          if (value != null && !value.isBlank()) {
            found = value;
          }
        }
      }
      at = json.indexOf(FIELD, at + FIELD.length());
    }
    return found;
  }

  private static int skipSpace(String s, int i, int limit) {
    while (i < limit && Character.isWhitespace(s.charAt(i))) {
      i++;
    }
    return i;
  }

  /** The JSON string starting after its opening quote, unescaped; null when it never closes. */
  private static String string(String s, int start, int limit) {
    StringBuilder out = null;
    for (int i = start; i < limit; i++) {
      char c = s.charAt(i);
      if (c == '"') {
        return out == null ? s.substring(start, i) : out.toString();
      }
      if (c == '\\') {
        if (out == null) {
          out = new StringBuilder().append(s, start, i);
        }
        if (++i >= limit) {
          return null;
        }
        char e = s.charAt(i);
        if (e == 'u' && i + 4 < limit) {
          try {
            out.append((char) Integer.parseInt(s.substring(i + 1, i + 5), 16));
          } catch (NumberFormatException bad) {
            return null;
          }
          i += 4;
        } else {
          out.append(switch (e) {
            case 'n' -> '\n';
            case 't' -> '\t';
            case 'r' -> '\r';
            case 'b' -> '\b';
            case 'f' -> '\f';
            default -> e;
          });
        }
      } else if (out != null) {
        out.append(c);
      }
    }
    return null;
  }

  private static String text(Object holder, ClassValue<Method> accessor) {
    if (holder == null) {
      return null;
    }
    Object value = invoke(accessor.get(holder.getClass()), holder);
    return value instanceof String s ? s : null;
  }

  private static Object invoke(Method m, Object target) {
    if (m == null) {
      return null;
    }
    try {
      return m.invoke(target);
    } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
      return null; // not what it looked like: no raw value, the enum's name stands
    }
  }

  /** A public no-argument method of a public class or interface of the type, or null. */
  private static Method method(Class<?> type, String name) {
    try {
      Method m = type.getMethod(name);
      if (!Modifier.isPublic(m.getDeclaringClass().getModifiers())) {
        return null;
      }
      return m;
    } catch (NoSuchMethodException | SecurityException | LinkageError e) {
      return null;
    }
  }

  private record Accessors(Method httpResponse, Method events) {}
}
