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
      String header = TraceParent.format(null, high, low, null, parent, TraceParent.SAMPLED);
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
    assertThat(TraceParent.format(trace, 1, 2, parent, 3, TraceParent.SAMPLED))
        .isEqualTo("00-" + trace + "-" + parent + "-01");
    assertThat(TraceParent.format(trace, 1, 2, null, 3, TraceParent.SAMPLED))
        .isEqualTo("00-" + trace + "-0000000000000003-01");
  }

  @Test
  void formatWritesTheKnownFlagsAndZerosTheRest() {
    assertThat(TraceParent.format(null, 1, 2, null, 3, 0x00)).endsWith("-00");
    assertThat(TraceParent.format(null, 1, 2, null, 3, 0x03)).endsWith("-03");
    assertThat(TraceParent.format(null, 1, 2, null, 3, 0xff)).endsWith("-03");
    assertThat(TraceParent.format(null, 1, 2, null, 3, 0x04)).endsWith("-00");
  }

  @Test
  void parseReadsEveryBitOfTheFlags() {
    String ids = "-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-";
    assertThat(TraceParent.parse("00" + ids + "00").flags()).isZero();
    assertThat(TraceParent.parse("00" + ids + "09").flags()).isEqualTo(0x09);
    assertThat(TraceParent.parse("00" + ids + "ff").flags()).isEqualTo(0xff);
    assertThat(TraceParent.parse("cc" + ids + "a2-future").flags()).isEqualTo(0xa2);
    assertThat(TraceParent.parse("00" + ids + "0F")).isNull();
    assertThat(TraceParent.parse("00" + ids + "0g")).isNull();
  }

  @Test
  void aHeaderPassedOnKeepsItsIdsAndKnownFlagsInVersion00() {
    String ids = "-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-";
    assertThat(TraceParent.parse("00" + ids + "00").passedOn()).isEqualTo("00" + ids + "00");
    assertThat(TraceParent.parse("00" + ids + "ff").passedOn()).isEqualTo("00" + ids + "03");
    assertThat(TraceParent.parse("cc" + ids + "01-what-the-future-will-be-like").passedOn())
        .isEqualTo("00" + ids + "01");
  }

  @Test
  void aHeaderIsRecognisedAsOurOwnSampledOneOnlyWhenItIsExactlyThat() {
    long high = 0x6f1e0b2c3a4d4e5fL;
    long low = 0x8a9b0c1d2e3f4a5bL;
    long parent = 0x9b2a190817263544L;
    byte[] b = new byte[TraceParent.LENGTH];
    TraceParent.format(b, high, low, parent);
    String ours = new String(b, java.nio.charset.StandardCharsets.ISO_8859_1);

    assertThat(TraceParent.isSampledV00(ours, high, low, parent)).isTrue();
    assertThat(TraceParent.isSampledV00(ours, high, low, parent + 1)).isFalse();
    assertThat(TraceParent.isSampledV00(ours, high ^ (1L << 63), low, parent)).isFalse();
    assertThat(TraceParent.isSampledV00(ours, high, low ^ 1, parent)).isFalse();
    assertThat(TraceParent.isSampledV00(ours.substring(0, 53) + "03", high, low, parent)).isFalse();
    assertThat(TraceParent.isSampledV00("01" + ours.substring(2), high, low, parent)).isFalse();
    assertThat(TraceParent.isSampledV00(ours.toUpperCase(java.util.Locale.ROOT), high, low, parent))
        .isFalse();
    assertThat(TraceParent.isSampledV00(ours + "-x", high, low, parent)).isFalse();
  }
}
