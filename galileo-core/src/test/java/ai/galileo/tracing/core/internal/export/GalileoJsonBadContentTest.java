package ai.galileo.tracing.core.internal.export;

import static ai.galileo.tracing.core.export.TestSpans.span;
import static ai.galileo.tracing.core.export.TestSpans.trace;
import static ai.galileo.tracing.core.internal.export.GalileoJsonTest.valid;
import static org.assertj.core.api.Assertions.assertThat;

import ai.galileo.tracing.Content;
import ai.galileo.tracing.Document;
import ai.galileo.tracing.Message;
import ai.galileo.tracing.Role;
import ai.galileo.tracing.SpanType;
import ai.galileo.tracing.ToolCall;
import ai.galileo.tracing.core.SpanData;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Whatever spans hold, the body is valid UTF-8 JSON that the schema accepts, and bounded. */
class GalileoJsonBadContentTest {
  static final int MAX = 1_000_000;
  final GalileoJson json = new GalileoJson("v", MAX);

  /** The body of one tool span whose input and output are {@code s}, checked, parsed back. */
  JsonNode toolWith(GalileoJson writer, String s) {
    SpanData t = trace("t").build();
    SpanData tool = span(SpanType.TOOL, s, t).input(s).output(s).metadata(s, s).tags(s).build();
    byte[] body = writer.spansIngest(null, t.traceId(), t.spanId(), List.of(SpanNode.leaf(tool)));
    assertValidUtf8(body);
    return valid("LogSpansIngestRequest", body).path("spans").path(0);
  }

