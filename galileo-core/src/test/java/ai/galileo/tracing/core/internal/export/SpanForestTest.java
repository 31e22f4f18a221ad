package ai.galileo.tracing.core.internal.export;

import static ai.galileo.tracing.core.export.TestSpans.span;
import static ai.galileo.tracing.core.export.TestSpans.trace;
import static org.assertj.core.api.Assertions.assertThat;

import ai.galileo.tracing.SpanType;
import ai.galileo.tracing.core.SpanData;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Small batches are nested without maps; the forest must be the one the maps give. */
class SpanForestTest {

  @Test
  void smallBatchesNestAsTheMapsDoWhateverTheOrderParentsAndRepeats() {
    Random random = new Random(5);
    SpanType[] types = SpanType.values();
    for (int round = 0; round < 3_000; round++) {
      SpanData t = trace("t").build();
      List<SpanData> made = new ArrayList<>();
      made.add(t);
      int n = 1 + random.nextInt(SpanForest.SMALL);
      for (int i = 1; i < n; i++) {
        SpanType type = types[random.nextInt(types.length)];
        if (type == SpanType.TRACE) {
          type = SpanType.WORKFLOW;
        }
        UUID parent = random.nextInt(8) == 0 ? UUID.randomUUID() // a parent not in the batch
            : made.get(random.nextInt(made.size())).spanId();
        made.add(span(type, "s" + i, t.traceId(), parent).build());
      }
      List<SpanData> batch = new ArrayList<>();
      while (batch.size() < SpanForest.SMALL && !made.isEmpty()) {
        SpanData s = made.remove(random.nextInt(made.size())); // parents after children, too
        batch.add(s);
        if (random.nextInt(10) == 0) {
          batch.add(s); // the same snapshot twice
        }
      }
      if (random.nextBoolean() && !batch.isEmpty() && batch.size() < SpanForest.SMALL) {
        batch.add(batch.get(0)); // a repeat after others
      }

      assertThat(SpanForest.buildSmall(batch)).as("round %d", round)
          .isEqualTo(SpanForest.buildWithMaps(batch));
    }
  }

  @Test
  void aChildOfAnLlmSpanIsARootAndSoIsASpanWhoseParentIsElsewhere() {
    SpanData t = trace("t").build();
    SpanData llm = span(SpanType.LLM, "llm", t).build();
    SpanData tool = span(SpanType.TOOL, "tool", llm).build();
    SpanData orphan = span(SpanType.TOOL, "orphan", t.traceId(), UUID.randomUUID()).build();

    List<SpanNode> forest = SpanForest.build(List.of(tool, t, orphan, llm));

    assertThat(forest).containsExactly(SpanNode.leaf(tool),
        new SpanNode(t, List.of(SpanNode.leaf(llm))), SpanNode.leaf(orphan));
  }
}
