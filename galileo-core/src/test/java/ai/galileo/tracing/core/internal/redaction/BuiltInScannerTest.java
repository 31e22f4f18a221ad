package ai.galileo.tracing.core.internal.redaction;

import static ai.galileo.tracing.core.internal.redaction.BuiltInScanner.ALL;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Each built-in kind: what it masks, the near misses it leaves, and the no-match path. */
class BuiltInScannerTest {
  private static final BuiltInScanner ALL_KINDS = new BuiltInScanner(ALL);

  private static String redact(String text) {
    return ALL_KINDS.redact(text);
  }

  private static void unchanged(String text) {
    assertThat(redact(text)).as("left as it is").isSameAs(text);
  }

  @Test
  void textWithNothingToRedactIsReturnedAsTheSameInstance() {
    String prose = "Galileo Galilei (1564-1642) taught at Padua in 1592, wrote in version 2.0: "
        + "see chapter 3.14, e.g. 10:30 on 2024-01-15, order #A-1234567 and ticket 987654321.";
    unchanged(prose);
    unchanged("");
  }

  @Test
  void aScannerWithNoKindsChangesNothing() {
    String text = "mail ada@example.com";
    assertThat(new BuiltInScanner(0).redact(text)).isSameAs(text);
  }

  @Test
  void onlyTheChosenKindsAreMasked() {
    BuiltInScanner emailOnly = new BuiltInScanner(BuiltInScanner.EMAIL);
    assertThat(emailOnly.redact("ada@example.com, card 4111 1111 1111 1111"))
        .isEqualTo("[EMAIL], card 4111 1111 1111 1111");
  }

  @Nested
  class Email {
    @Test
    void addressesAreMasked() {
      assertThat(redact("Write to ada.lovelace+ai@math.example.co.uk."))
          .isEqualTo("Write to [EMAIL].");
      assertThat(redact("a@b.io and john_doe-1990@sub.example.org"))
          .isEqualTo("[EMAIL] and [EMAIL]");
      assertThat(redact("<mailto:x@example.com>")).isEqualTo("<mailto:[EMAIL]>");
    }

    @ParameterizedTest
    @ValueSource(strings = {"@galileo on social", "name@localhost", "a@b.c", "user@.com",
        "meet @ 5", "x@123.456"})
    void nearMissesAreKept(String text) {
      unchanged(text);
    }
  }

  @Nested
  class Card {
    @ParameterizedTest
    @ValueSource(strings = {"4111111111111111", "4111 1111 1111 1111", "4111-1111-1111-1111",
        "5500 0000 0000 0004", "3782 822463 10005", "6011111111111117", "4222222222222"})
    void luhnValidNumbersAreMasked(String card) {
      assertThat(redact("pay with " + card + " now")).isEqualTo("pay with [CARD] now");
    }

    @ParameterizedTest
    @ValueSource(strings = {"4111 1111 1111 1112", "4111111111111112", "1234567812345678",
        "1700000000123", "9111111111111111"})
    void numbersFailingLuhnOrOutsideTheCardRangesAreKept(String number) {
      unchanged("ref " + number + " ok");
    }

    @Test
    void aCardFollowedByMoreDigitsIsFoundAtItsGroupEnd() {
      assertThat(redact("card 4111 1111 1111 1111 0925")).isEqualTo("card [CARD] 0925");
    }

    @Test
    void digitsInsideAWordAreNotACard() {
      unchanged("id X4111111111111111");
    }
  }

  @Nested
  class Phone {
    @ParameterizedTest
    @ValueSource(strings = {"+1 415 555 2671", "+44 20 7946 0958", "+33 1 23 45 67 89",
        "+14155552671", "(415) 555-2671", "415-555-2671", "415.555.2671", "020 7946 0958",
        "+1 (415) 555-2671", "1-800-555-0199"})
    void numbersAreMasked(String phone) {
      assertThat(redact("call " + phone + ".")).isEqualTo("call [PHONE].");
    }

    @ParameterizedTest
    @ValueSource(strings = {"4155552671", "2024-01-15", "2024-01-15 10:30", "1.000.000.000",
        "978-3-16-148410-0", "+12 34", "1 000 000"})
    void idsDatesAndAmountsAreKept(String text) {
      unchanged("see " + text + " here");
    }

