package ai.galileo.tracing.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;

class TraceParentTest {

  @Test
  void formatWritesWhatParseReads() {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    for (int i = 0; i < 1000; i++) {
      long high = random.nextLong();
      long low = random.nextLong();
      long parent = random.nextLong() | 1;
      String header = TraceParent.format(null, high, low, null, parent);
      assertThat(header).hasSize(TraceParent.LENGTH).startsWith("00-").endsWith("-01");
      TraceParent parsed = TraceParent.parse(header);
      assertThat(parsed).isNotNull();
      assertThat(parsed.traceIdHigh()).isEqualTo(high);
      assertThat(parsed.traceIdLow()).isEqualTo(low);
      assertThat(parsed.parentId()).isEqualTo(parent);
      assertThat(header).isEqualTo("00-" + parsed.traceIdHex() + "-" + parsed.parentIdHex() + "-01");
    }
  }

  @Test
  void formatWritesReceivedIdsAsTheyCame() {
    String trace = "5759e988bd862e3fe1be46a994272793";
    String parent = "00f067aa0ba902b7";
    assertThat(TraceParent.format(trace, 1, 2, parent, 3)).isEqualTo("00-" + trace + "-" + parent + "-01");
    assertThat(TraceParent.format(trace, 1, 2, null, 3))
        .isEqualTo("00-" + trace + "-0000000000000003-01");
  }
}
