package ai.galileo.tracing.core.internal;

import java.nio.charset.StandardCharsets;

/**
 * A parsed W3C {@code traceparent} header: {@code version-traceid-parentid-flags}.
 *
 * <p>Internal: not part of the public API and may change without notice.
 */
public final class TraceParent {
  /** The length of a version 00 header, and the prefix every later version shares. */
  public static final int LENGTH = 55;
  /** The sampled flag: the caller may have recorded trace data. */
  public static final int SAMPLED = 0x01;
  /**
   * The random-trace-id flag of Trace Context Level 2: at least the right-most 7 bytes of the
   * trace-id are random. Level 1 reserves this bit; Level 2 requires it to be kept as received on
   * every outgoing traceparent of the same trace-id.
   */
  public static final int RANDOM = 0x02;
  /** The flags this implementation knows; the others are written as zero, as the spec asks. */
  public static final int KNOWN_FLAGS = SAMPLED | RANDOM;

  private final String header;
  private final long traceIdHigh;
  private final long traceIdLow;
  private final long parentId;
  private final int flags;

  private TraceParent(String header, long traceIdHigh, long traceIdLow, long parentId, int flags) {
    this.header = header;
    this.traceIdHigh = traceIdHigh;
    this.traceIdLow = traceIdLow;
    this.parentId = parentId;
    this.flags = flags;
  }

  /**
   * A version 00 header for the ids: {@code 00-<trace-id>-<parent-id>-<flags>}, built in one
   * buffer.
   *
   * @param traceIdHex the trace-id to write as received (32 lower-case hex digits), or null to
   *     write {@code traceIdHigh} and {@code traceIdLow}
   * @param parentIdHex likewise for the parent-id (16 digits), or null to write {@code parentId}
   * @param flags the trace-flags; bits other than {@link #KNOWN_FLAGS} are written as zero
   */
  public static String format(String traceIdHex, long traceIdHigh, long traceIdLow,
      String parentIdHex, long parentId, int flags) {
    byte[] b = new byte[LENGTH];
    format(b, traceIdHigh, traceIdLow, parentId);
    if (traceIdHex != null) {
      copyAscii(traceIdHex, 32, b, 3);
    }
    if (parentIdHex != null) {
      copyAscii(parentIdHex, 16, b, 36);
    }
    b[54] = (byte) ('0' + (flags & KNOWN_FLAGS));
    return new String(b, StandardCharsets.ISO_8859_1);
  }

  /**
   * This header as a pass-through service sends it on: the same ids and the known flags, in
   * version 00 (the spec's allowed downgrade of a later version).
   */
  public String passedOn() {
    return format(header.substring(3, 35), 0, 0, header.substring(36, 52), 0, flags);
  }

  /**
   * Writes a version 00 header for the ids, sampled, as ASCII into {@code into[0..55)}: what a
   * span of ours sends when nothing received asks for other flags.
   */
  public static void format(byte[] into, long traceIdHigh, long traceIdLow, long parentId) {
    into[0] = '0';
    into[1] = '0';
    into[2] = '-';
    Hex.formatLong(traceIdHigh, into, 3);
    Hex.formatLong(traceIdLow, into, 19);
    into[35] = '-';
    Hex.formatLong(parentId, into, 36);
    into[52] = '-';
    into[53] = '0';
    into[54] = '1';
  }

  private static void copyAscii(String s, int length, byte[] into, int at) {
    for (int i = 0; i < length; i++) {
      into[at + i] = (byte) s.charAt(i);
    }
  }

  /**
   * True when the header is exactly what {@link #format(byte[], long, long, long)} writes for the
   * ids: version 00, sampled, nothing else. Compared in place, without parsing or allocating: a
   * server that already holds the parent from Galileo's headers only needs to know that the
   * traceparent names the same one.
   */
  public static boolean isSampledV00(CharSequence header, long traceIdHigh, long traceIdLow,
      long parentId) {
    return header.length() == LENGTH
        && header.charAt(0) == '0' && header.charAt(1) == '0' && header.charAt(2) == '-'
        && header.charAt(35) == '-' && header.charAt(52) == '-'
        && header.charAt(53) == '0' && header.charAt(54) == '1'
        && Hex.spells(header, 3, traceIdHigh)
        && Hex.spells(header, 19, traceIdLow)
        && Hex.spells(header, 36, parentId);
  }

  /**
   * Parses the header strictly as the W3C spec requires, or returns null. Version 00 must be
   * exactly 55 characters. A later version is read by the 00 layout, as the spec asks, so long as
   * whatever follows the first 55 characters starts with a dash; version ff is never valid. Only
   * lower-case hex is accepted, and neither id may be all zeros. The caller strips the optional
   * whitespace around a header value first (RFC 9110 does not count it as part of the value).
   */
  public static TraceParent parse(String header) {
    if (header == null || header.length() < LENGTH || !Hex.isLowerHex(header, 0, 2)) {
      return null;
    }
    boolean version00 = header.charAt(0) == '0' && header.charAt(1) == '0';
    boolean versionFf = header.charAt(0) == 'f' && header.charAt(1) == 'f';
    if (versionFf
        || (version00 && header.length() != LENGTH)
        || (header.length() > LENGTH && header.charAt(LENGTH) != '-')) {
      return null;
    }
    if (header.charAt(2) != '-' || header.charAt(35) != '-' || header.charAt(52) != '-') {
      return null;
    }
    int flags = flagsAt(header, 53);
    if (flags < 0) {
      return null;
    }
    // Each id is read in 8-digit halves, each -1 when not lower-case hex.
    long t1 = Hex.parse8(header, 3);
    long t2 = Hex.parse8(header, 11);
    long t3 = Hex.parse8(header, 19);
    long t4 = Hex.parse8(header, 27);
    long p1 = Hex.parse8(header, 36);
    long p2 = Hex.parse8(header, 44);
    if ((t1 | t2 | t3 | t4 | p1 | p2) < 0) {
      return null;
    }
    long high = t1 << 32 | t2;
    long low = t3 << 32 | t4;
    long parentId = p1 << 32 | p2;
    if ((high == 0 && low == 0) || parentId == 0) {
      return null;
    }
    return new TraceParent(header, high, low, parentId, flags);
  }

  /** The value of the two lower-case hex digits at {@code at}, or -1. */
  private static int flagsAt(String s, int at) {
    if (!Hex.isLowerHex(s, at, at + 2)) {
      return -1;
    }
    return Character.digit(s.charAt(at), 16) << 4 | Character.digit(s.charAt(at + 1), 16);
  }

  /** True when the 16 characters at {@code from} of {@code s} are this parent-id as received. */
  public boolean parentIdMatches(CharSequence s, int from) {
    for (int i = 0; i < 16; i++) {
      if (s.charAt(from + i) != header.charAt(36 + i)) {
        return false;
      }
    }
    return true;
  }

  public long traceIdHigh() {
    return traceIdHigh;
  }

  public long traceIdLow() {
    return traceIdLow;
  }

  public long parentId() {
    return parentId;
  }

  /** The trace-flags as received, every bit of them. */
  public int flags() {
    return flags;
  }

  /** The trace-id as received: 32 lower-case hex digits. */
  public String traceIdHex() {
    return header.substring(3, 35);
  }

  /** The parent-id as received: 16 lower-case hex digits. */
  public String parentIdHex() {
    return header.substring(36, 52);
  }
}
