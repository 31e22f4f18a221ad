package ai.galileo.tracing.console.internal;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/** ISO-8601 date-times as the SDKs send them: with an offset or {@code Z}, or without (UTC). */
public final class Timestamps {
  private Timestamps() {}

  /** The instant, or null when {@code s} is not an ISO-8601 date-time. */
  public static Instant parse(String s) {
    if (s == null || s.isEmpty() || s.length() > 64) {
      return null;
    }
    try {
      return OffsetDateTime.parse(s, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
    } catch (DateTimeParseException withoutOffset) {
      try {
        // Python's datetime.isoformat() of a naive datetime: read as UTC.
        return LocalDateTime.parse(s, DateTimeFormatter.ISO_LOCAL_DATE_TIME).toInstant(ZoneOffset.UTC);
      } catch (DateTimeParseException e) {
        return null;
      }
    }
  }

  /** {@code 2026-01-02T03:04:05.123456Z}: what the API answers with. */
  public static String format(Instant t) {
    return t == null ? null : t.toString();
  }
}
