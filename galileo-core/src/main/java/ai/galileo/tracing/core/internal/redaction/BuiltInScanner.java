package ai.galileo.tracing.core.internal.redaction;

/**
 * The built-in redactors in one pass over the text. Regular expressions, one per redactor, would
 * read a 2 kB text eight times; this reads each character once, looks it up in a table of the
 * characters a secret can start with, and only there checks a candidate. Text with nothing to
 * redact is returned as it is, without allocating.
 *
 * <p>What each kind finds, and what replaces it, is documented in galileo-core's README.
 *
 * <p>Internal: not part of the public API and may change without notice.
 */
public final class BuiltInScanner {
  public static final int EMAIL = 1;
  public static final int PHONE = 1 << 1;
  public static final int CARD = 1 << 2;
  public static final int IBAN = 1 << 3;
  public static final int IP = 1 << 4;
  public static final int API_KEY = 1 << 5;
  public static final int BEARER = 1 << 6;
  public static final int JWT = 1 << 7;
  public static final int ALL = (1 << 8) - 1;

  static final String EMAIL_TEXT = "[EMAIL]";
  static final String PHONE_TEXT = "[PHONE]";
  static final String CARD_TEXT = "[CARD]";
  static final String IBAN_TEXT = "[IBAN]";
  static final String IP_TEXT = "[IP]";
  static final String API_KEY_TEXT = "[API_KEY]";
  static final String TOKEN_TEXT = "[TOKEN]";
  static final String JWT_TEXT = "[JWT]";

  /** Set in {@link #CLASSES} for letters, digits and '_': the characters words are made of. */
  private static final int WORD = 1 << 8;

  /**
   * For each ASCII character: {@link #WORD} if words are made of it, and the kinds a match may
   * start at it: for a word character, when it starts a word; for any other ('@', ':', '+', '('),
   * wherever it is.
   */
  private static final int[] CLASSES = new int[128];

  static {
    for (char c = '0'; c <= '9'; c++) {
      CLASSES[c] = WORD | PHONE | CARD | IP;
    }
    for (char c = 'a'; c <= 'z'; c++) {
      CLASSES[c] = WORD;
    }
    for (char c = 'A'; c <= 'Z'; c++) {
      CLASSES[c] = WORD | IBAN;
    }
    CLASSES['_'] = WORD;
    CLASSES['A'] |= API_KEY; // AKIA, ASIA, AIza
    CLASSES['s'] |= API_KEY; // sk-
    CLASSES['g'] |= API_KEY; // gh*_, github_pat_, glpat-
    CLASSES['x'] |= API_KEY; // xox*-
    CLASSES['B'] |= BEARER;
    CLASSES['b'] |= BEARER;
    CLASSES['e'] |= JWT; // eyJ
    CLASSES['@'] = EMAIL;
    CLASSES[':'] = IP; // IPv6
    CLASSES['+'] = PHONE;
    CLASSES['('] = PHONE;
  }

  // The scanning loop's tables, for this scanner's kinds only: one byte per ASCII character, and
  // one per pair of them (a character, the next). Bit 2 stays clear so that an entry shifted left
  // by one never reaches T_ANYWHERE.
  private static final int T_WORD = 1; // this character is a word character
  private static final int T_WORD_START = 2; // a match may start here if a word starts here
  private static final int T_ANYWHERE = 8; // a match may lie here wherever it is ('@', ':')
  private static final int T_CANDIDATE = T_WORD_START | T_ANYWHERE;
  /**
   * The column of the pairs whose second character is not ASCII: DEL's, which no kind may start
   * before, kept clear.
   */
  private static final int NOT_ASCII_NEXT = 127;

  private final int kinds;
  private final byte[] pairs = new byte[128 * 128];
  private final byte[] table = new byte[128];

  /** @param kinds the kinds to find, an or of {@link #EMAIL}, {@link #PHONE}, ... */
  public BuiltInScanner(int kinds) {
    this.kinds = kinds & ALL;
    for (int c = 0; c < 128; c++) {
      int cls = CLASSES[c];
      boolean word = (cls & WORD) != 0;
      boolean mine = (cls & this.kinds) != 0;
      int start = !mine ? 0 : word || c == '+' || c == '(' ? T_WORD_START : T_ANYWHERE;
      table[c] = (byte) ((word ? T_WORD : 0) | start);
      for (int d = 0; d < NOT_ASCII_NEXT; d++) {
        pairs[c << 7 | d] = (byte) (mayStart((char) c, (char) d) ? start : 0);
      }
    }
  }

