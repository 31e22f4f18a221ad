package ai.galileo.tracing.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;

class UuidsTest {

  @Test
  void parsesWhatUuidToStringWritesInEitherCase() {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    for (int i = 0; i < 1000; i++) {
      UUID id = new UUID(random.nextLong(), random.nextLong());
      assertThat(Uuids.parse(id.toString())).isEqualTo(id);
      assertThat(Uuids.parse(id.toString().toUpperCase(Locale.ROOT))).isEqualTo(id);
    }
  }

  @Test
  void rejectsEveryNonHexCharacterInEveryPosition() {
    String good = "5f0c2a4e-8d1b-4c3a-9e7f-1a2b3c4d5e6f";
    for (int pos = 0; pos < good.length(); pos++) {
      if (good.charAt(pos) == '-') {
        continue;
      }
      for (char c : new char[] {'g', 'G', 'x', '-', ' ', '/', ':', '@', '`', '\u0660', '\uff10', (char) 0}) {
        String bad = good.substring(0, pos) + c + good.substring(pos + 1);
        assertThat(Uuids.parse(bad)).as(bad).isNull();
      }
    }
    assertThat(Uuids.parse(good.replace('-', '_'))).isNull();
    assertThat(Uuids.parse(good + "0")).isNull();
    assertThat(Uuids.parse(null)).isNull();
  }

  @Test
  void hexValueKnowsEveryDigitAndNothingElse() {
    for (char c = 0; c < 0x200; c++) {
      int expected = Character.digit(c, 16);
      boolean ascii = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
      assertThat(Uuids.hexValue(c)).as("char %04x", (int) c).isEqualTo(ascii ? expected : -1);
    }
  }
}
