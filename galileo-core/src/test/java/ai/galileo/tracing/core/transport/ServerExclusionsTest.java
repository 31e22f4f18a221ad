package ai.galileo.tracing.core.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ServerExclusionsTest {
  @Test
  void aPrefixGlobMatchesThePrefixAndEverythingUnderItButNotALongerSegment() {
    ServerExclusions ex = ServerExclusions.of(List.of("/actuator/**"), false);
    assertThat(ex.excludes("/actuator")).isTrue();
    assertThat(ex.excludes("/actuator/")).isTrue();
    assertThat(ex.excludes("/actuator/health/liveness")).isTrue();
    assertThat(ex.excludes("/actuators")).isFalse();
    assertThat(ex.excludes("/api/actuator")).isFalse();
  }

  @Test
  void gRpcsHealthServiceIsExcludedByDefault() {
    ServerExclusions ex = ServerExclusions.fromConfig(Map.<String, String>of()::get);
    assertThat(ex.excludes("/grpc.health.v1.Health/Check")).isTrue();
    assertThat(ex.excludes("/grpc.health.v1.Health/Watch")).isTrue();
    assertThat(ex.excludes("/rag.Retrieval/Search")).isFalse();
  }

  @Test
  void invalidPatternsAndValuesAreRejectedNamingTheSetting() {
    assertThatThrownBy(() -> ServerExclusions.fromConfig(Map.of(ServerExclusions.SETTING, "health")::get))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("GALILEO_SERVER_EXCLUDE").hasMessageContaining("start with /");
    assertThatThrownBy(() -> ServerExclusions.fromConfig(Map.of(ServerExclusions.SETTING, "/a/*/b")::get))
        .hasMessageContaining("/actuator/**");
    assertThatThrownBy(() -> ServerExclusions.fromConfig(
        Map.of(ServerExclusions.DEFAULTS_SETTING, "no")::get))
        .hasMessageContaining("GALILEO_SERVER_EXCLUDE_DEFAULTS");
  }

  @Test
  void nothingIsExcludedWhenThereAreNoPatterns() {
    assertThat(ServerExclusions.none().excludes("/health")).isFalse();
    assertThat(ServerExclusions.of(List.of(), false)).isSameAs(ServerExclusions.none());
    assertThat(ServerExclusions.none().plus(List.of("/x/**")).excludes("/x/y")).isTrue();
  }
}