  /**
   * Whether a match may start at (or, for '@' and ':', lie around) the character {@code c} when
   * {@code d} follows it. Nothing may start right before the text's end or a character that is
   * not ASCII. It must be true wherever {@link #match} can find something; everything it rules out
   * {@link #match} would rule out too, only later and at a mispredicted branch.
   */
  private static boolean mayStart(char c, char d) {
    if (isDigit(c)) {
      // A number that goes on (numberGoesOn): more digits or a separator. One digit followed by
      // anything else is a count or a list item. IPv6 addresses are found at their ':'.
      return isDigit(d) || d == '.' || d == ' ' || d == '-';
    }
    return switch (c) {
      case '@' -> isAsciiLetterOrDigit(d) || d == '-'; // the domain's first character
      case ':' -> isIpv6Char(d); // a ':' the address ends with is never alone there
      case '+', '(' -> isDigit(d) || (c == '+' && d == '('); // +44, (555)
      default -> secondLetterFits(c, d);
    };
  }

  /** The kinds this scanner finds. */
  public int kinds() {
    return kinds;
  }

  /**
   * The text with what the kinds find replaced; {@code text} itself when nothing was found.
   *
   * <p>{@link #collect} lists the places worth a look: where a word starts with a character a
   * match can start with and the next character fits, or one of '@' and ':' with a character
   * after it that an address can have. Each is then checked here, out of that loop, skipping
   * those a number or a match already covered. Numbers are most of them in prose (years, dates,
   * times, versions, page ranges): a number no kind can match is skipped whole here, with its
   * groups when they hold fewer than 10 digits, before {@link #match} is called.
   */
  public String redact(String text) {
    int kinds = this.kinds;
    if (kinds == 0) {
      return text;
    }
    int n = text.length();
    StringBuilder out = null;
    int copied = 0; // text before this index is in out, or needs no change
    byte[] pairs = this.pairs;
    int i = 0;
    byte[] table = this.table;
    int[] found = CANDIDATES.get();
    int from = 0;
    while (from < n) {
      int count = collect(text, from, n, table, pairs, found);
      int scanned = count == found.length ? found[count - 1] + 1 : n;
      for (int k = 0; k < count; k++) {
        if (found[k] < i) {
          continue; // inside a number skipped or a match replaced
        }
        i = found[k];
        char c = text.charAt(i);
        int run = i;
        if (isDigit(c)) {
          run = digitsEnd(text, i);
          if (!numberGoesOn(text, i, run)) {
            i = run; // a year, a count: no kind matches it, nor starts inside it
            continue;
          }
        }
        int few = 0;
        if (isDigit(c) || c == '(') {
          few = fewDigitsEnd(text, i);
          if (few >= 0) {
            i = few; // a date, a range, a version, "(1632)": nothing matches in it
            continue;
          }
        }
        long match = match(text, i, c, CLASSES[c] & kinds, copied, run, few == TEN_DIGITS);
        if (match == NONE) {
          i++;
          continue;
        }
        if (out == null) {
          out = new StringBuilder(n + 16);
        }
        copied = replace(out, text, copied, match);
        i = copied;
      }
      from = Math.max(i, scanned);
    }
    if (out == null) {
      return text;
    }
    return out.append(text, copied, n).toString();
  }

