package ai.galileo.tracing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class SpanContextTest {
  private static final String TRACE = "6f1c3a0e-9a6b-4d2e-8c1f-2b3d4e5f6a7b";
  private static final String SPAN = "0a1b2c3d-4e5f-4a6b-9c7d-8e9fa0b1c2d3";

  @Test
  void parsesCanonicalUuidsIntoARemoteContext() {
    SpanContext ctx = SpanContext.parseRemote(TRACE, SPAN);
    assertThat(ctx.isValid()).isTrue();
    assertThat(ctx.isRemote()).isTrue();
    assertThat(ctx.traceId()).isEqualTo(UUID.fromString(TRACE));
    assertThat(ctx.spanId()).isEqualTo(UUID.fromString(SPAN));
    assertThat(ctx.traceIdString()).isEqualTo(TRACE);
    assertThat(ctx.spanIdString()).isEqualTo(SPAN);
  }

  @Test
  void acceptsUpperCaseHexAndWritesItBackLowerCase() {
    SpanContext ctx = SpanContext.parseRemote(TRACE.toUpperCase(), SPAN.toUpperCase());
    assertThat(ctx.traceIdString()).isEqualTo(TRACE);
    assertThat(ctx.spanIdString()).isEqualTo(SPAN);
  }

  @ParameterizedTest
  @NullAndEmptySource
  @ValueSource(strings = {
      "1-2-3-4-5",
      "6f1c3a0e9a6b4d2e8c1f2b3d4e5f6a7b",
      "{6f1c3a0e-9a6b-4d2e-8c1f-2b3d4e5f6a7b}",
      "6f1c3a0e-9a6b-4d2e-8c1f-2b3d4e5f6a7",
      "6f1c3a0e-9a6b-4d2e-8c1f-2b3d4e5f6a7bb",
      "6f1c3a0e-9a6b-4d2e-8c1f_2b3d4e5f6a7b",
      "6f1c3a0g-9a6b-4d2e-8c1f-2b3d4e5f6a7b",
      " 6f1c3a0e-9a6b-4d2e-8c1f-2b3d4e5f6a7",
      "00000000-0000-0000-0000-000000000000"})
  void rejectsAnythingButACanonicalNonNilUuidWithoutThrowing(String bad) {
    assertThat(SpanContext.parseRemote(bad, SPAN)).isSameAs(SpanContext.INVALID);
    assertThat(SpanContext.parseRemote(TRACE, bad)).isSameAs(SpanContext.INVALID);
  }

  @Test
  void traceRootHasTheTraceIdAsSpanId() {
    UUID id = UUID.randomUUID();
    SpanContext root = SpanContext.create(id, id);
    assertThat(root.isTraceRoot()).isTrue();
    assertThat(root.spanIdString()).isSameAs(root.traceIdString());
    assertThat(SpanContext.create(id, UUID.randomUUID()).isTraceRoot()).isFalse();
    assertThat(SpanContext.INVALID.isTraceRoot()).isFalse();
  }

  @Test
  void createRejectsNilAndNullIds() {
    assertThatThrownBy(() -> SpanContext.create(null, UUID.randomUUID()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("traceId");
    assertThatThrownBy(() -> SpanContext.create(UUID.randomUUID(), new UUID(0, 0)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("spanId");
  }

  @Test
  void equalityCoversIdsAndRemoteness() {
    UUID t = UUID.randomUUID();
    UUID s = UUID.randomUUID();
    assertThat(SpanContext.create(t, s)).isEqualTo(SpanContext.create(t, s))
        .hasSameHashCodeAs(SpanContext.create(t, s))
        .isNotEqualTo(SpanContext.createRemote(t, s));
    assertThat(Span.wrap(SpanContext.INVALID)).isSameAs(Span.invalid());
  }

  @Test
  void keepsOnePropagatorsFormattedValueAndFormatsOthersAfresh() {
    SpanContext ctx = SpanContext.parseRemote(TRACE, SPAN);
    Object first = new Object();
    Object second = new Object();
    int[] calls = new int[2];

    String a1 = ctx.formatted(first, c -> { calls[0]++; return "a:" + c.spanIdString(); });
    String a2 = ctx.formatted(first, c -> { calls[0]++; return "a:" + c.spanIdString(); });
    String b1 = ctx.formatted(second, c -> { calls[1]++; return "b"; });
    String b2 = ctx.formatted(second, c -> { calls[1]++; return "b"; });

    assertThat(a1).isEqualTo("a:" + SPAN).isSameAs(a2);
    assertThat(calls[0]).isEqualTo(1);
    assertThat(b1).isEqualTo(b2).isEqualTo("b");
    assertThat(calls[1]).isEqualTo(2);
  }
}
