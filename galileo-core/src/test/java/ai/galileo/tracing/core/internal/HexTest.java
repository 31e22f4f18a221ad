package ai.galileo.tracing.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;

class HexTest {

  @Test
  void formatsAUuidExactlyAsToStringDoes() {
    byte[] buf = new byte[40];
    for (UUID id : new UUID[] {new UUID(0, 0), new UUID(-1, -1), new UUID(0x0123456789abcdefL, 0xfedcba9876543210L)}) {
      Hex.formatUuid(id, buf, 2);
      assertThat(new String(buf, 2, 36, StandardCharsets.US_ASCII)).isEqualTo(id.toString());
    }
    ThreadLocalRandom random = ThreadLocalRandom.current();
    for (int i = 0; i < 1000; i++) {
      UUID id = new UUID(random.nextLong(), random.nextLong());
      Hex.formatUuid(id, buf, 0);
      assertThat(new String(buf, 0, 36, StandardCharsets.US_ASCII)).isEqualTo(id.toString());
    }
  }
}