  /**
   * Puts in {@code found}, in order, the candidates from {@code from} on: characters a match of
   * the kinds may start at, with the next character fitting, that start a word unless they are
   * '@' or ':'; returns how many, {@code found.length} at most, when it stops early.
   *
   * <p>This loop is the whole cost when nothing is found. It is a method of its own so that it
   * compiles as a plain counted loop, the same whether or not matches are found. It has one
   * branch per character, taken only where a word starts with a character a match can start
   * with (or at '@', ':'); there the pair table and the next character rule out most of them (a
   * capitalised word, "see", a one-digit count, "f(x" ...) without leaving the loop: a return
   * and a call of {@link #match} cost more than that second look-up. The candidates left are
   * noted and the loop goes on: leaving it at each (about 60 in 2 kB of prose with dates, most
   * of them numbers) and entering it again cost about 20 ns each, noting one about a third. A
   * 128 x 128 table read for every character, instead of the 128-byte one, made the loop itself
   * about 60 % slower. After
   * a word character, {@code before << 1} moves T_WORD onto T_WORD_START and clears it: inside a
   * word nothing starts. The loop stops before the last character, which no match starts at, so
   * the next character is read without a test of the end, and {@code Math.min} maps those that
   * are not ASCII to a clear column without a branch: with those two tests gone the loop ran
   * about 5 % faster and no longer compiled, in about half the runs, to a form 25 % slower.
   */
  private static int collect(String s, int from, int n, byte[] table, byte[] pairs,
      int[] found) {
    int count = 0;
    int before = from > 0 && isWordChar(s.charAt(from - 1)) ? T_WORD : 0;
    for (int i = from, last = n - 1; i < last; i++) {
      char c = s.charAt(i);
      if (c >= 128) {
        before = Character.isLetterOrDigit(c) ? T_WORD : 0;
        continue;
      }
      int t = table[c];
      if ((t & ~(before << 1) & T_CANDIDATE) != 0) {
        if ((pairs[c << 7 | Math.min(s.charAt(i + 1), NOT_ASCII_NEXT)] & T_CANDIDATE) != 0) {
          found[count++] = i;
          if (count == found.length) {
            return count;
          }
        }
      }
      before = t;
    }
    return count;
  }

  /** Room for the candidates one pass of {@link #collect} finds; reused, so nothing is allocated. */
  private static final ThreadLocal<int[]> CANDIDATES = ThreadLocal.withInitial(() -> new int[64]);

  /**
   * Appends the text from {@code copied} to the match, and the match's replacement; returns the
   * match's end. Out of the scanning loop so that the loop compiles the same whether or not
   * anything is found.
   */
  private static int replace(StringBuilder out, String text, int copied, long match) {
    int start = (int) (match >>> 32);
    int end = (int) (match & 0xffff_ffffL) >>> 4;
    out.append(text, copied, start).append(REPLACEMENTS[(int) (match & 0xf)]);
    return end;
  }

  private static final long NONE = -1L;
  private static final int R_EMAIL = 0;
  private static final int R_PHONE = 1;
  private static final int R_CARD = 2;
  private static final int R_IBAN = 3;
  private static final int R_IP = 4;
  private static final int R_API_KEY = 5;
  private static final int R_BEARER = 6;
  private static final int R_JWT = 7;
  private static final String[] REPLACEMENTS = {
    EMAIL_TEXT, PHONE_TEXT, CARD_TEXT, IBAN_TEXT, IP_TEXT, API_KEY_TEXT, "Bearer " + TOKEN_TEXT,
    JWT_TEXT
  };

  /** A match of [start, end) to be replaced by REPLACEMENTS[replacement], packed in a long. */
  private static long found(int start, int end, int replacement) {
    return ((long) start << 32) | ((long) end << 4) | replacement;
  }

