package ai.galileo.tracing.core.internal.export;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class SentIdsTest {

  @Test
  void remembersWhatWasAddedAndNothingElse() {
    SentIds ids = new SentIds(10);
    UUID a = UUID.randomUUID();
    ids.add(a);

    assertThat(ids.contains(a)).isTrue();
    assertThat(ids.contains(new UUID(a.getMostSignificantBits(), a.getLeastSignificantBits()))).isTrue();
    assertThat(ids.contains(UUID.randomUUID())).isFalse();
    assertThat(ids.contains(null)).isFalse();
  }

  @Test
  void forgetsTheOldestBeyondItsBoundAndKeepsTheRest() {
    SentIds ids = new SentIds(1000);
    List<UUID> all = new ArrayList<>();
    for (int i = 0; i < 2500; i++) {
      UUID id = UUID.randomUUID();
      all.add(id);
      ids.add(id);
    }

    assertThat(ids.size()).isEqualTo(1000);
    for (int i = 0; i < all.size(); i++) {
      assertThat(ids.contains(all.get(i))).as("id %d of 2500", i).isEqualTo(i >= 1500);
    }
  }

  @Test
  void anIdAddedTwiceIsHeldOnceAndKeepsItsPlace() {
    SentIds ids = new SentIds(3);
    UUID a = UUID.randomUUID();
    UUID b = UUID.randomUUID();
    UUID c = UUID.randomUUID();
    ids.add(a);
    ids.add(b);
    ids.add(a);
    ids.add(c);
    ids.add(UUID.randomUUID()); // the fourth distinct id pushes out the oldest, a

    assertThat(ids.size()).isEqualTo(3);
    assertThat(ids.contains(a)).isFalse();
    assertThat(ids.contains(b)).isTrue();
    assertThat(ids.contains(c)).isTrue();
  }

  @Test
  void agreesWithABoundedLinkedSetOnIdsThatCollideInItsTable() {
    // Ids sharing their bits apart from a few land near each other, so probes run long and removals
    // shift entries back across the table's end: checked against a plain model after every step.
    Random random = new Random(7);
    SentIds ids = new SentIds(300);
    LinkedHashSet<UUID> model = new LinkedHashSet<>();
    List<UUID> seen = new ArrayList<>();
    for (int step = 0; step < 20_000; step++) {
      UUID id = random.nextInt(4) == 0 && !seen.isEmpty() ? seen.get(random.nextInt(seen.size()))
          : new UUID(random.nextInt(64), random.nextInt(64) * 0x9E3779B97F4A7C15L);
      seen.add(id);
      ids.add(id);
      if (model.add(id) && model.size() > 300) {
        model.remove(model.iterator().next());
      }
      if (step % 97 == 0) {
        for (UUID s : seen.subList(Math.max(0, seen.size() - 600), seen.size())) {
          assertThat(ids.contains(s)).as("step %d, %s", step, s).isEqualTo(model.contains(s));
        }
      }
    }
    assertThat(ids.size()).isEqualTo(model.size());
  }
}
