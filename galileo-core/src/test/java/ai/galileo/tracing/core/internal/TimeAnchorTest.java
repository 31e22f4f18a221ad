package ai.galileo.tracing.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class TimeAnchorTest {

  @Test
  void localRootsShareARecentAnchorAndReadANewOneOnceItIsOld() {
    // Asking for a time past the reuse window forces a fresh anchor, read now.
    TimeAnchor fresh = TimeAnchor.recent(System.nanoTime() + 2 * TimeAnchor.REUSE_NANOS);
    assertThat(TimeAnchor.recent(System.nanoTime())).isSameAs(fresh);
    assertThat(TimeAnchor.recent(System.nanoTime() + 2 * TimeAnchor.REUSE_NANOS)).isNotSameAs(fresh);
  }

  @Test
  void aRecentAnchorGivesTheWallClockTime() {
    long before = TimeAnchor.toEpochNanos(Instant.now());
    long now = TimeAnchor.recent(System.nanoTime()).epochNanosAt(System.nanoTime());
    long after = TimeAnchor.toEpochNanos(Instant.now());
    // Within a millisecond: the anchor may be up to 100 ms old, and the two clocks drift apart
    // by far less than that in such a time.
    assertThat(now).isBetween(before - 1_000_000, after + 1_000_000);
  }
}
