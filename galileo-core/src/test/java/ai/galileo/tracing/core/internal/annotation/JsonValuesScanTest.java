package ai.galileo.tracing.core.internal.annotation;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** The scan that decides whether a string goes between JSON's quotes as it is. */
class JsonValuesScanTest {
  private static final String MUST_ESCAPE;

  static {
    StringBuilder sb = new StringBuilder("\"\\");
    for (char c = 0; c < 0x20; c++) {
      sb.append(c);
    }
    MUST_ESCAPE = sb.toString();
  }

  /** The definition, a character at a time. */
  private static boolean reference(String s) {
    return s.chars().anyMatch(c -> c < 0x20 || c == '"' || c == '\\');
  }

  @Test
  void everyCharacterToEscapeIsFoundAtEveryPositionOfShortAndLongStrings() {
    for (int length : new int[] {1, 7, 8, 15, 16, 17, 31, 33, 255, 256, 257, 600}) {
      for (int at = 0; at < length; at++) {
        for (char c : MUST_ESCAPE.toCharArray()) {
          char[] text = "abcdefgh".repeat(length / 8 + 1).substring(0, length).toCharArray();
          text[at] = c;
          assertThat(JsonValues.needsEscaping(new String(text)))
              .as("0x%02x at %d of %d", (int) c, at, length).isTrue();
        }
      }
    }
  }

  @Test
  void plainAsciiAndLatin1TextNeedsNoEscaping() {
    assertThat(JsonValues.needsEscaping("What did Galileo Galilei research?")).isFalse();
    assertThat(JsonValues.needsEscaping("Ça déjà vu, señor ÿ ~ { } [ ] / ' !".repeat(20))).isFalse();
    assertThat(JsonValues.needsEscaping("")).isFalse();
  }

  @Test
  void charactersBeyondLatin1WhoseLowByteLooksLikeOneToEscapeNeedNoEscaping() {
    // U+0122, U+015C and U+0100..U+011F share their low byte with a quote, a backslash and the
    // control characters; U+4E00 upwards is CJK text, full of such bytes
    String lookAlikes = "\u0122\u015c\u0100\u0101\u010a\u011f\u4e00\u4e0a\u6587\u5b57 ";
    assertThat(JsonValues.needsEscaping(lookAlikes)).isFalse();
    assertThat(JsonValues.needsEscaping(lookAlikes.repeat(60))).isFalse();
    assertThat(JsonValues.needsEscaping(lookAlikes.repeat(60) + "\n")).isTrue();
  }

  @Test
  void randomTextAgreesWithTheDefinition() {
    Random random = new Random(24);
    for (int i = 0; i < 5_000; i++) {
      int length = random.nextInt(700);
      StringBuilder sb = new StringBuilder(length);
      for (int j = 0; j < length; j++) {
        int kind = random.nextInt(100);
        sb.append(kind == 0 ? MUST_ESCAPE.charAt(random.nextInt(MUST_ESCAPE.length()))
            : kind < 20 ? (char) (0x100 + random.nextInt(0x5000))
            : (char) (0x20 + random.nextInt(0x60)));
      }
      String s = sb.toString().replace('"', 'q').replace('\\', 'b');
      if (random.nextInt(3) > 0) { // most strings clean, the rest with one character to escape
        s = s.chars().filter(c -> c >= 0x20).collect(StringBuilder::new,
            StringBuilder::appendCodePoint, StringBuilder::append).toString();
      }
      assertThat(JsonValues.needsEscaping(s)).as("%s", s).isEqualTo(reference(s));
    }
  }
}