  /**
   * The match that the character at {@code i} starts (or, for '@' and ':', lies in), or NONE.
   * {@code floor} is where the text not yet replaced begins: a match may not reach before it.
   * For a digit, {@link #redact} has found where its digits end ({@code run}), that the number
   * goes on, and, when {@code knownTenDigits}, that its run has ten digits: not read again here.
   */
  private long match(String s, int i, char c, int trigger, int floor, int run,
      boolean knownTenDigits) {
    if (c == '@') {
      return email(s, i, floor);
    }
    if (c == ':') {
      return hasNeighbourColon(s, i) ? ipv6(s, i, floor) : NONE; // 19:30, 3:1
    }
    if ((c == '+' || c == '(') && i > 0 && isWordChar(s.charAt(i - 1))) {
      return NONE; // 2+3, f(x)
    }
    // Everything else starts a word, which the caller checked.
    long m;
    if ((trigger & (PHONE | CARD | IP)) != 0) {
      if (c >= '0' && c <= '9') {
        if (i > 1 && s.charAt(i - 1) == '.' && isDigit(s.charAt(i - 2))) {
          return NONE; // the rest of a dotted number: 1.2.3.4.5 is no address
        }
        // What follows the digits rules out most kinds before their checks read the text.
        char after = run < s.length() ? s.charAt(run) : ' ';
        if ((trigger & IP) != 0 && run - i <= 3 && after == '.' && (m = ipv4(s, i)) != NONE) {
          return m;
        }
        // Cards have 13 digits or more and phone numbers without '+' 10 or more: most grouped
        // numbers in prose (dates, times, versions, ranges) have fewer.
        boolean tenDigits = knownTenDigits || hasTenDigits(s, i);
        if ((trigger & CARD) != 0 && tenDigits && (m = card(s, i)) != NONE) {
          return m;
        }
        if (!tenDigits) {
          return NONE;
        }
      }
      if ((trigger & PHONE) != 0 && (c != '(' || knownTenDigits || hasTenDigits(s, i))) {
        return phone(s, i); // "(1632)", "(15 February" have too few digits
      }
      return NONE;
    }
    if (i + 1 >= s.length() || !secondLetterFits(c, s.charAt(i + 1))) {
      return NONE; // most capitalised words, and words such as "see" or "be"
    }
    if ((trigger & BEARER) != 0 && (m = bearer(s, i)) != NONE) {
      return m;
    }
    if ((trigger & JWT) != 0) {
      return jwt(s, i);
    }
    if ((trigger & API_KEY) != 0 && (m = ApiKeys.match(s, i)) >= 0) {
      return found(i, (int) m, R_API_KEY);
    }
    if ((trigger & IBAN) != 0) {
      return iban(s, i);
    }
    return NONE;
  }

  /**
   * Whether {@code d} may follow the letter {@code c} in a match that starts at it: a capital for an IBAN or an AWS or Google key (AKIA, ASIA, AIza), 'e' or 'E' after
   * 'B' for "Bearer", and the second letter of the other key prefixes, "bearer" and "eyJ". Most
   * capitalised words in prose, and words such as "see" or "be", end their check here, before
   * the IBAN check and the key table are read.
   */
  private static boolean secondLetterFits(char c, char d) {
    return switch (c) {
      case 's' -> d == 'k';
      case 'g' -> d == 'h' || d == 'i' || d == 'l';
      case 'x' -> d == 'o';
      case 'e' -> d == 'y';
      case 'b' -> d == 'e' || d == 'E';
      case 'B' -> d == 'e' || d == 'E' || isUpper(d);
      default -> isUpper(d);
    };
  }

  /**
   * False for the run of digits [i, j) if no numeric kind can match it: fewer than 13 digits (a
   * card's shortest) not followed by a separator and another digit (a grouped card or phone
   * number, an IPv4 address). An IPv6 address that starts with digits (2001:db8::1) is found at
   * its first ':' instead, which reaches back over them.
   */
  private static boolean numberGoesOn(String s, int i, int j) {
    int n = s.length();
    if (j - i >= 13 || j == n) {
      return j - i >= 13;
    }
    char d = s.charAt(j);
    return (d == '.' || d == ' ' || d == '-') && j + 1 < n
        && (isDigit(s.charAt(j + 1)) || s.charAt(j + 1) == '(');
  }

  /** What {@link #fewDigitsEnd} says of a run with ten digits. */
  private static final int TEN_DIGITS = -2;

  /**
   * The end of the run of digits, ' ', '-', '.', '(' and ')' that starts at {@code i} when no
   * kind can match at any of its characters, else {@link #TEN_DIGITS} when it has ten digits
   * (what {@link #hasTenDigits} would say) or -1. That is when it has fewer than 10 digits
   * (no card, no phone number without '+' fits in it), fewer than 3 dots (no IPv4 address), and
   * no ':' or '.' before {@code i} that an IPv6 address could reach over. An IPv6 address that
   * reaches into the run from after it (12-4ab::1) is found at its ':', which ends the run and is
   * checked on its own. The other kinds start with a letter, '+' or '@', which the run has none
   * of.
   */
  private static int fewDigitsEnd(String s, int i) {
    if (i > 0 && (s.charAt(i - 1) == ':' || s.charAt(i - 1) == '.')) {
      return -1;
    }
    int n = s.length();
    int digits = 0;
    int dots = 0;
    int p = i;
    for (; p < n; p++) {
      char c = s.charAt(p);
      if (c >= '0' && c <= '9') {
        if (++digits == 10) {
          return TEN_DIGITS;
        }
      } else if (c == '.') {
        if (++dots == 3) {
          return -1;
        }
      } else if (c != ' ' && c != '-' && c != '(' && c != ')') {
        break;
      }
    }
    return p;
  }

