package ai.galileo.tracing.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class W3CIdsTest {
  static final UUID TRACE = UUID.fromString("6f1e0b2c-3a4d-4e5f-8a9b-0c1d2e3f4a5b");

  @Test
  void aNewSpanUuidIsAV4UuidThatItsTraceAndParentIdName() {
    for (int i = 0; i < 1_000; i++) {
      UUID span = Ids.spanUuid(TRACE);

      assertThat(span.version()).isEqualTo(4);
      assertThat(span.variant()).isEqualTo(2);
      assertThat(W3CIds.isDerivable(TRACE, span)).isTrue();
      assertThat(W3CIds.spanUuid(TRACE, W3CIds.parentIdOf(span))).isEqualTo(span);
    }
  }

  @Test
  void theDerivedHalfDependsOnTheTraceAndTheParentId() {
    long parentId = 0x9b2a190817263544L;
    UUID otherTrace = UUID.fromString("6f1e0b2c-3a4d-4e5f-8a9b-0c1d2e3f4a5c");

    UUID span = W3CIds.spanUuid(TRACE, parentId);

    assertThat(span.getLeastSignificantBits()).isEqualTo(parentId);
    assertThat(W3CIds.spanUuid(otherTrace, parentId)).isNotEqualTo(span);
    assertThat(W3CIds.spanUuid(TRACE, parentId + 1).getMostSignificantBits())
        .isNotEqualTo(span.getMostSignificantBits());
    assertThat(W3CIds.spanUuid(TRACE, parentId)).isEqualTo(span);
  }

  @Test
  void theTraceIdAsReceivedAndItsV4FormGiveTheSameSpanUuid() {
    long high = 0x5759e988bd862e3fL;
    long low = 0xe1be46a994272793L;
    long parentId = 0xa0b1c2d3e4f50617L;

    assertThat(W3CIds.spanUuid(new UUID(high, low), parentId))
        .isEqualTo(W3CIds.spanUuid(W3CIds.asV4(high, low), parentId));
  }

  @Test
  void aParentIdNotShapedLikeAUuidsLowHalfKeepsTheReadableMapping() {
    long otel = 0x00f067aa0ba902b7L;

    assertThat(W3CIds.spanUuid(TRACE, otel)).isEqualTo(W3CIds.uuidForParentId(otel))
        .isEqualTo(UUID.fromString("00f067aa-0ba9-402b-8700-000000000000"));
  }

  @Test
  void randomUuidsAndTheTraceItselfAreNotDerivable() {
    assertThat(W3CIds.isDerivable(TRACE, TRACE)).isFalse();
    assertThat(W3CIds.isDerivable(TRACE, UUID.fromString("0d9c8b7a-6f5e-4d3c-9b2a-190817263544")))
        .isFalse();
  }

  @Test
  void spanUuidsOfOneTraceDoNotRepeat() {
    Set<UUID> seen = new HashSet<>();
    Set<Long> highs = new HashSet<>();
    for (int i = 0; i < 100_000; i++) {
      UUID span = Ids.spanUuid(TRACE);
      assertThat(seen.add(span)).isTrue();
      highs.add(span.getMostSignificantBits());
    }
    // The high halves are spread, not one per trace.
    assertThat(highs).hasSize(100_000);
  }
}