    @Test
    void aNumberFollowedByAShortGroupEndsBeforeIt() {
      assertThat(redact("ring 415-555-2671 2 times")).isEqualTo("ring [PHONE] 2 times");
    }
  }

  @Nested
  class Iban {
    @ParameterizedTest
    @ValueSource(strings = {"DE89370400440532013000", "DE89 3704 0044 0532 0130 00",
        "GB82 WEST 1234 5698 7654 32", "FR1420041010050500013M02606", "NL91ABNA0417164300"})
    void validIbansAreMasked(String iban) {
      assertThat(redact("IBAN: " + iban + ", thanks")).isEqualTo("IBAN: [IBAN], thanks");
    }

    @Test
    void anIbanFollowedByACapitalWordEndsBeforeIt() {
      assertThat(redact("to DE89 3704 0044 0532 0130 00 OK")).isEqualTo("to [IBAN] OK");
    }

    @ParameterizedTest
    @ValueSource(strings = {"DE89370400440532013001", "DE00 3704 0044 0532 0130 00", "AB12",
        "ISO 9001", "US10 ABCDEFGHIJK"})
    void failingTheCheckIsKept(String text) {
      unchanged("see " + text);
    }
  }

  @Nested
  class Ip {
    @ParameterizedTest
    @ValueSource(strings = {"192.168.1.20", "10.0.0.1", "255.255.255.255", "0.0.0.0",
        "2001:db8::1", "2001:0db8:85a3:0000:0000:8a2e:0370:7334", "fe80::1ff:fe23:4567:890a",
        "::1", "::ffff:192.0.2.128"})
    void addressesAreMasked(String ip) {
      assertThat(redact("from " + ip + ".")).isEqualTo("from [IP].");
    }

    @Test
    void thePortStays() {
      assertThat(redact("http://10.0.0.1:8080/x")).isEqualTo("http://[IP]:8080/x");
    }

    @ParameterizedTest
    @ValueSource(strings = {"256.1.1.1", "1.2.3", "1.2.3.4.5", "01.2.3.4", "v1.2.3.4",
        "12:30:45", "00:1A:2B:3C:4D:5E", "std::vector", "a:b", "Note: it", "::", "3.14"})
    void nearMissesAreKept(String text) {
      unchanged("at " + text + " now");
    }

    @Test
    void aVersionWithFourPartsIsAnAddress() {
      // Documented: a bare dotted quad cannot be told from an address; "v1.2.3.4" is kept.
      assertThat(redact("release 1.2.3.4")).isEqualTo("release [IP]");
    }
  }

  @Nested
  class ApiKey {
    @ParameterizedTest
    @ValueSource(strings = {"sk-abcdefghijklmnopqrstuvwxyz123456",
        "sk-proj-AbCdEfGhIjKlMnOpQrStUvWxYz012345_-6789",
        "sk-ant-api03-abcdefghijklmnopqrstuvwxyzABCDEF", "AKIAIOSFODNN7EXAMPLE",
        "ASIAIOSFODNN7EXAMPLE", "ghp_abcdefghijklmnopqrstuvwxyz0123456789",
        "gho_abcdefghijklmnopqrstuvwxyz0123456789", "github_pat_11ABCDEFG0abcdefghijkl_mnopqrstuvwxyz",
        "xoxb-123456789012-1234567890123-AbCdEfGhIjKlMnOp",
        "AIzaSyA-abcdefghijklmnopqrstuvwxyz01234", "glpat-abcdefghij0123456789"})
    void knownPrefixesAreMasked(String key) {
      assertThat(redact("key=" + key + " end")).isEqualTo("key=[API_KEY] end");
    }

    @ParameterizedTest
    @ValueSource(strings = {"sk-short", "task-abcdefghijklmnopqrstuvwxyz", "AKIA123",
        "ghp_short", "skills", "xoxo", "glpat-"})
    void shortOrInWordIsKept(String text) {
      unchanged("see " + text + " end");
    }
  }

  @Nested
  class BearerAndJwt {
    private static final String JWT = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0In0."
        + "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";

    @Test
    void theBearerTokenIsMasked() {
      assertThat(redact("Authorization: Bearer abcDEF123456._~+/=="))
          .isEqualTo("Authorization: Bearer [TOKEN]");
      assertThat(redact("header bearer 0123456789abcdef.")).isEqualTo("header Bearer [TOKEN].");
    }

