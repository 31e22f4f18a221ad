package ai.galileo.tracing.core.internal;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The list-members of a W3C {@code tracestate} header, in order, as {@code key=value} strings.
 * Immutable.
 *
 * <p>What is done with each kind of bad input (the spec lets a vendor discard an unparsable header
 * whole, or only its invalid members; the test suite of the W3C expects the former):
 *
 * <ul>
 *   <li>a member whose key or value breaks the grammar: the whole header is invalid. Once one
 *       member cannot be read, nothing says where the next one really starts ({@code foo=bar=baz},
 *       a comma inside a value), so keeping the rest would be a guess;
 *   <li>more than 32 members: the whole header is invalid. No sender that follows the spec makes
 *       one, since adding a 33rd member must push out the right-most;
 *   <li>a key seen again: the later members with that key are dropped and the first is kept. The
 *       left-most member of a key is its latest (a vendor moves what it updates to the front), and
 *       a list we pass on then never repeats a key;
 *   <li>empty members and the spaces and tabs around members: skipped, as the spec allows.
 * </ul>
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
  /** The longest key and the longest value the grammar allows. */
  static final int MAX_KEY_LENGTH = 256;
  static final int MAX_VALUE_LENGTH = 256;
  /** Members longer than this are the first to go when a header must be shortened. */
  private static final int LONG_MEMBER = 128;

  public static final TraceState EMPTY = new TraceState(List.of(), List.of(), 0);

  private final List<String> keys;
  private final List<String> members;
  private final int repeatsDropped;

  private TraceState(List<String> keys, List<String> members, int repeatsDropped) {
    this.keys = keys;
    this.members = members;
    this.repeatsDropped = repeatsDropped;
  }

  /**
   * Parses a header value (several header lines already joined with commas), or returns null when
   * the header is invalid as a whole: a member that breaks the grammar, or more than 32 members.
   * Empty members and the spaces and tabs around members are skipped; a repeated key keeps its
   * first member. Valid members are kept exactly as they came.
   */
  public static TraceState parse(String header) {
    if (header == null) {
      return null;
    }
    List<String> keys = new ArrayList<>();
    List<String> members = new ArrayList<>();
    int count = 0;
    int repeats = 0;
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
        if (++count > MAX_MEMBERS) {
          return null;
        }
        String key = header.substring(from, eq);
        if (keys.contains(key)) {
          repeats++;
        } else {
          keys.add(key);
          members.add(header.substring(from, to));
        }
      }
      start = end + 1;
    }
    return members.isEmpty()
        ? EMPTY
        : new TraceState(
            Collections.unmodifiableList(keys), Collections.unmodifiableList(members), repeats);
  }

  /**
   * True if the key follows the tracestate key grammar of the current W3C text:
   * {@code key = (lcalpha / DIGIT) 0*255(keychar)}, where {@code keychar} is a lower-case letter,
   * a digit, or one of {@code _ - * / @}.
   *
   * <p>This is the Level 2 grammar, which the W3C's test suite checks. Every key that Level 1's
   * grammar allows (a simple key {@code lcalpha 0*255(...)}, or {@code tenant@system} with a
   * tenant of up to 241 and a system of up to 14 characters) is valid here too: Level 2 only
   * stopped rejecting the keys that Level 1's two rules left out ({@code 1abc}, {@code abc@},
   * {@code a@b@c}, a longer tenant or system), so members other vendors send are passed on
   * rather than thrown away.
   */
  public static boolean isKey(CharSequence s) {
    return s != null && isKey(s, 0, s.length());
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
        : new TraceState(Collections.unmodifiableList(k), Collections.unmodifiableList(m), 0);
  }

  public boolean isEmpty() {
    return members.isEmpty();
  }

  /** The members as {@code key=value}, in order. */
  public List<String> members() {
    return members;
  }

  /** How many members {@link #parse} dropped because their key came earlier in the list. */
  public int repeatsDropped() {
    return repeatsDropped;
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

  /** The members joined with commas, uncut: the list as it came, less what parsing skipped. */
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

  private static boolean isKey(CharSequence s, int from, int to) {
    if (to - from < 1 || to - from > MAX_KEY_LENGTH) {
      return false;
    }
    char first = s.charAt(from);
    if (!isLcAlpha(first) && !isDigit(first)) {
      return false;
    }
    for (int i = from + 1; i < to; i++) {
      char c = s.charAt(i);
      if (!isLcAlpha(c) && !isDigit(c) && c != '_' && c != '-' && c != '*' && c != '/' && c != '@') {
        return false;
      }
    }
    return true;
  }

  /**
   * {@code value = 0*255(chr) nblk-chr}: 1 to 256 printable ASCII characters but ',' and '=', the
   * last not a space. Leading spaces belong to the value and are kept.
   */
  private static boolean isValue(String s, int from, int to) {
    if (to - from < 1 || to - from > MAX_VALUE_LENGTH || s.charAt(to - 1) == ' ') {
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