  /**
   * Whether the run of digits, ' ', '-', '.', '(' and ')' that starts at {@code i} has 10 digits
   * or more. A card number ({@link #card}) or a phone number without '+' ({@link #phone}) that
   * starts at {@code i} lies within that run and has at least 10.
   */
  private static boolean hasTenDigits(String s, int i) {
    int n = s.length();
    int digits = 0;
    for (int p = i; p < n; p++) {
      char c = s.charAt(p);
      if (c >= '0' && c <= '9') {
        if (++digits == 10) {
          return true;
        }
      } else if (c != ' ' && c != '-' && c != '.' && c != '(' && c != ')') {
        return false;
      }
    }
    return false;
  }

  /** The end of the run of digits that starts at {@code i}. */
  private static int digitsEnd(String s, int i) {
    int n = s.length();
    int j = i;
    while (j < n && isDigit(s.charAt(j))) {
      j++;
    }
    return j;
  }

  // ---- e-mail

  private static long email(String s, int at, int floor) {
    int start = at;
    while (start > floor && isLocalChar(s.charAt(start - 1))) {
      start--;
    }
    while (start < at && s.charAt(start) == '.') {
      start++;
    }
    if (start == at) {
      return NONE;
    }
    int n = s.length();
    int end = at + 1;
    int lastDot = -1;
    int labelStart = end;
    while (end < n) {
      char c = s.charAt(end);
      if (isAsciiLetterOrDigit(c) || c == '-') {
        end++;
      } else if (c == '.' && end > labelStart && end + 1 < n
          && isAsciiLetterOrDigit(s.charAt(end + 1))) {
        lastDot = end;
        end++;
        labelStart = end;
      } else {
        break;
      }
    }
    if (lastDot < 0 || end - lastDot - 1 < 2) {
      return NONE;
    }
    for (int k = lastDot + 1; k < end; k++) { // the top-level domain is letters
      if (!isAsciiLetter(s.charAt(k))) {
        return NONE;
      }
    }
    return found(start, end, R_EMAIL);
  }

  private static boolean isLocalChar(char c) {
    return isAsciiLetterOrDigit(c) || c == '.' || c == '_' || c == '%' || c == '+' || c == '-';
  }

  // ---- numbers: cards, phones, IPv4

  /** Dotted-quad IPv4, each part 0-255 without leading zeros, not part of a longer number. */
  private static long ipv4(String s, int i) {
    int n = s.length();
    int p = i;
    for (int part = 0; part < 4; part++) {
      if (part > 0) {
        if (p >= n || s.charAt(p) != '.') {
          return NONE;
        }
        p++;
      }
      int start = p;
      int value = 0;
      while (p < n && p - start < 4 && isDigit(s.charAt(p))) {
        value = value * 10 + (s.charAt(p) - '0');
        p++;
      }
      int len = p - start;
      if (len == 0 || len > 3 || value > 255 || (len > 1 && s.charAt(start) == '0')) {
        return NONE;
      }
    }
    if (p < n && (isWordChar(s.charAt(p))
        || (s.charAt(p) == '.' && p + 1 < n && isDigit(s.charAt(p + 1))))) {
      return NONE;
    }
    return found(i, p, R_IP);
  }

