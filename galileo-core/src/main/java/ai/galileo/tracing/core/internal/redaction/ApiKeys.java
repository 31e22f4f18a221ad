package ai.galileo.tracing.core.internal.redaction;

/**
 * The API keys the {@code api-key} redactor knows by their prefix: OpenAI ({@code sk-}, {@code
 * sk-proj-}), Anthropic ({@code sk-ant-}), AWS access key ids ({@code AKIA}, {@code ASIA}), GitHub
 * ({@code ghp_}, {@code gho_}, {@code ghu_}, {@code ghs_}, {@code ghr_}, {@code github_pat_}),
 * Slack ({@code xoxa-}, {@code xoxb-}, {@code xoxp-}, {@code xoxr-}, {@code xoxs-}), Google
 * ({@code AIza}) and GitLab ({@code glpat-}).
 *
 * <p>Internal: not part of the public API and may change without notice.
 */
final class ApiKeys {
  private static final int WORD = 0; // letters, digits, '_' and '-'
  private static final int ALNUM = 1; // letters and digits
  private static final int UPPER_ALNUM = 2; // capital letters and digits
  private static final int ALNUM_UNDERSCORE = 3;

  /** A prefix, the characters that may follow it, and how many: at least min, at most max. */
  private record Key(String prefix, int chars, int min, int max) {}

  // Longest prefixes first where one starts another (github_pat_ before gh..., sk- covers sk-ant-).
  private static final Key[] KEYS = {
    new Key("sk-", WORD, 20, 300),
    new Key("AKIA", UPPER_ALNUM, 16, 16),
    new Key("ASIA", UPPER_ALNUM, 16, 16),
    new Key("AIza", WORD, 35, 35),
    new Key("github_pat_", ALNUM_UNDERSCORE, 22, 300),
    new Key("ghp_", ALNUM, 30, 255),
    new Key("gho_", ALNUM, 30, 255),
    new Key("ghu_", ALNUM, 30, 255),
    new Key("ghs_", ALNUM, 30, 255),
    new Key("ghr_", ALNUM, 30, 255),
    new Key("glpat-", WORD, 20, 255),
    new Key("xoxa-", WORD, 10, 255),
    new Key("xoxb-", WORD, 10, 255),
    new Key("xoxp-", WORD, 10, 255),
    new Key("xoxr-", WORD, 10, 255),
    new Key("xoxs-", WORD, 10, 255),
  };

  private ApiKeys() {}

  /** The end of the key that starts at {@code i}, or -1. The caller checked the word boundary. */
  static long match(String s, int i) {
    char first = s.charAt(i);
    if (i + 1 >= s.length()) {
      return -1;
    }
    char second = s.charAt(i + 1);
    for (Key k : KEYS) {
      String prefix = k.prefix;
      if (prefix.charAt(0) != first || prefix.charAt(1) != second
          || !s.startsWith(prefix, i)) {
        continue;
      }
      int start = i + prefix.length();
      int p = start;
      int n = s.length();
      while (p < n && p - start <= k.max && allowed(s.charAt(p), k.chars)) {
        p++;
      }
      int len = p - start;
      if (len >= k.min && len <= k.max && !(p < n && BuiltInScanner.isWordChar(s.charAt(p)))) {
        return p;
      }
    }
    return -1;
  }

  private static boolean allowed(char c, int chars) {
    return switch (chars) {
      case WORD -> BuiltInScanner.isAsciiLetterOrDigit(c) || c == '_' || c == '-';
      case ALNUM -> BuiltInScanner.isAsciiLetterOrDigit(c);
      case UPPER_ALNUM -> BuiltInScanner.isUpper(c) || BuiltInScanner.isDigit(c);
      default -> BuiltInScanner.isAsciiLetterOrDigit(c) || c == '_';
    };
  }
}