  static void assertValidUtf8(byte[] body) {
    try {
      StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(body));
    } catch (CharacterCodingException e) {
      throw new AssertionError("not valid UTF-8", e);
    }
  }

  @Test
  void aTenMegabyteStringIsCutAndMarked() {
    String huge = "a".repeat(10_000_000);
    SpanData t = trace("t").build();
    SpanData tool = span(SpanType.TOOL, "big", t).input(huge).output(huge).build();

    byte[] body = json.spansIngest(null, t.traceId(), t.spanId(), List.of(SpanNode.leaf(tool)));

    assertThat(body.length).as("two cut strings and the rest").isLessThan(2 * MAX + 2_000);
    JsonNode rec = valid("LogSpansIngestRequest", body).path("spans").path(0);
    String input = rec.path("input").asText();
    String marker = "\u2026[truncated 9000000 of 10000000 chars]";
    assertThat(input).startsWith("aaaa").endsWith(marker);
    assertThat(input.length()).isEqualTo(MAX + marker.length());
    assertThat(input.substring(0, MAX)).isEqualTo(huge.substring(0, MAX));
    assertThat(rec.path("output").asText()).isEqualTo(input);
  }

  @Test
  void aCutNeverSplitsASurrogatePair() {
    GalileoJson small = new GalileoJson("v", 5);
    String emoji = "\uD83D\uDE00"; // 😀, two chars

    String cut = toolWith(small, emoji.repeat(10)).path("input").asText();

    assertThat(cut).startsWith(emoji + emoji).contains("[truncated 16 of 20 chars]");
    assertThat(cut.substring(0, cut.indexOf('\u2026'))).isEqualTo(emoji + emoji);
  }

  @Test
  void aStringAtTheLimitIsKeptWhole() {
    GalileoJson small = new GalileoJson("v", 5);

    assertThat(toolWith(small, "abcde").path("input").asText()).isEqualTo("abcde");
    assertThat(toolWith(small, "abcdef").path("input").asText())
        .isEqualTo("abcde\u2026[truncated 1 of 6 chars]");
  }

  @Test
  void everyPlaneEmojiAndRightToLeftTextRoundTrip() {
    StringBuilder sb = new StringBuilder();
    // A few code points from each of the 17 planes, including private use and noncharacters.
    for (int plane = 0; plane <= 16; plane++) {
      for (int low : new int[] {0x0041, 0x0100, 0x4E2D, 0xE000, 0xFFFD, 0xFFFF}) {
        int cp = (plane << 16) | low;
        if (!Character.isSurrogate((char) cp) || plane > 0) {
          sb.appendCodePoint(cp);
        }
      }
    }
    sb.append("😀👩‍👩‍👧‍👦🇯🇵🏳️‍🌈 ");
    sb.append("مرحبا بالعالم עברית \u200F\u202Eevil\u202C ");
    sb.append("e\u0301 \uFEFF \u2028 \u2029 \u00A0 \uD800\uDC00 \uDBFF\uDFFF");
    String all = sb.toString();

    JsonNode rec = toolWith(json, all);

    assertThat(rec.path("input").asText()).isEqualTo(all);
    assertThat(rec.path("name").asText()).isEqualTo(all);
    assertThat(rec.path("user_metadata").path(all).asText()).isEqualTo(all);
    assertThat(rec.path("tags").path(0).asText()).isEqualTo(all);
  }

  @Test
  void outsideTheBmpIsRealFourByteUtf8NotEscapes() {
    SpanData t = trace("😀").build();
    byte[] body = json.tracesIngest(null, null, List.of(SpanNode.leaf(t)), true);

    assertThat(new String(body, StandardCharsets.UTF_8)).contains("\"name\":\"😀\"")
        .doesNotContain("\\ud83d");
  }

  @Test
  void shortStringsRoundTripWhateverCharacterTheyHold() {
    for (char c = 0; c < 0x100; c++) {
      String value = "a" + c + "b";
      SpanData t = trace(value).metadata("k", value).build();
      JsonNode rec = valid("LogTracesIngestRequest", json.tracesIngest(null, null, List.of(SpanNode.leaf(t)), true))
          .path("traces").path(0);
      assertThat(rec.path("name").asText()).as("char %04x", (int) c).isEqualTo(value);
      assertThat(rec.path("user_metadata").path("k").asText()).as("char %04x", (int) c).isEqualTo(value);
    }
    for (int length : new int[] {0, 1, 63, 64, 65, 200}) {
      String value = "x".repeat(length);
      SpanData t = trace(value).build();
      JsonNode rec = valid("LogTracesIngestRequest", json.tracesIngest(null, null, List.of(SpanNode.leaf(t)), true))
          .path("traces").path(0);
      assertThat(rec.path("name").asText()).isEqualTo(value);
    }
  }

  @Test
  void everyControlCharacterIsEscapedAndRoundTrips() {
    StringBuilder sb = new StringBuilder();
    for (char c = 0; c < 0x20; c++) {
      sb.append(c);
    }
    sb.append('\u007F');
    for (char c = 0x80; c < 0xA0; c++) {
      sb.append(c);
    }
    sb.append("\"\\/");
    String controls = sb.toString();
    SpanData t = trace(controls).input(controls).metadata(controls, controls).build();

    byte[] body = json.tracesIngest(null, null, List.of(SpanNode.leaf(t)), true);

    for (byte b : body) {
      assertThat(b & 0xff).as("no raw C0 byte").isGreaterThanOrEqualTo(0x20);
    }
    JsonNode rec = valid("LogTracesIngestRequest", body).path("traces").path(0);
    assertThat(rec.path("input").asText()).isEqualTo(controls);
    assertThat(rec.path("name").asText()).isEqualTo(controls);
    assertThat(rec.path("user_metadata").path(controls).asText()).isEqualTo(controls);
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "a\uD83Db",            // lone high surrogate
      "a\uDE00b",            // lone low surrogate
      "a\uDE00\uD83Db",      // a pair the wrong way round
      "a\uD83D",             // high surrogate at the end
      "\uDE00a",             // low surrogate at the start
      "a\uD83D\uD83D\uDE00b" // two highs, then a low: the second pair is whole
  })
  void loneSurrogatesAreReplaced(String bad) {
    JsonNode rec = toolWith(json, bad);

    String expected = switch (bad) {
      case "a\uD83Db" -> "a\uFFFDb";
      case "a\uDE00b" -> "a\uFFFDb";
      case "a\uDE00\uD83Db" -> "a\uFFFD\uFFFDb";
      case "a\uD83D" -> "a\uFFFD";
      case "\uDE00a" -> "\uFFFDa";
      default -> "a\uFFFD\uD83D\uDE00b";
    };
    assertThat(rec.path("input").asText()).isEqualTo(expected);
    assertThat(rec.path("output").asText()).isEqualTo(expected);
    assertThat(rec.path("name").asText()).isEqualTo(expected);
    assertThat(rec.path("user_metadata").path(expected).asText()).isEqualTo(expected);
  }

  @Test
  void messagesDocumentsAndToolCallsAreRepairedToo() {
    String bad = "x\uD800";
    SpanData t = trace("t").build();
    SpanData llm = span(SpanType.LLM, "llm", t)
        .input(Content.messages(new Message(Role.ASSISTANT, bad, bad,
            List.of(new ToolCall(bad, bad, bad)))))
        .output(Content.message(Message.assistant(bad)))
        .llm(new SpanData.LlmData(bad, Double.NaN, 1L, 1L, 2L, null)).build();
    SpanData retriever = span(SpanType.RETRIEVER, "r", t)
        .output(Content.documents(new Document(bad, Map.of(bad, bad, "nan", Double.NaN))))
        .build();

    byte[] body = json.spansIngest(null, t.traceId(), t.spanId(),
        List.of(SpanNode.leaf(llm), SpanNode.leaf(retriever)));

    assertValidUtf8(body);
    JsonNode spans = valid("LogSpansIngestRequest", body).path("spans");
    String text = spans.toString();
    assertThat(text).doesNotContain("\\ud800").contains("x\uFFFD");
    assertThat(spans.path(0).has("temperature")).isFalse();
    assertThat(spans.path(0).path("model").asText()).isEqualTo("x\uFFFD");
    assertThat(spans.path(0).path("input").path(0).path("tool_calls").path(0).path("function")
        .path("arguments").asText()).isEqualTo("x\uFFFD");
    assertThat(spans.path(1).path("output").path(0).path("metadata").path("nan").asText())
        .as("NaN kept as text, which the schema allows").isEqualTo("NaN");
  }

  @Test
  void aCleanStringIsNotCopied() {
    SafeText text = new SafeText(100);
    String clean = "plain ascii and 😀 and עברית";

    assertThat(text.fix(clean)).isSameAs(clean);
    assertThat(text.fix("a\uD800")).isEqualTo("a\uFFFD");
  }

  @Test
  void createdAtMatchesJavaTimeForEveryKindOfInstant() {
    DateTimeFormatter micros = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSS'Z'")
        .withZone(ZoneOffset.UTC);
    byte[] buf = new byte[WireTime.LENGTH];
    long[] fixed = {0, -1, 1, 999, 1_000, -1_000, -1_001, Long.MAX_VALUE, Long.MIN_VALUE,
        nanos("2024-02-29T23:59:59.999999999Z"), nanos("2000-02-29T00:00:00Z"),
        nanos("1900-03-01T00:00:00Z"), nanos("2100-02-28T12:00:00Z"),
        nanos("1999-12-31T23:59:59.000001Z"), nanos("1969-12-31T23:59:59.999999Z")};
    SplittableRandom random = new SplittableRandom(42);
    long[] all = new long[fixed.length + 10_000];
    System.arraycopy(fixed, 0, all, 0, fixed.length);
    for (int i = fixed.length; i < all.length; i++) {
      all[i] = random.nextLong();
    }
    for (long n : all) {
      Instant expected = Instant.ofEpochSecond(Math.floorDiv(n, 1_000_000_000L),
          Math.floorMod(n, 1_000_000_000L)).truncatedTo(ChronoUnit.MICROS);
      WireTime.format(n, buf);
      assertThat(new String(buf, java.nio.charset.StandardCharsets.US_ASCII)).as("epoch nanos %d", n).isEqualTo(micros.format(expected));
    }
  }

  static long nanos(String instant) {
    Instant i = Instant.parse(instant);
    return i.getEpochSecond() * 1_000_000_000L + i.getNano();
  }
}