  /**
   * 13 to 19 digits starting with 2-6 (the card networks' ranges), in groups joined by single
   * spaces or dashes, that pass the Luhn check. Tries the longest such run first.
   */
  private static long card(String s, int i) {
    char first = s.charAt(i);
    if (first < '2' || first > '6') {
      return NONE;
    }
    int n = s.length();
    if (cardDigits(s, i, n) < 13) {
      return NONE; // most grouped numbers in prose (dates, ISBNs, ranges): nothing allocated for them
    }
    int p = i;
    int digits = 0;
    // Ends of the digit groups, after each group's digit count: at most 19 digits, so 19 groups.
    int[] ends = null;
    int[] counts = null;
    int groups = 0;
    while (p < n && digits <= 19) {
      char c = s.charAt(p);
      if (isDigit(c)) {
        digits++;
        p++;
        continue;
      }
      if ((c == ' ' || c == '-') && p + 1 < n && isDigit(s.charAt(p + 1))) {
        if (ends == null) {
          ends = new int[20];
          counts = new int[20];
        }
        ends[groups] = p;
        counts[groups++] = digits;
        p++;
        continue;
      }
      break;
    }
    if (digits < 13) {
      return NONE;
    }
    // The whole run, if it ends the number; then shorter runs at group ends.
    if (digits <= 19 && !(p < n && isWordChar(s.charAt(p))) && luhn(s, i, p)) {
      return found(i, p, R_CARD);
    }
    for (int g = groups - 1; g >= 0; g--) {
      if (counts[g] >= 13 && counts[g] <= 19 && luhn(s, i, ends[g])) {
        return found(i, ends[g], R_CARD);
      }
    }
    return NONE;
  }

  /** The digits of the run of groups {@link #card} would read from {@code i}, up to 20. */
  private static int cardDigits(String s, int i, int n) {
    int p = i;
    int digits = 0;
    while (p < n && digits <= 19) {
      char c = s.charAt(p);
      if (isDigit(c)) {
        digits++;
      } else if (!((c == ' ' || c == '-') && p + 1 < n && isDigit(s.charAt(p + 1)))) {
        break;
      }
      p++;
    }
    return digits;
  }

  private static boolean luhn(String s, int from, int to) {
    int sum = 0;
    boolean twice = false;
    for (int k = to - 1; k >= from; k--) {
      char c = s.charAt(k);
      if (!isDigit(c)) {
        continue;
      }
      int d = c - '0';
      if (twice) {
        d *= 2;
        if (d > 9) {
          d -= 9;
        }
      }
      sum += d;
      twice = !twice;
    }
    return sum % 10 == 0;
  }

  /**
   * A phone number: with a leading {@code +}, 8 to 15 digits (E.164); without, 10 or 11 digits in
   * at least three groups, or with the area code in parentheses, the last group of 3 digits or
   * more. Groups are joined by single spaces, dashes or dots. A bare run of digits is not a phone
   * number (it is as likely an id), nor are groups of three after a short first one (1.000.000.000
   * is an amount). Tries the longest such run first, then ends at earlier groups.
   */
  private static long phone(String s, int i) {
    int n = s.length();
    int p = i;
    boolean plus = s.charAt(p) == '+';
    if (plus) {
      p++;
    }
    int digits = 0;
    int groups = 0;
    int firstGroup = 0;
    boolean parens = false;
    boolean thousands = true; // every group after the first has three digits
    int best = -1;
    while (p < n) {
      boolean inParens = s.charAt(p) == '(';
      if (inParens) {
        if (parens) {
          break;
        }
        p++;
      }
      int g = p;
      while (p < n && isDigit(s.charAt(p))) {
        p++;
      }
      int len = p - g;
      if (len == 0) {
        break;
      }
      if (inParens) {
        if (p >= n || s.charAt(p) != ')') {
          break;
        }
        p++;
        parens = true;
      }
      digits += len;
      if (digits > 15) {
        break;
      }
      if (groups++ == 0) {
        firstGroup = len;
      } else if (len != 3) {
        thousands = false;
      }
      boolean endsWord = p >= n || !isWordChar(s.charAt(p));
      if (endsWord && phoneOk(plus, parens, digits, groups, len, firstGroup, thousands)) {
        best = p;
      }
      if (p >= n) {
        break;
      }
      char c = s.charAt(p);
      int q = c == ' ' || c == '-' || c == '.' ? p + 1 : p;
      if (q < n && (isDigit(s.charAt(q)) || s.charAt(q) == '(') && (q > p || inParens)) {
        p = q;
        continue;
      }
      break;
    }
    return best < 0 ? NONE : found(i, best, R_PHONE);
  }

