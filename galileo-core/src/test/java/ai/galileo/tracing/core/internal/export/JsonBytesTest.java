package ai.galileo.tracing.core.internal.export;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The direct writer against Jackson: for random strings (control characters, quotes, backslashes,
 * non-ASCII, surrogate pairs and lone halves), what it writes parses back to the string
 * {@link SafeText} makes of it, is valid UTF-8, and is byte for byte what Jackson's generator (which
 * wrote the Galileo bodies before) writes for that string, or equivalent JSON where Jackson escapes.
 */
class JsonBytesTest {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final JsonFactory JACKSON = JsonFactory.builder()
      .enable(JsonWriteFeature.COMBINE_UNICODE_SURROGATES_IN_UTF8)
      .build();
  private static final SafeText WELL_FORMED = new SafeText(Integer.MAX_VALUE);
  /** Characters the generator picks from more often than chance would: the ones that need care. */
  private static final char[] TRICKY = {
      '"', '\\', '/', '\b', '\f', '\n', '\r', '\t', '\u0000', '\u001f', '\u007f', '\u0080',
      '\u07ff', '\u0800', '\u2028', '\uFFFD', '\uFFFF', '\uD800', '\uDBFF', '\uDC00', '\uDFFF'};

  @Test
  void randomStringsParseBackToTheirRepairedTextAndMatchJacksonsBytes() throws IOException {
    Random random = new Random(23);
    int jacksonEscaped = 0;
    for (int i = 0; i < 20_000; i++) {
      String s = randomString(random, random.nextInt(i % 100 == 0 ? 5000 : 40));
      JsonBytes out = new JsonBytes(16);
      out.startArray();
      out.string(s);
      out.endArray();
      byte[] ours = out.toByteArray();

      JsonNode parsed = MAPPER.readTree(ours);
      assertThat(parsed.get(0).textValue()).as("string %d", i).isEqualTo(WELL_FORMED.fix(s));
      assertThat(isUtf8(ours)).as("string %d is valid UTF-8", i).isTrue();
      byte[] theirs = jackson(WELL_FORMED.fix(s));
      if (!Arrays.equals(ours, theirs)) {
        // Where a pair straddles the end of its output buffer, Jackson's generator writes the
        // pair as two escapes: equivalent JSON, other bytes. Only long strings meet that.
        assertThat(MAPPER.readTree(theirs)).as("string %d", i).isEqualTo(parsed);
        assertThat(s.length()).as("string %d", i).isGreaterThan(1000);
        jacksonEscaped++;
      }
    }
    assertThat(jacksonEscaped).as("strings where Jackson escaped a pair").isLessThan(200);
  }