    @Test
    void jwtsAreMasked() {
      assertThat(redact("token " + JWT + " sent")).isEqualTo("token [JWT] sent");
    }

    @ParameterizedTest
    @ValueSource(strings = {"Bearer of bad news", "the bearer short", "eyJ alone",
        "eyJhbGc.eyJ", "keyJam"})
    void nearMissesAreKept(String text) {
      unchanged(text);
    }
  }

  @Test
  void manyKindsInOneTextAreAllMasked() {
    String text = "Ada (ada@example.com, +44 20 7946 0958) paid 4111 1111 1111 1111 from "
        + "GB82 WEST 1234 5698 7654 32 at 192.168.0.7 with sk-abcdefghijklmnopqrstuvwxyz.";
    assertThat(redact(text)).isEqualTo(
        "Ada ([EMAIL], [PHONE]) paid [CARD] from [IBAN] at [IP] with [API_KEY].");
  }

  @Test
  void textInsideJsonStaysValidJson() {
    assertThat(redact("{\"email\":\"ada@example.com\",\"n\":1}"))
        .isEqualTo("{\"email\":\"[EMAIL]\",\"n\":1}");
  }

  @Test
  void nonAsciiTextIsScannedAroundAndKept() {
    assertThat(redact("Größe: ada@example.com — 東京")).isEqualTo("Größe: [EMAIL] — 東京");
    unchanged("Überall 東京 ünd café");
  }

  /** Edges a faster scanning loop could break: text ends, non-ASCII neighbours, word middles. */
  @Nested
  class Edges {
    @ParameterizedTest
    @ValueSource(strings = {"ada@example.com", "4111 1111 1111 1111", "10.0.12.7",
        "+44 20 7946 0958", "GB82 WEST 1234 5698 7654 32", "sk-abcdefghijklmnopqrstuvwxyz",
        "eyJhbGciOi.eyJzdWIiOi.c2lnbmF0dXJl", "2001:db8::1"})
    void aMatchThatIsTheWholeTextIsMasked(String text) {
      assertThat(redact(text)).startsWith("[").endsWith("]");
      assertThat(redact("x " + text)).as("at the very end").startsWith("x [");
      assertThat(redact(text + " x")).as("at the very start").startsWith("[").endsWith("] x");
    }

    @Test
    void matchesAfterManyNearMissesAreAllFound() {
      // Each "eyJ " and "(12-34) " is a place the scanner checks and rejects; the scanner notes
      // such places in batches, so this puts the card's groups on every side of a batch's end.
      for (int misses = 0; misses <= 140; misses++) {
        String before = "eyJ ".repeat(misses % 7) + "(12-34) ".repeat(misses / 7 * 3);
        String text = before + "4111 1111 1111 1111 and ada@example.com, 1564";
        assertThat(redact(text)).as("after %d near misses", misses)
            .isEqualTo(before + "[CARD] and [EMAIL], 1564");
      }
    }

    @Test
    void aMatchRightAfterANonAsciiCharacterIsFoundWhenThatCharacterIsNoLetter() {
      assertThat(redact("→10.0.12.7")).isEqualTo("→[IP]");
      assertThat(redact("«ada@example.com»")).isEqualTo("«[EMAIL]»");
      assertThat(redact("—4111 1111 1111 1111")).isEqualTo("—[CARD]");
    }

    @Test
    void digitsAndPrefixesRightAfterANonAsciiLetterAreInsideAWordAndKept() {
      unchanged("café4111111111111111");
      unchanged("éeyJhbGciOi.eyJzdWIiOi.c2lnbmF0dXJl");
      unchanged("ésk-abcdefghijklmnopqrstuvwxyz");
    }

    @Test
    void anAddressWithALongLocalPartIsMaskedWhole() {
      String local = "a.b_c-d+e%f".repeat(40);
      assertThat(redact("to " + local + "@example.com now")).isEqualTo("to [EMAIL] now");
    }

    @ParameterizedTest
    @ValueSource(strings = {"::1", "fe80::1ff:fe23:4567:890a", "2001:db8::",
        "::ffff:192.0.2.128", "2001:0db8:85a3:0000:0000:8a2e:0370:7334", "1:2:3:4:5:6:7:8",
        "12ab::1", "1::"})
    void ipv6FormsAreMasked(String address) {
      assertThat(redact("host " + address + " up")).isEqualTo("host [IP] up");
    }