  private static boolean phoneOk(boolean plus, boolean parens, int digits, int groups,
      int lastGroup, int firstGroup, boolean thousands) {
    if (plus) {
      return digits >= 8 && digits <= 15;
    }
    if (thousands && firstGroup <= 3 && !parens) {
      return false;
    }
    return digits >= 10 && digits <= 11 && (groups >= 3 || parens) && lastGroup >= 3;
  }

  // ---- IPv6

  /**
   * An IPv6 address around the ':' at {@code i}: the run of hex digits, ':' and '.' around it,
   * standing alone as a word, that parses as eight groups, or fewer with one "::", the last two
   * possibly an IPv4 address.
   */
  private static long ipv6(String s, int i, int floor) {
    int start = i;
    while (start > floor && isIpv6Char(s.charAt(start - 1))) {
      start--;
    }
    if (start > 0 && (isWordChar(s.charAt(start - 1)) || s.charAt(start - 1) == ':')) {
      return NONE;
    }
    int n = s.length();
    int end = i;
    while (end < n && isIpv6Char(s.charAt(end))) {
      end++;
    }
    // A sentence may end right after the address.
    while (end > start && s.charAt(end - 1) == '.') {
      end--;
    }
    if (end < n && isWordChar(s.charAt(end))) {
      return NONE;
    }
    return isIpv6(s, start, end) ? found(start, end, R_IP) : NONE;
  }

  /**
   * Whether another ':' lies within four hex digits of the ':' at {@code i}. Every IPv6 address
   * has two ':' at least, and between two neighbouring ones at most a group of four hex digits
   * (an embedded IPv4 address comes after the last): a time, a ratio or a label has none.
   */
  private static boolean hasNeighbourColon(String s, int i) {
    for (int p = i + 1, end = Math.min(s.length(), i + 6); p < end; p++) {
      char d = s.charAt(p);
      if (d == ':') {
        return true;
      }
      if (!isHex(d)) {
        break;
      }
    }
    for (int p = i - 1, end = Math.max(0, i - 5); p >= end; p--) {
      char d = s.charAt(p);
      if (d == ':') {
        return true;
      }
      if (!isHex(d)) {
        break;
      }
    }
    return false;
  }

  private static boolean isIpv6Char(char c) {
    return isHex(c) || c == ':' || c == '.';
  }

  static boolean isIpv6(String s, int start, int end) {
    int groups = 0;
    boolean compressed = false;
    int p = start;
    if (end - start < 2) {
      return false;
    }
    if (s.charAt(p) == ':') {
      if (s.charAt(p + 1) != ':') {
        return false;
      }
      compressed = true;
      p += 2;
      if (p == end) {
        return false; // "::" alone is more often code than an address
      }
    }
    while (p < end) {
      int g = p;
      while (p < end && isHex(s.charAt(p))) {
        p++;
      }
      int len = p - g;
      if (p < end && s.charAt(p) == '.') {
        // An embedded IPv4 address ends the address and counts as two groups.
        return ipv4(s, g) != NONE && ipv4End(s, g) == end && (compressed ? groups <= 5 : groups == 6);
      }
      if (len == 0 || len > 4) {
        return false;
      }
      groups++;
      if (p == end) {
        break;
      }
      p++; // a ':'
      if (p == end) {
        return false; // ends with a single ':'
      }
      if (s.charAt(p) == ':') {
        if (compressed) {
          return false;
        }
        compressed = true;
        p++;
        if (p == end) {
          break; // ends with "::"
        }
      }
    }
    return compressed ? groups >= 1 && groups <= 7 : groups == 8;
  }

  private static int ipv4End(String s, int i) {
    long m = ipv4(s, i);
    return m == NONE ? -1 : (int) (m & 0xffff_ffffL) >>> 4;
  }

  // ---- IBAN

