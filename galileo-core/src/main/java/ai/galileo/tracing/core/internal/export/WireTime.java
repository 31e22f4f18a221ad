package ai.galileo.tracing.core.internal.export;

/**
 * RFC 3339 timestamps in the one form Galileo's own SDK sends, {@code 2026-07-07T15:55:01.074308Z}:
 * UTC, microseconds, {@code Z}. Computed with integer arithmetic into a caller's buffer, as the
 * ASCII bytes that go on the wire, because it runs for every span, and {@code Instant.toString}
 * both allocates and varies its number of fraction digits.
 *
 * <p>Internal: not part of the public API and may change without notice.
 */
final class WireTime {
  /** Characters {@link #format} writes. */
  static final int LENGTH = 27;

  private static final long NANOS_PER_SECOND = 1_000_000_000L;
  private static final int SECONDS_PER_DAY = 86_400;

  private WireTime() {}

  /**
   * Writes the instant {@code epochNanos} nanoseconds after the epoch into {@code buf[0..27)},
   * truncated to the microsecond. Every {@code long} falls between the years 1677 and 2262, so the
   * year always has four digits.
   */
  static void format(long epochNanos, byte[] buf) {
    long epochSecond = Math.floorDiv(epochNanos, NANOS_PER_SECOND);
    int micros = (int) (Math.floorMod(epochNanos, NANOS_PER_SECOND) / 1000);
    long days = Math.floorDiv(epochSecond, SECONDS_PER_DAY);
    int secondOfDay = Math.floorMod(epochSecond, SECONDS_PER_DAY);

    // Civil date from days since 1970-01-01 (H. Hinnant's civil_from_days): eras of 400
    // years starting on March 1st make the leap day the last day of the year.
    long z = days + 719_468;
    long era = Math.floorDiv(z, 146_097);
    int dayOfEra = (int) (z - era * 146_097);
    int yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365;
    int dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100);
    int monthFromMarch = (5 * dayOfYear + 2) / 153;
    int day = dayOfYear - (153 * monthFromMarch + 2) / 5 + 1;
    int month = monthFromMarch < 10 ? monthFromMarch + 3 : monthFromMarch - 9;
    int year = (int) (yearOfEra + era * 400) + (month <= 2 ? 1 : 0);

    digits(buf, 0, year, 4);
    buf[4] = (byte) '-';
    digits(buf, 5, month, 2);
    buf[7] = (byte) '-';
    digits(buf, 8, day, 2);
    buf[10] = (byte) 'T';
    digits(buf, 11, secondOfDay / 3600, 2);
    buf[13] = (byte) ':';
    digits(buf, 14, secondOfDay / 60 % 60, 2);
    buf[16] = (byte) ':';
    digits(buf, 17, secondOfDay % 60, 2);
    buf[19] = (byte) '.';
    digits(buf, 20, micros, 6);
    buf[26] = (byte) 'Z';
  }

  private static void digits(byte[] buf, int at, int value, int width) {
    for (int i = at + width - 1; i >= at; i--) {
      buf[i] = (byte) ('0' + value % 10);
      value /= 10;
    }
  }
}
