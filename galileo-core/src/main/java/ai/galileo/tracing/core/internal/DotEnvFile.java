package ai.galileo.tracing.core.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.regex.Pattern;

/**
 * Reads {@code KEY=VALUE} pairs from a {@code .env} file, in the dialect most tools share:
 *
 * <ul>
 *   <li>blank lines and lines starting with {@code #} are ignored; an {@code export } prefix is
 *       allowed, so the file can also be sourced by a shell;
 *   <li>whitespace around the key and the {@code =} is trimmed;
 *   <li>{@code 'single-quoted'} values are taken literally;
 *   <li>{@code "double-quoted"} values understand {@code \n}, {@code \"} and {@code \\};
 *   <li>unquoted values end at a {@code #} that follows whitespace, and are trimmed.
 * </ul>
 *
 * <p>Lines it cannot read are skipped and logged at FINE by line number only, since values are
 * often secrets. A later line overrides an earlier one with the same key.
 *
 * <p>Internal: not part of the public API and may change without notice.
 */
public final class DotEnvFile {
  private static final Logger LOGGER = Logger.getLogger(DotEnvFile.class.getName());
  private static final Pattern KEY = Pattern.compile("[A-Za-z_][A-Za-z0-9_.]*");
  private static final Pattern EXPORT = Pattern.compile("^export\\s+");

  private DotEnvFile() {}

  /**
   * The entries of the file, in file order; empty when the file is missing or cannot be read,
   * because a {@code .env} file is an optional convenience, not something a service needs to
   * start.
   */
  public static Map<String, String> read(Path file) {
    byte[] bytes;
    try {
      if (!Files.isRegularFile(file)) {
        return Map.of();
      }
      bytes = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      return Map.of();
    } catch (IOException | SecurityException e) {
      // The exception's message could hold only the path, but its type is all a user needs.
      LOGGER.log(
          Level.WARNING,
          "Ignoring {0}: it could not be read ({1})",
          new Object[] {file, e.getClass().getSimpleName()});
      return Map.of();
    }
    return parse(decode(bytes), file.toString());
  }

  /**
   * The entries of a file's content, in file order.
   *
   * @param content the whole file
   * @param fileName how log records name the file
   */
  public static Map<String, String> parse(String content, String fileName) {
    Map<String, String> entries = new LinkedHashMap<>();
    String text = content.startsWith("\uFEFF") ? content.substring(1) : content;
    String[] lines = text.split("\r\n|\r|\n", -1);
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i].strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      if (!parseLine(line, entries)) {
        LOGGER.log(
            Level.FINE,
            "Skipping malformed line {0} of {1}",
            new Object[] {i + 1, fileName});
      }
    }
    return Collections.unmodifiableMap(entries);
  }

  /** Adds the line's entry and returns true, or returns false if the line is malformed. */
  private static boolean parseLine(String line, Map<String, String> entries) {
    String body = EXPORT.matcher(line).replaceFirst("");
    int eq = body.indexOf('=');
    if (eq < 0) {
      return false;
    }
    String key = body.substring(0, eq).strip();
    if (!KEY.matcher(key).matches()) {
      return false;
    }
    String value = parseValue(body.substring(eq + 1));
    if (value == null) {
      return false;
    }
    entries.put(key, value);
    return true;
  }

  /** The value after the {@code =}, or null if it is malformed. */
  private static String parseValue(String raw) {
    String rest = raw.stripLeading();
    if (rest.startsWith("'")) {
      int close = rest.indexOf('\'', 1);
      if (close < 0 || !isTrailerOk(rest.substring(close + 1))) {
        return null;
      }
      return rest.substring(1, close);
    }
    if (rest.startsWith("\"")) {
      return parseDoubleQuoted(rest);
    }
    return stripInlineComment(raw).strip();
  }

  private static String parseDoubleQuoted(String rest) {
    StringBuilder value = new StringBuilder(rest.length());
    for (int i = 1; i < rest.length(); i++) {
      char c = rest.charAt(i);
      if (c == '"') {
        return isTrailerOk(rest.substring(i + 1)) ? value.toString() : null;
      }
      if (c == '\\' && i + 1 < rest.length()) {
        char next = rest.charAt(i + 1);
        switch (next) {
          case 'n' -> value.append('\n');
          case '"' -> value.append('"');
          case '\\' -> value.append('\\');
          // Unknown escapes are kept as written, so Windows paths survive.
          default -> value.append(c).append(next);
        }
        i++;
      } else {
        value.append(c);
      }
    }
    return null; // no closing quote
  }

  /** After a closing quote only whitespace and a comment may follow. */
  private static boolean isTrailerOk(String trailer) {
    String t = trailer.strip();
    return t.isEmpty() || (t.startsWith("#") && !trailer.equals(t));
  }

  /**
   * Cuts an unquoted value at a {@code #} that follows whitespace, so {@code a#b} and a value
   * starting with {@code #} right after the {@code =} stay whole.
   */
  private static String stripInlineComment(String raw) {
    for (int i = 1; i < raw.length(); i++) {
      if (raw.charAt(i) == '#' && Character.isWhitespace(raw.charAt(i - 1))) {
        return raw.substring(0, i);
      }
    }
    return raw;
  }

  /** Decodes UTF-8, replacing bad bytes, so one odd line elsewhere cannot hide the whole file. */
  private static String decode(byte[] bytes) {
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPLACE)
          .onUnmappableCharacter(CodingErrorAction.REPLACE)
          .decode(ByteBuffer.wrap(bytes))
          .toString();
    } catch (CharacterCodingException e) {
      throw new IllegalStateException("unreachable with REPLACE", e); // REPLACE never throws
    }
  }
}
