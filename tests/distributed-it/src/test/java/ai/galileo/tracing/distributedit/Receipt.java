package ai.galileo.tracing.distributedit;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A service's delivery receipt, read back from the line it printed: {@code export: sent 4, ...}. */
record Receipt(long sent, long retried, long dropped, long failed, long late, long pending, boolean timedOut) {
  private static final Pattern LINE = Pattern.compile("(?m)^export: sent (\\d+), retried (\\d+), dropped (\\d+),"
      + " failed (\\d+)(?: \\((\\d+) refused: their trace was already complete\\))?, pending (\\d+)( \\(timed out\\))?$");

  static Receipt parse(String service, String stderr) {
    Matcher m = LINE.matcher(stderr);
    Receipt last = null;
    while (m.find()) {
      last = new Receipt(Long.parseLong(m.group(1)), Long.parseLong(m.group(2)), Long.parseLong(m.group(3)),
          Long.parseLong(m.group(4)), m.group(5) == null ? 0 : Long.parseLong(m.group(5)),
          Long.parseLong(m.group(6)), m.group(7) != null);
    }
    if (last == null) {
      throw new AssertionError(service + " printed no delivery receipt (export: ...); its stderr:\n" + stderr);
    }
    return last;
  }

  /** Every span delivered: none failed, dropped or pending, and the flush did not time out. */
  boolean deliveredEverything() {
    return failed == 0 && dropped == 0 && pending == 0 && !timedOut;
  }
}
