package ai.galileo.tracing.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ai.galileo.tracing.core.internal.DotEnvFile;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DotEnvFileTest {
  @TempDir Path dir;

  private Map<String, String> read(String content) throws IOException {
    Path file = dir.resolve(".env");
    Files.writeString(file, content, StandardCharsets.UTF_8);
    return DotEnvFile.read(file);
  }

  @Test
  void readsKeyValueLinesInFileOrder() throws IOException {
    assertThat(read("GALILEO_MODE=distributed\nGALILEO_PROJECT=rag\n"))
        .containsExactly(
            Map.entry("GALILEO_MODE", "distributed"), Map.entry("GALILEO_PROJECT", "rag"));
  }

  @Test
  void acceptsAnExportPrefix() throws IOException {
    assertThat(read("export GALILEO_MODE=distributed\nexport\tGALILEO_PROJECT=rag"))
        .containsEntry("GALILEO_MODE", "distributed")
        .containsEntry("GALILEO_PROJECT", "rag");
  }

  @Test
  void ignoresCommentLinesAndBlankLines() throws IOException {
    assertThat(read("# a comment\n\n   \n  # indented comment\nGALILEO_MODE=batch\n"))
        .containsExactly(Map.entry("GALILEO_MODE", "batch"));
  }

  @Test
  void trimsWhitespaceAroundKeyAndEquals() throws IOException {
    assertThat(read("  GALILEO_PROJECT   =   my project  \n"))
        .containsExactly(Map.entry("GALILEO_PROJECT", "my project"));
  }

  @Test
  void takesSingleQuotedValuesLiterally() throws IOException {
    assertThat(read("A='  x\\n \"y\" # not a comment '\n"))
        .containsExactly(Map.entry("A", "  x\\n \"y\" # not a comment "));
  }

  @Test
  void unescapesNewlineQuoteAndBackslashInDoubleQuotedValues() throws IOException {
    assertThat(read("A=\"line1\\nline2 \\\"q\\\" back\\\\slash # kept\"\n"))
        .containsExactly(Map.entry("A", "line1\nline2 \"q\" back\\slash # kept"));
  }

  @Test
  void keepsUnknownEscapesInDoubleQuotedValuesAsWritten() throws IOException {
    assertThat(read("A=\"C:\\temp\"\n")).containsExactly(Map.entry("A", "C:\\temp"));
  }

  @Test
  void allowsACommentAfterAClosingQuote() throws IOException {
    assertThat(read("A='x' # comment\nB=\"y\"   # comment\n"))
        .containsEntry("A", "x")
        .containsEntry("B", "y");
  }

  @Test
  void endsUnquotedValuesAtAnInlineComment() throws IOException {
    assertThat(read("A=value # comment\nB=value\t# comment\nC= # only a comment\n"))
        .containsEntry("A", "value")
        .containsEntry("B", "value")
        .containsEntry("C", "");
  }

  @Test
  void keepsHashesThatDoNotFollowWhitespace() throws IOException {
    assertThat(read("A=abc#def\nB=#value\n"))
        .containsEntry("A", "abc#def")
        .containsEntry("B", "#value");
  }

  @Test
  void keepsEqualsSignsInsideTheValue() throws IOException {
    assertThat(read("A=x=y==\n")).containsExactly(Map.entry("A", "x=y=="));
  }

  @Test
  void readsEmptyValuesAsEmptyStrings() throws IOException {
    assertThat(read("A=\nB=''\nC=\"\"\n"))
        .containsEntry("A", "")
        .containsEntry("B", "")
        .containsEntry("C", "");
  }

  @Test
  void letsALaterLineOverrideAnEarlierOne() throws IOException {
    assertThat(read("A=first\nA=second\n")).containsExactly(Map.entry("A", "second"));
  }

  @Test
  void readsUtf8WithWindowsLineEndingsAndAByteOrderMark() throws IOException {
    assertThat(read("\uFEFFA=héllo ☃\r\nB=two\r\n"))
        .containsEntry("A", "héllo ☃")
        .containsEntry("B", "two");
  }

  @Test
  void skipsMalformedLinesAndKeepsTheRest() throws IOException {
    String content =
        String.join(
            "\n",
            "GOOD1=a",
            "no equals sign here",
            "=no key",
            "bad key=x",
            "UNCLOSED='abc",
            "UNCLOSED2=\"abc",
            "TRAILING='abc' junk",
            "GOOD2=b");
    assertThat(read(content)).containsExactly(Map.entry("GOOD1", "a"), Map.entry("GOOD2", "b"));
  }

  @Test
  void logsMalformedLinesByNumberWithoutTheirValue() throws IOException {
    List<LogRecord> records = new ArrayList<>();
    Logger logger = Logger.getLogger(DotEnvFile.class.getName());
    Handler handler =
        new Handler() {
          @Override
          public void publish(LogRecord record) {
            records.add(record);
          }

          @Override
          public void flush() {}

          @Override
          public void close() {}
        };
    Level previous = logger.getLevel();
    logger.setLevel(Level.FINE);
    logger.addHandler(handler);
    try {
      read("A=ok\n# comment\nGALILEO_API_KEY='sk-secret-123\n");
    } finally {
      logger.removeHandler(handler);
      logger.setLevel(previous);
    }

    assertThat(records).hasSize(1);
    LogRecord record = records.get(0);
    assertThat(record.getLevel()).isEqualTo(Level.FINE);
    String message = new SimpleFormatter().formatMessage(record);
    assertThat(message).contains("line 3").contains(".env").doesNotContain("sk-secret-123");
  }

  @Test
  void treatsAMissingFileAsEmpty() {
    assertThat(DotEnvFile.read(dir.resolve("absent.env"))).isEmpty();
  }

  @Test
  void treatsADirectoryNamedDotEnvAsNoFile() throws IOException {
    Path directory = Files.createDirectory(dir.resolve(".env"));
    assertThat(DotEnvFile.read(directory)).isEmpty();
  }

  @Test
  void treatsAFileItMayNotReadAsEmpty() throws IOException {
    Path file = dir.resolve(".env");
    Files.writeString(file, "GALILEO_MODE=distributed\n");
    assumeTrue(
        file.toFile().setReadable(false, false) && !Files.isReadable(file),
        "needs a file system that enforces permissions against this user (not root)");
    try {
      assertThat(DotEnvFile.read(file)).isEmpty();
    } finally {
      file.toFile().setReadable(true, false);
    }
  }
}
