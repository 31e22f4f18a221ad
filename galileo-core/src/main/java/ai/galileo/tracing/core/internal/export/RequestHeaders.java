package ai.galileo.tracing.core.internal.export;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The headers an exporter sends with every request, checked once and kept ready to write: each
 * {@code name: value} line already as bytes. A name that is not an HTTP token, a value with a line
 * break or another control character, or a header the exchange writes itself ({@code Host}, {@code
 * Content-Length}, {@code Connection}, ...) is refused here, so nothing a caller configured can
 * split or change the request.
 *
 * <p>Internal: not part of the public API and may change without notice.
 */
public final class RequestHeaders {
  /** Headers the exchange writes or must not be given: framing, connection management, routing. */
  private static final Set<String> OWN = Set.of("host", "content-length", "transfer-encoding",
      "connection", "keep-alive", "upgrade", "te", "trailer", "expect", "proxy-connection");

  private final List<String> pairs;
  private final byte[] lines;

  private RequestHeaders(List<String> pairs, byte[] lines) {
    this.pairs = pairs;
    this.lines = lines;
  }

  /**
   * Headers from name, value, name, value, ...
   *
   * @throws IllegalArgumentException for an odd count, or a header {@link #refusal} names
   */
  public static RequestHeaders of(String... namesAndValues) {
    if (namesAndValues.length % 2 != 0) {
      throw new IllegalArgumentException("headers come in name, value pairs");
    }
    StringBuilder text = new StringBuilder();
    List<String> pairs = new ArrayList<>(namesAndValues.length);
    for (int i = 0; i < namesAndValues.length; i += 2) {
      String name = namesAndValues[i];
      String value = namesAndValues[i + 1];
      String why = refusal(name, value);
      if (why != null) {
        // The value is never part of the message: it may be an API key.
        throw new IllegalArgumentException("header '" + safeName(name) + "' " + why);
      }
      pairs.add(name);
      pairs.add(value);
      text.append(name).append(": ").append(value).append("\r\n");
    }
    byte[] lines = new byte[text.length()];
    for (int i = 0; i < lines.length; i++) {
      lines[i] = (byte) text.charAt(i); // checked: every char is at most 0xFF
    }
    return new RequestHeaders(List.copyOf(pairs), lines);
  }

  /** Why a header cannot be sent as given (without its value), or null if it can. */
  public static String refusal(String name, String value) {
    if (name == null || name.isEmpty() || value == null) {
      return "has no name or no value";
    }
    for (int i = 0; i < name.length(); i++) {
      if (!tokenChar(name.charAt(i))) {
        return "has a name that is not an HTTP token";
      }
    }
    if (OWN.contains(name.toLowerCase(Locale.ROOT))) {
      return "is one the HTTP exchange sets itself";
    }
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if ((c < 0x20 && c != '\t') || c == 0x7f || c > 0xff) {
        return "has a value with a line break, a control character or a character outside Latin-1";
      }
    }
    return null;
  }

  /** Name, value, name, value, ... as given. */
  public List<String> pairs() {
    return pairs;
  }

  /** The {@code name: value\r\n} lines; the caller must not change the array. */
  byte[] lines() {
    return lines;
  }

  private static boolean tokenChar(char c) {
    if (c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z') {
      return true;
    }
    return "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
  }

  private static String safeName(String name) {
    if (name == null) {
      return "null";
    }
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < name.length() && i < 64; i++) {
      char c = name.charAt(i);
      b.append(c >= 0x20 && c < 0x7f ? c : '?');
    }
    return b.toString();
  }
}