  private static boolean isUtf8(byte[] bytes) {
    try {
      StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes));
      return true;
    } catch (CharacterCodingException e) {
      return false;
    }
  }

  @Test
  void aLoneSurrogateBecomesTheReplacementCharacterWherePairsStayWhole() throws IOException {
    String s = "a\uD83D\uDE00b\uD83Dc\uDE00d\uD83D";
    JsonBytes out = new JsonBytes(16);
    out.string(s);

    assertThat(out.toByteArray()).isEqualTo(
        "\"a\uD83D\uDE00b\uFFFDc\uFFFDd\uFFFD\"".getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void aPairAcrossTheEncodersChunkBoundaryStaysOneCharacter() throws IOException {
    for (int at = 1000; at < 1030; at++) {
      String s = "x".repeat(at) + "\uD83D\uDE00" + "y".repeat(50) + "\uD83D";
      JsonBytes out = new JsonBytes(16);
      out.string(s);

      assertThat(MAPPER.readTree(out.toByteArray()).textValue()).isEqualTo(WELL_FORMED.fix(s));
    }
  }

  @Test
  void controlCharactersUseShortEscapesWhereJsonHasThem() {
    JsonBytes out = new JsonBytes(16);
    out.string("\b\t\n\f\r\u0000\u001f\"\\/");

    assertThat(new String(out.toByteArray(), StandardCharsets.US_ASCII))
        .isEqualTo("\"\\b\\t\\n\\f\\r\\u0000\\u001F\\\"\\\\/\"");
  }

  @Test
  void commasSeparateFieldsAndArrayElementsAtEveryDepth() throws IOException {
    JsonBytes out = new JsonBytes(16);
    out.startObject();
    out.field(JsonBytes.name("a"));
    out.number(1);
    out.field("b\"");
    out.startArray();
    out.number(Long.MIN_VALUE);
    out.number(-0.5);
    out.bool(false);
    out.startObject();
    out.endObject();
    out.raw("{\"x\":[1,\"\u00e9\uD83D\uDE00\"]}");
    out.asciiString("id".getBytes(StandardCharsets.US_ASCII), 0, 2);
    out.encoded(JsonBytes.literal("lit"));
    out.numberText("12345678901234567890.5");
    out.endArray();
    out.field(JsonBytes.name("c"));
    out.startArray();
    out.endArray();
    out.endObject();

    assertThat(new String(out.toByteArray(), StandardCharsets.UTF_8)).isEqualTo(
        "{\"a\":1,\"b\\\"\":[-9223372036854775808,-0.5,false,{},{\"x\":[1,\"\u00e9\uD83D\uDE00\"]},"
            + "\"id\",\"lit\",12345678901234567890.5],\"c\":[]}");
  }

  @Test
  void longsAreWrittenAsJacksonWritesThem() throws IOException {
    Random random = new Random(7);
    for (int i = 0; i < 5_000; i++) {
      long v = switch (i % 4) {
        case 0 -> random.nextLong();
        case 1 -> random.nextInt(1000) - 500;
        case 2 -> Long.MAX_VALUE - random.nextInt(10);
        default -> (long) Math.pow(10, random.nextInt(19)) - random.nextInt(2);
      };
      JsonBytes out = new JsonBytes(16);
      out.number(v);
      assertThat(new String(out.toByteArray(), StandardCharsets.US_ASCII)).isEqualTo(Long.toString(v));
    }
  }

  @Test
  void rawTextIsCopiedAsItsUtf8BytesByOneWriterReusedForEveryString() {
    // Raw JSON is not escaped: quotes, backslashes and non-ASCII runs between plain ASCII ones
    // come out as UTF-8, and lone surrogates as U+FFFD, however the writer's scratch was used last.
    Random random = new Random(11);
    JsonBytes out = new JsonBytes(16);
    for (int i = 0; i < 5_000; i++) {
      String s = randomString(random, random.nextInt(i % 50 == 0 ? 3000 : 60));
      out.reset();
      out.raw(s);

      assertThat(out.toByteArray()).as("string %d", i)
          .isEqualTo(WELL_FORMED.fix(s).getBytes(StandardCharsets.UTF_8));
    }
  }

  @Test
  void resetKeepsTheBufferAndStartsAnEmptyDocument() {
    JsonBytes out = new JsonBytes(16);
    out.string("x".repeat(5000));
    int grown = out.capacity();
    out.reset();
    out.startArray();
    out.endArray();

    assertThat(out.capacity()).isEqualTo(grown);
    assertThat(out.toByteArray()).isEqualTo("[]".getBytes(StandardCharsets.US_ASCII));
  }

  private static byte[] jackson(String s) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (JsonGenerator g = JACKSON.createGenerator(bytes, JsonEncoding.UTF8)) {
      g.writeStartArray();
      g.writeString(s);
      g.writeEndArray();
    }
    return bytes.toByteArray();
  }

  private static String randomString(Random random, int length) {
    StringBuilder b = new StringBuilder(length);
    for (int i = 0; i < length; i++) {
      switch (random.nextInt(6)) {
        case 0 -> b.append(TRICKY[random.nextInt(TRICKY.length)]);
        case 1 -> b.append((char) random.nextInt(0x20));
        case 2 -> b.append((char) random.nextInt(0x10000)); // any UTF-16 unit, lone surrogates too
        case 3 -> b.appendCodePoint(0x10000 + random.nextInt(0x100000)); // a pair
        default -> b.append((char) (0x20 + random.nextInt(0x5f))); // printable ASCII
      }
    }
    return b.toString();
  }
}
