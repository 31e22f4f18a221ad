package ai.galileo.tracing.console.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class FailedKeyThrottleTest {
  final Clock clock = Clock.fixed(Instant.parse("2026-03-01T00:00:00Z"), ZoneOffset.UTC);

  @Test
  void theTableKeepsAtMostMaxClientsDroppingTheLeastRecentlySeen() {
    FailedKeyThrottle t = new FailedKeyThrottle(clock);
    for (int i = 0; i <= FailedKeyThrottle.FREE_FAILURES; i++) {
      t.failed("first");
    }
    for (int i = 0; i < FailedKeyThrottle.MAX_CLIENTS + 500; i++) {
      t.failed("10.0." + (i >> 8) + "." + (i & 255));
    }
    assertThat(t.size()).isEqualTo(FailedKeyThrottle.MAX_CLIENTS);
    assertThat(t.secondsToWait("first")).as("the oldest went first").isZero();
  }

  @Test
  void clientsAreCountedApart() {
    FailedKeyThrottle t = new FailedKeyThrottle(clock);
    for (int i = 0; i <= FailedKeyThrottle.FREE_FAILURES; i++) {
      t.failed("a");
    }
    assertThat(t.secondsToWait("a")).isEqualTo(1);
    assertThat(t.secondsToWait("b")).isZero();
  }
}
