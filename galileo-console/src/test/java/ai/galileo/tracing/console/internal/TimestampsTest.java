package ai.galileo.tracing.console.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The hand-written reading of the common ISO forms agrees with java.time's formatters. */
class TimestampsTest {
  @ParameterizedTest
  @ValueSource(strings = {
      "2026-01-02T03:04:05Z", "2026-01-02T03:04:05.1Z", "2026-01-02T03:04:05.123456Z",
      "2026-01-02T03:04:05.123456789Z", "2026-01-02T03:04:05.123456", "2026-01-02T03:04:05",
      "2026-01-02T03:04:05+02:00", "2026-01-02T03:04:05.5-07:30", "2024-02-29T23:59:59.999Z",
      "2025-02-29T00:00:00Z", "2026-13-01T00:00:00Z", "2026-01-02T24:00:00Z", "2026-01-02T03:04:05.Z",
      "2026-01-02T03:04:05.1234567891Z", "2026-01-02T03:04:05+19:00", "2026-01-02 03:04:05Z",
      "2026-01-02t03:04:05z", "2026-01-02T03:04Z", "2026-01-02T03:04:05+0200", "x026-01-02T03:04:05Z",
      "2026-01-02T03:04:05Zjunk", "2026-01-02T03:04:60Z"})
  void readsAsTheFormattersDo(String text) {
    assertThat(Timestamps.parse(text)).isEqualTo(formatters(text));
    Instant fast = Timestamps.parseCommon(text);
    if (fast != null) {
      assertThat(fast).isEqualTo(formatters(text));
    }
  }

  private static Instant formatters(String s) {
    try {
      return OffsetDateTime.parse(s, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
    } catch (DateTimeParseException withoutOffset) {
      try {
        return LocalDateTime.parse(s, DateTimeFormatter.ISO_LOCAL_DATE_TIME).toInstant(ZoneOffset.UTC);
      } catch (DateTimeParseException e) {
        return null;
      }
    }
  }
}
