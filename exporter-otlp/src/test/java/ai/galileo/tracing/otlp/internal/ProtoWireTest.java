package ai.galileo.tracing.otlp.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.CodedOutputStream;
import io.opentelemetry.proto.collector.trace.v1.ExportTracePartialSuccess;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The writer's strings, varints and nesting against protobuf-java's, and the response reader. */
class ProtoWireTest {
  private static final char[] ALPHABET = {'a', 'Z', '0', ' ', '\n', '\u007f', '\u0080', 'é', '\u07ff',
      '\u0800', '€', '\uffff', '\uD83D', '\uDE00'};

  @Test
  void stringsOfEveryLengthAndCharacterClassAreWrittenAsProtobufJavaWritesThemOnceRepaired() throws Exception {
    ai.galileo.tracing.core.internal.export.SafeText repair =
        new ai.galileo.tracing.core.internal.export.SafeText(Integer.MAX_VALUE);
    Random random = new Random(42);
    ProtoWriter w = new ProtoWriter(64);
    for (int round = 0; round < 3_000; round++) {
      int length = round < 300 ? round : random.nextInt(round < 2_900 ? 40_000 : 400_000);
      char[] chars = new char[length];
      boolean ascii = random.nextBoolean();
      for (int i = 0; i < length; i++) {
        chars[i] = ascii && random.nextInt(50) > 0 ? (char) ('a' + random.nextInt(26))
            : ALPHABET[random.nextInt(ALPHABET.length)];
      }
      String s = new String(chars); // lone halves of pairs included, at chunk boundaries too
      w.reset();
      w.string(3, s);
      ByteArrayOutputStream expected = new ByteArrayOutputStream();
      CodedOutputStream out = CodedOutputStream.newInstance(expected);
      out.writeString(3, repair.fix(s));
      out.flush();
      assertThat(Arrays.copyOf(w.array(), w.size())).as("length %d", length).isEqualTo(expected.toByteArray());
    }
  }

  @Test
  void nestedMessagesGetTheirLengthWhateverRoomWasGuessed() throws Exception {
    for (int size : new int[] {0, 1, 126, 127, 128, 16_383, 16_384, 2_097_151, 2_097_152}) {
      for (int guess = 1; guess <= 4; guess++) {
        ProtoWriter w = new ProtoWriter(16);
        w.begin(1, guess);
        byte[] payload = new byte[size];
        Arrays.fill(payload, (byte) 7);
        w.raw(payload);
        w.end();
        w.int64(2, -1);
        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        CodedOutputStream out = CodedOutputStream.newInstance(expected);
        out.writeByteArray(1, payload);
        out.writeInt64(2, -1);
        out.flush();
        assertThat(w.toByteArray()).as("size %d, guess %d", size, guess).isEqualTo(expected.toByteArray());
      }
    }
  }

  @Test
  void readsAPartialSuccessAndIgnoresWhatItDoesNotKnow() {
    byte[] answer = ExportTraceServiceResponse.newBuilder()
        .setPartialSuccess(ExportTracePartialSuccess.newBuilder().setRejectedSpans(3).setErrorMessage("too big ✓"))
        .build().toByteArray();
    byte[] withUnknown = new byte[answer.length + 11];
    withUnknown[0] = (9 << 3) | 1; // field 9, fixed64: unknown to the reader
    System.arraycopy(answer, 0, withUnknown, 9, answer.length);
    withUnknown[answer.length + 9] = (10 << 3); // field 10, varint
    withUnknown[answer.length + 10] = 1;
    for (byte[] body : new byte[][] {answer, withUnknown}) {
      OtlpJson.PartialSuccess p = OtlpHttp.partialSuccess(body, "application/x-protobuf");
      assertThat(p.rejectedSpans()).isEqualTo(3);
      assertThat(p.errorMessage()).isEqualTo("too big ✓");
    }
    assertThat(OtlpHttp.partialSuccess(ExportTraceServiceResponse.getDefaultInstance().toByteArray(),
        "application/x-protobuf")).isEqualTo(OtlpJson.PartialSuccess.NONE);
  }

  @Test
  void aTruncatedOrGarbledResponseIsNoPartialSuccessNotAnError() {
    byte[] answer = ExportTraceServiceResponse.newBuilder()
        .setPartialSuccess(ExportTracePartialSuccess.newBuilder().setRejectedSpans(3).setErrorMessage("x"))
        .build().toByteArray();
    for (int cut = 1; cut < answer.length; cut++) {
      OtlpJson.PartialSuccess p = OtlpHttp.partialSuccess(Arrays.copyOf(answer, cut), "application/x-protobuf");
      assertThat(p.rejectedSpans()).isBetween(0L, 3L);
    }
    assertThat(OtlpHttp.partialSuccess("<html>oops</html>".getBytes(), "text/html"))
        .isEqualTo(OtlpJson.PartialSuccess.NONE);
    assertThat(OtlpHttp.partialSuccess(new byte[] {(byte) 0xff, (byte) 0xff}, "application/x-protobuf"))
        .isEqualTo(OtlpJson.PartialSuccess.NONE);
  }

  @Test
  void findsAnEscapedSurrogateButNotAnEscapedBackslashBeforeU() {
    assertThat(escapedSurrogate("{\"id\":\"call_\\uD800\"}")).isTrue();
    assertThat(escapedSurrogate("[\"\\udfff\"]")).isTrue();
    assertThat(escapedSurrogate("[\"\\\\uD800\"]")).isFalse(); // a backslash, then the text uD800
    assertThat(escapedSurrogate("[\"\\u00e9\\n\"]")).isFalse();
    assertThat(escapedSurrogate("[\"\\uD7FF\"]")).isFalse();
  }

  @Test
  void findsAnEscapedSurrogateAtEveryOffsetAroundTheEightByteWords() {
    for (int pad = 0; pad < 20; pad++) {
      String before = "[\"" + "a".repeat(pad);
      assertThat(escapedSurrogate(before + "\\uD83D\"]")).as("pad %d", pad).isTrue();
      assertThat(escapedSurrogate(before + "\\\\uD83D\"]")).as("pad %d", pad).isFalse();
      assertThat(escapedSurrogate(before + "\\\\" + "b".repeat(pad) + "\\ud800\"]")).as("pad %d", pad).isTrue();
      assertThat(escapedSurrogate(before + "\"]")).as("pad %d", pad).isFalse();
    }
  }

  @Test
  void findsWhatAJsonStringMustEscapeAtEveryOffsetAndNothingElse() {
    for (int pad = 0; pad < 20; pad++) {
      for (char c : new char[] {'"', '\\', '\n', '\u0000', '\u001f'}) {
        assertThat(needsEscape("a".repeat(pad) + c + "b".repeat(pad % 9)))
            .as("pad %d, char %d", pad, (int) c).isTrue();
      }
      assertThat(needsEscape("a".repeat(pad) + " é€\uD83D\uDE00\u007f/'" + "b".repeat(pad % 9)))
          .as("pad %d", pad).isFalse();
    }
  }

  private static boolean needsEscape(String s) {
    byte[] b = s.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    return Utf8.needsJsonEscape(b, 0, b.length);
  }

  private static boolean escapedSurrogate(String json) {
    byte[] b = json.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    return ProtoJson.hasEscapedSurrogate(b, 0, b.length);
  }
}
