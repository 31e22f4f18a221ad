package ai.galileo.tracing.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ConfigModeTest {

  @ParameterizedTest
  @ValueSource(strings = {"batch", "BATCH", "Batch", "  batch  "})
  void parsesBatchIgnoringCaseAndWhitespace(String value) {
    assertThat(Mode.parse(value)).isEqualTo(Mode.BATCH);
  }

  @ParameterizedTest
  @ValueSource(strings = {"distributed", "DISTRIBUTED", "Distributed", " distributed\t"})
  void parsesDistributedIgnoringCaseAndWhitespace(String value) {
    assertThat(Mode.parse(value)).isEqualTo(Mode.DISTRIBUTED);
  }

  @ParameterizedTest
  @ValueSource(strings = {"streaming", "STREAMING", "Streaming"})
  void readsStreamingAsAnAliasOfDistributed(String value) {
    assertThat(Mode.parse(value)).isEqualTo(Mode.DISTRIBUTED);
  }

  @Test
  void rejectsAnUnknownModeListingTheAllowedValues() {
    assertThatThrownBy(() -> Mode.parse("distributd"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("\"distributd\"")
        .hasMessageContaining("allowed values are batch, distributed");
  }

  @Test
  void rejectsNullAsNoMode() {
    assertThatThrownBy(() -> Mode.parse(null)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void configValueIsTheLowerCaseName() {
    assertThat(Mode.BATCH.configValue()).isEqualTo("batch");
    assertThat(Mode.DISTRIBUTED.configValue()).isEqualTo("distributed");
  }
}