    @Test
    void aLikelyStartFollowedByANonAsciiCharacterOrTheTextsEndIsKept() {
      unchanged("B東 s東 1東 (東 +東 :東 @東 e東 AÉ");
      unchanged("go to B");
      unchanged("ends with 7");
      unchanged("ends with (");
    }

    @Test
    void aNumberSkippedWholeHidesNothingAfterIt() {
      assertThat(redact("in 1589 ada@example.com")).isEqualTo("in 1589 [EMAIL]");
      assertThat(redact("1564,4111 1111 1111 1111")).isEqualTo("1564,[CARD]");
      assertThat(redact("(1632) 10.0.12.7")).isEqualTo("(1632) [IP]");
      assertThat(redact("4111111111111111, paid")).isEqualTo("[CARD], paid");
      assertThat(redact("8.8.8.8")).isEqualTo("[IP]");
    }

    @ParameterizedTest
    @ValueSource(strings = {"19:30", "2024-01-15", "12-48", "555-2671", "41-555-2671", "3.14",
        "2.1", "1.2.3", "978-0-375", "(415) 555-267", "1564 - 8", "17.0.2 (1.2)", "1.2.fe80"})
    void groupedNumbersWithFewerThanTenDigitsAreKept(String text) {
      unchanged("at " + text + ", then");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"415-555-2671|[PHONE]", "(415)555-2671|[PHONE]",
        "415.555.2671|[PHONE]", "4222222222222|[CARD]", "4222-2222-22222|[CARD]"})
    void groupedNumbersOfTenDigitsOrMoreAreStillChecked(String text, String masked) {
      assertThat(redact("at " + text + ", then")).isEqualTo("at " + masked + ", then");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"see 12-10.0.0.1 now|see 12-[IP] now",
        "call (555)123.4567 now|call [PHONE] now", "1564.(555)123-4567|[PHONE]-4567",
        "at 12-4ab::1 now|at 12-[IP] now", "in (1632) ada@example.com|in (1632) [EMAIL]",
        "(12) 3 4 +44 20 7946 0958|(12) 3 4 [PHONE]", "v 1.2 10.0.0.1 up|v 1.2 [IP] up",
        "x 1.2-ab::1 y|x 1.2-[IP] y"})
    void aMatchGoingOnFromAShortGroupedNumberIsFound(String text, String masked) {
      assertThat(redact(text)).isEqualTo(masked);
    }

    @ParameterizedTest
    @ValueSource(strings = {"::ffff:192.0.2.128", "1:2:3:4:5:6:1.2.3.4", "::1.2.3.4"})
    void ipv6WithAnEmbeddedIpv4IsStillMasked(String address) {
      assertThat(redact("host " + address + " up")).isEqualTo("host [IP] up");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"at 19:30 2001:db8::1 up|at 19:30 [IP] up",
        "2024-01-15 1234:5678::9|2024-01-15 [IP]", "7 fe80::1ff:fe23:4567:890a.|7 [IP].",
        "12:30 1:2:3:4:5:6:7:8|12:30 [IP]", "3:1 ::1|3:1 [IP]"})
    void anIpv6AddressStartingWithDigitsIsFoundAtItsColonsAfterTimesAndDates(String text,
        String masked) {
      assertThat(redact(text)).isEqualTo(masked);
    }

    @ParameterizedTest
    @ValueSource(strings = {"19:30:45", "3:1", "12:345678", "1:2", "abcd:12345:ef", "Note:12"})
    void colonsWithNoOtherColonWithinAGroupAreKept(String text) {
      unchanged("at " + text + " now");
    }

    @ParameterizedTest
    @ValueSource(strings = {"risk-abcdefghijklmnopqrstuvwxyz",
        "bigghp_abcdefghijklmnopqrstuvwxyz0123", "myAKIAIOSFODNN7EXAMPLE", "zxoxb-1234567890abc",
        "keyJhbGciOi.eyJzdWIiOi.c2lnbmF0dXJl",
        "unBearer abcdefghijkl"})
    void keyPrefixesInsideAWordAreKept(String text) {
      unchanged(text);
    }
  }
}
