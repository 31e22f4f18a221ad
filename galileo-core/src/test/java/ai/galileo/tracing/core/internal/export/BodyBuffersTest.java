package ai.galileo.tracing.core.internal.export;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class BodyBuffersTest {

  @Test
  void aBufferGivenBackIsTakenAgainEmpty() {
    BodyBuffers pool = new BodyBuffers(2);
    BodyBuffers.Body first = pool.take();
    first.write("{\"a\":1}".getBytes(StandardCharsets.UTF_8), 0, 7);
    pool.give(first);

    BodyBuffers.Body again = pool.take();

    assertThat(again).isSameAs(first);
    assertThat(again.length()).isZero();
  }

  @Test
  void aShorterBodyAfterALongerOneIsOnlyItsOwnBytes() {
    BodyBuffers pool = new BodyBuffers(1);
    BodyBuffers.Body body = pool.take();
    byte[] longer = "{\"spans\":[1,2,3,4,5]}".getBytes(StandardCharsets.UTF_8);
    body.write(longer, 0, longer.length);
    pool.give(body);

    BodyBuffers.Body reused = pool.take();
    reused.write('{');
    reused.write('}');

    assertThat(new String(reused.bytes(), 0, reused.length(), StandardCharsets.UTF_8)).isEqualTo("{}");
    assertThat(reused.toByteArray()).hasSize(2);
  }

  @Test
  void growsPastItsInitialSizeKeepingWhatWasWritten() {
    BodyBuffers.Body body = new BodyBuffers(1).take();
    byte[] chunk = new byte[50_000];
    for (int i = 0; i < chunk.length; i++) {
      chunk[i] = (byte) ('a' + i % 26);
    }
    for (int i = 0; i < 5; i++) {
      body.write(chunk, 0, chunk.length);
    }

    assertThat(body.length()).isEqualTo(250_000);
    assertThat(body.bytes()[249_999]).isEqualTo(chunk[49_999]);
    assertThat(body.bytes()[50_000]).isEqualTo(chunk[0]);
  }

  @Test
  void keepsNoMoreIdleBuffersThanItsBoundAndNoneGrownTooLarge() {
    BodyBuffers pool = new BodyBuffers(2);
    BodyBuffers.Body a = pool.take();
    BodyBuffers.Body b = pool.take();
    BodyBuffers.Body c = pool.take();
    BodyBuffers.Body huge = pool.take();
    huge.write(new byte[BodyBuffers.MAX_KEPT_BYTES + 1], 0, BodyBuffers.MAX_KEPT_BYTES + 1);

    pool.give(huge);
    pool.give(a);
    pool.give(b);
    pool.give(c);

    assertThat(pool.kept()).isEqualTo(2);
    assertThat(pool.take()).isNotSameAs(huge);
    assertThat(pool.take()).isNotSameAs(huge);
  }
}
