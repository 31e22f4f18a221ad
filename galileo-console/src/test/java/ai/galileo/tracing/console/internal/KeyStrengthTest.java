package ai.galileo.tracing.console.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class KeyStrengthTest {
  @Test
  void commonWordsAreWeakWhateverDigitsStandForLetters() {
    for (String key : new String[] {"s3cret", "secret", "P@ssw0rd", "password123", "123changeme",
        "adminadminadminadmin", "Galileo-Galileo!"}) {
      assertThat(KeyStrength.weakness(key)).as(key).isEqualTo("it is a common word");
    }
  }

  @Test
  void shortKeysAndKeysOfFewCharactersAreWeak() {
    assertThat(KeyStrength.weakness("xk2q9vbm")).isEqualTo("it is shorter than 16 characters");
    assertThat(KeyStrength.weakness("abababababababababab")).isEqualTo("it has fewer than 8 different characters");
  }

  @Test
  void aLongRandomKeyIsNotWeakAndNoReasonQuotesTheKey() {
    assertThat(KeyStrength.weakness("k7Qm2xVb9RzP4wLc")).isNull();
    assertThat(KeyStrength.weakness("3f9a1c0e7b2d4f6a8c0e1b3d5f7a9c2e")).isNull();
    assertThat(KeyStrength.weakness(null)).isNull();
    for (String key : new String[] {"s3cret", "xk2q9vbm", "abababababababababab"}) {
      assertThat(KeyStrength.weakness(key)).doesNotContain(key);
    }
  }
}
