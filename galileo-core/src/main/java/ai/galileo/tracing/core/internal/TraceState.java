package ai.galileo.tracing.core.internal;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The list-members of a W3C {@code tracestate} header, in order, as {@code key=value} strings.
 * Immutable.
 *
 * <p>Internal: not part of the public API and may change without notice.
 */
public final class TraceState {
  /** The most list-members a tracestate may hold. */
  public static final int MAX_MEMBERS = 32;
  /**
   * The longest tracestate this SDK writes. The spec asks vendors to pass on at least 512
   * characters, and says how to cut when a system passes on no more; we take exactly that limit.
   */
  public static final int MAX_WRITTEN_LENGTH = 512;
  /** Members longer than this are the first to go when a header must be shortened. */
  private static final int LONG_MEMBER = 128;

  public static final TraceState EMPTY = new TraceState(List.of(), List.of());

  private final List<String> keys;
  private final List<String> members;

  private TraceState(List<String> keys, List<String> members) {
    this.keys = keys;
    this.members = members;
  }

  /**
   * Parses a header value (several header lines already joined with commas). Empty list-members
   * and the spaces and tabs around members are skipped; any invalid member, a repeated key or more
   * than 32 members make the whole header invalid, as the spec requires: null is returned.
   */
  public static TraceState parse(String header) {
    if (header == null) {
      return null;
    }
    List<String> keys = new ArrayList<>();
    List<String> members = new ArrayList<>();
    int start = 0;
    while (start <= header.length()) {
      int comma = header.indexOf(',', start);
      int end = comma < 0 ? header.length() : comma;
      int from = start;
      int to = end;
      while (from < to && isOws(header.charAt(from))) {
        from++;
      }
      while (to > from && isOws(header.charAt(to - 1))) {
        to--;
      }
      if (from < to) {
        int eq = header.indexOf('=', from);
        if (eq < 0 || eq >= to || !isKey(header, from, eq) || !isValue(header, eq + 1, to)) {
          return null;
        }
        String key = header.substring(from, eq);
        if (keys.contains(key) || keys.size() == MAX_MEMBERS) {
          return null;
        }
        keys.add(key);
        members.add(header.substring(from, to));
      }
      start = end + 1;
    }
    return members.isEmpty()
        ? EMPTY
        : new TraceState(Collections.unmodifiableList(keys), Collections.unmodifiableList(members));
  }

  /** The value of the key's member, or null. */
  public String get(String key) {
    int i = keys.indexOf(key);
    return i < 0 ? null : members.get(i).substring(key.length() + 1);
  }

  /** This list without the key's member. */
  public TraceState without(String key) {
    int i = keys.indexOf(key);
    if (i < 0) {
      return this;
    }
    List<String> k = new ArrayList<>(keys);
    List<String> m = new ArrayList<>(members);
    k.remove(i);
    m.remove(i);
    return m.isEmpty()
        ? EMPTY
        : new TraceState(Collections.unmodifiableList(k), Collections.unmodifiableList(m));
  }

  public boolean isEmpty() {
    return members.isEmpty();
  }

  /** The members as {@code key=value}, in order. */
  public List<String> members() {
    return members;
  }

  /**
   * The header to send: {@code first} (this vendor's own member, which the spec puts in front),
   * then these members, cut to 32 members and {@link #MAX_WRITTEN_LENGTH} characters the way the
   * spec recommends (long members first, then from the end). Null when there is nothing to send.
   */
  public String toHeader(String first) {
    List<String> out = new ArrayList<>(members.size() + 1);
    if (first != null) {
      out.add(first);
    }
    for (String member : members) {
      if (out.size() == MAX_MEMBERS) {
        break;
      }
      out.add(member);
    }
    int keep = first == null ? 0 : 1;
    if (length(out) > MAX_WRITTEN_LENGTH) {
      for (int i = out.size() - 1; i >= keep; i--) {
        if (out.get(i).length() > LONG_MEMBER) {
          out.remove(i);
        }
      }
      while (out.size() > keep && length(out) > MAX_WRITTEN_LENGTH) {
        out.remove(out.size() - 1);
      }
    }
    return out.isEmpty() ? null : String.join(",", out);
  }

  @Override
  public String toString() {
    return String.join(",", members);
  }

  private static int length(List<String> members) {
    int n = Math.max(0, members.size() - 1);
    for (String member : members) {
      n += member.length();
    }
    return n;
  }

  private static boolean isOws(char c) {
    return c == ' ' || c == '\t';
  }

  /**
   * {@code simple-key = lcalpha 0*255(keychar)}, or {@code tenant-id "@" system-id} with
   * {@code tenant-id = (lcalpha / DIGIT) 0*240(keychar)} and {@code system-id = lcalpha
   * 0*13(keychar)}.
   */
  private static boolean isKey(String s, int from, int to) {
    int at = s.indexOf('@', from);
    if (at < 0 || at >= to) {
      return to - from >= 1
          && to - from <= 256
          && isLcAlpha(s.charAt(from))
          && keyChars(s, from + 1, to);
    }
    int tenant = at - from;
    int system = to - at - 1;
    return tenant >= 1 && tenant <= 241
        && (isLcAlpha(s.charAt(from)) || isDigit(s.charAt(from)))
        && keyChars(s, from + 1, at)
        && system >= 1 && system <= 14
        && isLcAlpha(s.charAt(at + 1))
        && keyChars(s, at + 2, to);
  }

  private static boolean keyChars(String s, int from, int to) {
    for (int i = from; i < to; i++) {
      char c = s.charAt(i);
      if (!isLcAlpha(c) && !isDigit(c) && c != '_' && c != '-' && c != '*' && c != '/') {
        return false;
      }
    }
    return true;
  }

  /** {@code value = 0*255(chr) nblk-chr}: printable ASCII but ',' and '=', no trailing space. */
  private static boolean isValue(String s, int from, int to) {
    if (to - from < 1 || to - from > 256 || s.charAt(to - 1) == ' ') {
      return false;
    }
    for (int i = from; i < to; i++) {
      char c = s.charAt(i);
      if (c < 0x20 || c > 0x7e || c == ',' || c == '=') {
        return false;
      }
    }
    return true;
  }

  private static boolean isLcAlpha(char c) {
    return c >= 'a' && c <= 'z';
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }
}
