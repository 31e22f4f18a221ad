package ai.galileo.tracing.console;

import static ai.galileo.tracing.console.Api.obj;
import static ai.galileo.tracing.console.Api.ok;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Who may call the API: anyone without a configured key; with one, only its holders. */
class AuthTest {

  @Nested
  class WithoutAConfiguredKey {
    @RegisterExtension
    final RunningConsole console = RunningConsole.inMemory();

    @Test
    void anyKeyOrNoneIsAccepted() {
      assertThat(console.v2().get("/projects").status()).isEqualTo(200);
      assertThat(console.v2().withHeader("Galileo-API-Key", "whatever").get("/projects").status())
          .isEqualTo(200);
      assertThat(console.bare().withHeader("Authorization", "Bearer not-a-token").get("/projects").status())
          .isEqualTo(200);
    }

    @Test
    void loginAcceptsAnyKey() {
      ok(console.bare().post("/login/api_key", obj("api_key", "anything")));
    }
  }

  @Nested
  class WithAConfiguredKey {
    @RegisterExtension
    final RunningConsole console = RunningConsole.with(b -> b.apiKey("s3cret"));

    @Test
    void theKeyIsAcceptedInTheGalileoHeaderOrAsABearer() {
      assertThat(console.v2().withHeader("Galileo-API-Key", "s3cret").get("/projects").status())
          .isEqualTo(200);
      assertThat(console.v2().withHeader("Authorization", "Bearer s3cret").get("/projects").status())
          .isEqualTo(200);
    }

    @Test
    void aMissingOrWrongKeyIs401() {
      Api.Answer none = console.v2().get("/projects");
      assertThat(none.status()).isEqualTo(401);
      assertThat(none.path("detail").asText()).isEqualTo("Not authenticated");
      assertThat(console.v2().withHeader("Galileo-API-Key", "wrong").get("/projects").status())
          .isEqualTo(401);
      assertThat(console.v2().withHeader("Authorization", "Bearer wrong").get("/projects").status())
          .isEqualTo(401);
      assertThat(console.v2().withHeader("Authorization", "Basic czNjcmV0Og==").get("/projects").status())
          .isEqualTo(401);
    }

    @Test
    void everyRouteButHealthcheckAndLoginNeedsTheKey() {
      String p = "/projects/00000000-0000-4000-8000-000000000000";
      for (String route : new String[] {"/projects", p, p + "/log_streams",
          p + "/log_streams/00000000-0000-4000-8000-000000000000",
          p + "/traces/00000000-0000-4000-8000-000000000000",
          p + "/spans/00000000-0000-4000-8000-000000000000"}) {
        assertThat(console.v2().get(route).status()).as(route).isEqualTo(401);
      }
      for (String route : new String[] {"/projects", p + "/log_streams", p + "/traces", p + "/spans",
          p + "/sessions"}) {
        assertThat(console.bare().post(route, obj()).status()).as(route).isEqualTo(401);
      }
      assertThat(console.v2().get("/healthcheck").status()).isEqualTo(200);
    }

    @Test
    void aLoginTokenIsAcceptedAsBearerAndOnlyForTheRightKey() {
      assertThat(console.bare().post("/login/api_key", obj("api_key", "wrong")).status()).isEqualTo(401);
      String token = ok(console.bare().post("/login/api_key", obj("api_key", "s3cret")))
          .path("access_token").asText();
      assertThat(console.bare().withHeader("Authorization", "Bearer " + token).get("/projects").status())
          .isEqualTo(200);
      int sig = token.lastIndexOf('.') + 1;
      String tampered = token.substring(0, sig) + (token.charAt(sig) == 'A' ? 'B' : 'A')
          + token.substring(sig + 1);
      assertThat(console.bare().withHeader("Authorization", "Bearer " + tampered).get("/projects").status())
          .isEqualTo(401);
    }

    @Test
    void aTokenFromAConsoleWithAnotherKeyIsRefusedAndOneFromTheSameKeySurvivesARestart()
        throws IOException {
      String other;
      try (GalileoConsole c = RunningConsole.defaults().apiKey("another").start()) {
        other = ok(Api.of(c, "").post("/login/api_key", obj("api_key", "another")))
            .path("access_token").asText();
      }
      assertThat(console.bare().withHeader("Authorization", "Bearer " + other).get("/projects").status())
          .isEqualTo(401);
      String same;
      try (GalileoConsole c = RunningConsole.defaults().apiKey("s3cret").start()) {
        same = ok(Api.of(c, "").post("/login/api_key", obj("api_key", "s3cret")))
            .path("access_token").asText();
      }
      assertThat(console.bare().withHeader("Authorization", "Bearer " + same).get("/projects").status())
          .isEqualTo(200);
    }
  }
}
