package ai.galileo.tracing.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TraceStateTest {
  /** Level 1's two key rules, written out from the Recommendation's ABNF. */
  static final Pattern LEVEL_1_KEY = Pattern.compile(
      "[a-z][a-z0-9_\\-*/]{0,255}|[a-z0-9][a-z0-9_\\-*/]{0,240}@[a-z][a-z0-9_\\-*/]{0,13}");

  static final String ALL_VALUE_CHARACTERS = allValueCharacters();

  @ParameterizedTest
  @ValueSource(strings = {
      "a",
      "rojo",
      "congo",
      "galileo",
      "k-_*/0",
      "fw529a3039@dt",
      "1tenant@sys-1",
      "t*/_-@s",
      "abcdefghijklmnopqrstuvwxyz0123456789_-*/@a-z0-9_-*/",
  })
  void keysLevel1AllowsAreValid(String key) {
    assertThat(LEVEL_1_KEY.matcher(key).matches()).as("a Level 1 key").isTrue();
    assertThat(TraceState.isKey(key)).isTrue();
  }

  @Test
  void theLongestKeysLevel1AllowsAreValid() {
    List<String> keys = List.of(
        "z".repeat(256),
        "t".repeat(241) + "@" + "v".repeat(14),
        "0" + "t".repeat(240) + "@v");
    for (String key : keys) {
      assertThat(LEVEL_1_KEY.matcher(key).matches()).as(key).isTrue();
      assertThat(TraceState.isKey(key)).as(key).isTrue();
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"1abc", "foo@", "foo@@bar", "foo@bar@baz", "t@vvvvvvvvvvvvvvv", "a@1"})
  void keysLevel2AddedAreValid(String key) {
    assertThat(LEVEL_1_KEY.matcher(key).matches()).as("not a Level 1 key").isFalse();
    assertThat(TraceState.isKey(key)).isTrue();
  }

  @Test
  void aTenantLongerThanLevel1AllowedIsValidWithin256Characters() {
    assertThat(TraceState.isKey("t".repeat(242) + "@v")).isTrue();
    assertThat(TraceState.isKey("t".repeat(250) + "@vendor")).isFalse(); // 257 characters
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "", "@foo", "_foo", "-foo", "*foo", "/foo", "Foo", "FOO", "foo.bar", "foo bar", "foo ",
      "föo", "foo=", "foo,bar", "foo\tbar",
  })
  void keysOutsideTheGrammarAreInvalid(String key) {
    assertThat(TraceState.isKey(key)).isFalse();
  }

  @Test
  void aKeyOf257CharactersIsInvalid() {
    assertThat(TraceState.isKey("z".repeat(257))).isFalse();
    assertThat(TraceState.isKey("t".repeat(241) + "@" + "v".repeat(15))).isFalse();
  }

  @Test
  void membersAreKeptExactlyAsTheyCameLessTheSpacesAroundThem() {
    TraceState state = TraceState.parse(" rojo=00f067aa0ba902b7 ,\tcongo= t61 rcWkgMzE\t, x@y=1");

    assertThat(state.members()).containsExactly("rojo=00f067aa0ba902b7", "congo= t61 rcWkgMzE", "x@y=1");
    assertThat(state.get("congo")).isEqualTo(" t61 rcWkgMzE"); // leading spaces are the value's
  }

  @Test
  void everyCharacterAValueMayHoldIsKept() {
    TraceState state = TraceState.parse("foo=" + ALL_VALUE_CHARACTERS);

    assertThat(state.get("foo")).isEqualTo(ALL_VALUE_CHARACTERS);
  }

  @Test
  void emptyAndBlankMembersAreSkipped() {
    assertThat(TraceState.parse("")).isSameAs(TraceState.EMPTY);
    assertThat(TraceState.parse(" , \t ,")).isSameAs(TraceState.EMPTY);
    assertThat(TraceState.parse(",foo=1,,bar=2,").members()).containsExactly("foo=1", "bar=2");
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "foo=1,FOO=2",
      "foo=1,@bar=2",
      "foo =1",
      "foo=bar=baz",
      "foo=,bar=3",
      "foo=1,bar",
      "foo=1,=2",
      "foo=a\tb",
      "foo=a\u00e9",
      "foo=1,bar=\u0001",
  })
  void aMemberThatBreaksTheGrammarInvalidatesTheWholeHeader(String header) {
    assertThat(TraceState.parse(header)).isNull();
  }

  @Test
  void aValueOf257CharactersInvalidatesTheHeader() {
    assertThat(TraceState.parse("foo=" + "v".repeat(256))).isNotNull();
    assertThat(TraceState.parse("foo=" + "v".repeat(257))).isNull();
  }

  @Test
  void thirtyTwoMembersAreValidAndThirtyThreeAreNot() {
    assertThat(TraceState.parse(members(32)).members()).hasSize(32);
    assertThat(TraceState.parse(members(33))).isNull();
    assertThat(TraceState.parse(members(32) + ",,, ,")).isNotNull(); // empty members do not count
  }

  @Test
  void aRepeatedKeyKeepsItsFirstMemberAndTheRestOfTheList() {
    TraceState state = TraceState.parse("foo=1,bar=2,foo=3,baz=4,foo=1");

    assertThat(state.members()).containsExactly("foo=1", "bar=2", "baz=4");
    assertThat(state.repeatsDropped()).isEqualTo(2);
    assertThat(TraceState.parse("foo=1,bar=2").repeatsDropped()).isZero();
  }

  @Test
  void toStringIsTheListUncut() {
    String header = "big=" + "v".repeat(256) + "," + "other=" + "w".repeat(256);

    assertThat(TraceState.parse(header).toString()).isEqualTo(header);
  }

  @Test
  void toHeaderPutsTheOwnMemberFirstAndCutsTo512Characters() {
    TraceState state = TraceState.parse(
        "a=" + "1".repeat(200) + ",b=" + "2".repeat(200) + ",c=" + "3".repeat(200) + ",d=4");

    // 618 characters with "own=x" in front: the long members go first, the short one stays.
    assertThat(state.toHeader("own=x")).isEqualTo("own=x,d=4");
    assertThat(state.toHeader(null)).isEqualTo("d=4");
  }

  static String members(int n) {
    List<String> members = new ArrayList<>();
    for (int i = 1; i <= n; i++) {
      members.add("bar" + i + "=" + i);
    }
    return String.join(",", members);
  }

  private static String allValueCharacters() {
    StringBuilder sb = new StringBuilder();
    for (char c = 0x20; c <= 0x7e; c++) {
      if (c != ',' && c != '=') {
        sb.append(c);
      }
    }
    return sb.toString();
  }
}
