package ai.galileo.tracing.core.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PropagationHostsTest {
  private static PropagationHosts config(String... settings) {
    Map<String, String> values = new java.util.HashMap<>();
    for (int i = 0; i + 1 < settings.length; i += 2) {
      values.put(settings[i], settings[i + 1]);
    }
    return PropagationHosts.fromConfig(values::get);
  }

  @Test
  void byDefaultModelProvidersGetNoHeadersAndEveryOtherHostDoes() {
    PropagationHosts hosts = config();
    assertThat(hosts.propagatesTo("api.openai.com")).isFalse();
    assertThat(hosts.propagatesTo("API.Anthropic.com")).isFalse();
    assertThat(hosts.propagatesTo("my-resource.openai.azure.com")).isFalse();
    assertThat(hosts.propagatesTo("bedrock-runtime.us-east-1.amazonaws.com")).isFalse();
    assertThat(hosts.propagatesTo("generativelanguage.googleapis.com")).isFalse();
    assertThat(hosts.propagatesTo("retrieval.internal")).isTrue();
    assertThat(hosts.propagatesTo("127.0.0.1")).isTrue();
    assertThat(hosts.propagatesTo("openai.com.evil.example")).isTrue();
  }

  @Test
  void anAllowListLimitsHeadersToItsHostsAndTheDenyListStillWins() {
    PropagationHosts hosts = config(PropagationHosts.ALLOW_SETTING, "*.internal,127.0.0.1,[::1]");
    assertThat(hosts.propagatesTo(URI.create("http://a.b.internal:8080/x"))).isTrue();
    assertThat(hosts.propagatesTo(URI.create("http://127.0.0.1/x"))).isTrue();
    assertThat(hosts.propagatesTo(URI.create("http://[::1]:80/x"))).isTrue();
    assertThat(hosts.propagatesTo(URI.create("http://example.com/x"))).isFalse();
    assertThat(hosts.propagatesTo(URI.create("/relative"))).isFalse();
    PropagationHosts denied = PropagationHosts.of(List.of("*"), List.of("*.internal"));
    assertThat(denied.propagatesTo("a.internal")).isFalse();
    assertThat(denied.propagatesTo("a.example")).isTrue();
  }

  @Test
  void aHostAskedAgainGetsTheSameAnswerEvenPastTheRememberedHosts() {
    PropagationHosts hosts = config(PropagationHosts.ALLOW_SETTING, "*.internal");
    for (int round = 0; round < 2; round++) {
      for (int i = 0; i < 600; i++) { // more hosts than are remembered
        assertThat(hosts.propagatesTo("svc-" + i + ".internal")).isTrue();
        assertThat(hosts.propagatesTo("svc-" + i + ".example")).isFalse();
      }
      assertThat(hosts.propagatesTo("API.Internal")).isTrue();
      assertThat(hosts.propagatesTo((String) null)).isFalse();
      assertThat(PropagationHosts.defaults().propagatesTo("api.openai.com")).isFalse();
      assertThat(PropagationHosts.defaults().propagatesTo("API.OPENAI.COM.")).isFalse();
    }
  }

  @Test
  void noneEmptiesTheDenyListSoModelProvidersGetHeadersAgain() {
    PropagationHosts hosts = config(PropagationHosts.DENY_SETTING, "none");
    assertThat(hosts.propagatesTo("api.openai.com")).isTrue();
    assertThat(hosts.denied()).isEmpty();
  }

  @Test
  void aDenyListReplacesTheDefaults() {
    PropagationHosts hosts = config(PropagationHosts.DENY_SETTING, "localhost");
    assertThat(hosts.propagatesTo("localhost")).isFalse();
    assertThat(hosts.propagatesTo("api.openai.com")).isTrue();
  }

  @Test
  void globsMatchAnyRunOfCharacters() {
    assertThat(PropagationHosts.matches("bedrock-runtime.*.amazonaws.com",
        "bedrock-runtime.eu-west-3.amazonaws.com")).isTrue();
    assertThat(PropagationHosts.matches("bedrock-runtime.*.amazonaws.com",
        "bedrock.eu-west-3.amazonaws.com")).isFalse();
    assertThat(PropagationHosts.matches("*", "")).isTrue();
    assertThat(PropagationHosts.matches("a*b*c", "aXXbYYc")).isTrue();
    assertThat(PropagationHosts.matches("a*b*c", "aXXbYY")).isFalse();
  }

  @Test
  void anInvalidPatternIsRejectedNamingTheSetting() {
    assertThatThrownBy(() -> config(PropagationHosts.ALLOW_SETTING, "http://x.internal/"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("GALILEO_PROPAGATE_HOSTS");
  }
}