  /**
   * An IBAN: two capital letters, two check digits, then 11 to 30 capital letters and digits,
   * printed as one word or in groups joined by single spaces, passing the mod-97 check. Tries the
   * longest such run first, then ends at earlier groups.
   */
  private static long iban(String s, int i) {
    int n = s.length();
    if (i + 4 >= n || !isUpper(s.charAt(i + 1)) || !isDigit(s.charAt(i + 2))
        || !isDigit(s.charAt(i + 3))) {
      return NONE;
    }
    int p = i + 4;
    int chars = 4;
    int lastEnd = -1;
    // Ends of runs the check is worth trying at: where a group ends.
    int[] ends = new int[10];
    int count = 0;
    if (p < n && s.charAt(p) == ' ') {
      p++;
    }
    while (p < n && chars < 34) {
      char c = s.charAt(p);
      if (isUpper(c) || isDigit(c)) {
        chars++;
        p++;
        continue;
      }
      if (c == ' ' && p + 1 < n && (isUpper(s.charAt(p + 1)) || isDigit(s.charAt(p + 1)))) {
        if (chars >= 15 && count < ends.length) {
          ends[count++] = p;
        }
        p++;
        continue;
      }
      break;
    }
    if (chars >= 15 && !(p < n && isWordChar(s.charAt(p))) && mod97(s, i, p)) {
      return found(i, p, R_IBAN);
    }
    for (int k = count - 1; k >= 0; k--) {
      if (mod97(s, i, ends[k])) {
        lastEnd = ends[k];
        break;
      }
    }
    return lastEnd < 0 ? NONE : found(i, lastEnd, R_IBAN);
  }

  /** ISO 13616's check: the first four characters moved to the end, letters as 10-35, mod 97 is 1. */
  private static boolean mod97(String s, int from, int to) {
    int rest = 0;
    int chars = 0;
    for (int pass = 0; pass < 2; pass++) {
      int a = pass == 0 ? from + 4 : from;
      int b = pass == 0 ? to : from + 4;
      for (int k = a; k < b; k++) {
        char c = s.charAt(k);
        if (c == ' ') {
          continue;
        }
        chars++;
        if (isDigit(c)) {
          rest = (rest * 10 + (c - '0')) % 97;
        } else {
          rest = (rest * 100 + (c - 'A' + 10)) % 97;
        }
      }
    }
    return chars >= 15 && chars <= 34 && rest == 1;
  }

  // ---- tokens

  /** "Bearer" (any case), one space, a token of 8 or more token characters: the token goes. */
  private static long bearer(String s, int i) {
    int n = s.length();
    if (i + 7 >= n || !s.regionMatches(true, i, "bearer ", 0, 7)) {
      return NONE;
    }
    int p = i + 7;
    int start = p;
    while (p < n && isTokenChar(s.charAt(p))) {
      p++;
    }
    while (p > start && s.charAt(p - 1) == '.') {
      p--; // the end of a sentence
    }
    while (p < n && s.charAt(p) == '=') {
      p++;
    }
    if (p - start < 8) {
      return NONE;
    }
    return found(i, p, R_BEARER);
  }

  private static boolean isTokenChar(char c) {
    return isAsciiLetterOrDigit(c) || c == '-' || c == '.' || c == '_' || c == '~' || c == '+'
        || c == '/';
  }

  /** A JWT: three base64url parts joined by dots, the first a JSON object's (so "eyJ..."). */
  private static long jwt(String s, int i) {
    int n = s.length();
    if (i + 3 >= n || s.charAt(i + 1) != 'y' || s.charAt(i + 2) != 'J') {
      return NONE;
    }
    int p = i;
    for (int part = 0; part < 3; part++) {
      if (part > 0) {
        if (p >= n || s.charAt(p) != '.') {
          return NONE;
        }
        p++;
      }
      int start = p;
      while (p < n && isBase64Url(s.charAt(p))) {
        p++;
      }
      if (part < 2 && p - start < 4) {
        return NONE; // header and payload are JSON objects: never this short
      }
    }
    if (p < n && isWordChar(s.charAt(p))) {
      return NONE;
    }
    return found(i, p, R_JWT);
  }

  static boolean isBase64Url(char c) {
    return isAsciiLetterOrDigit(c) || c == '-' || c == '_';
  }

  // ---- characters

  static boolean isWordChar(char c) {
    return isAsciiLetterOrDigit(c) || c == '_' || (c >= 128 && Character.isLetterOrDigit(c));
  }

  static boolean isAsciiLetterOrDigit(char c) {
    return isAsciiLetter(c) || isDigit(c);
  }

  static boolean isAsciiLetter(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
  }

  static boolean isUpper(char c) {
    return c >= 'A' && c <= 'Z';
  }

  static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  static boolean isHex(char c) {
    return isDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
  }
}
