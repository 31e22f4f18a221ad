package ai.galileo.tracing.core.internal;

/**
 * A parsed W3C {@code traceparent} header: {@code version-traceid-parentid-flags}.
 *
 * <p>Internal: not part of the public API and may change without notice.
 */
public final class TraceParent {
  /** The length of a version 00 header, and the prefix every later version shares. */
  public static final int LENGTH = 55;

  private final long traceIdHigh;
  private final long traceIdLow;
  private final long parentId;
  private final String traceIdHex;
  private final String parentIdHex;

  private TraceParent(String header) {
    this.traceIdHigh = Hex.parseLong(header, 3);
    this.traceIdLow = Hex.parseLong(header, 19);
    this.parentId = Hex.parseLong(header, 36);
    this.traceIdHex = header.substring(3, 35);
    this.parentIdHex = header.substring(36, 52);
  }

  /**
   * Parses the header strictly as the W3C spec requires, or returns null. Version 00 must be
   * exactly 55 characters. A later version is read by the 00 layout, as the spec asks, so long as
   * whatever follows the first 55 characters starts with a dash; version ff is never valid. Only
   * lower-case hex is accepted, and neither id may be all zeros.
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
    if (!Hex.isLowerHex(header, 3, 35)
        || !Hex.isLowerHex(header, 36, 52)
        || !Hex.isLowerHex(header, 53, 55)) {
      return null;
    }
    TraceParent parsed = new TraceParent(header);
    if ((parsed.traceIdHigh == 0 && parsed.traceIdLow == 0) || parsed.parentId == 0) {
      return null;
    }
    return parsed;
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

  /** The trace-id as received: 32 lower-case hex digits. */
  public String traceIdHex() {
    return traceIdHex;
  }

  /** The parent-id as received: 16 lower-case hex digits. */
  public String parentIdHex() {
    return parentIdHex;
  }
}
