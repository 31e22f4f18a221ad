package ai.galileo.tracing.console;

import static ai.galileo.tracing.console.Api.obj;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Wrong API keys are slowed down per client, over real HTTP: a few are answered 401 at once, then
 * each makes the client wait longer, and while it waits it is refused with 429 and
 * {@code Retry-After} before what it sent is looked at. The console's clock is the test's, so the
 * waits pass without sleeping.
 */
class SignInThrottleTest {
  static final String KEY = "k7Qm2xVb9RzP4wLc";
  static final int FREE = 5;

  final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-03-01T00:00:00Z"));
  GalileoConsole console;
  Api api;

  @BeforeEach
  void start() throws Exception {
    Clock clock = new Clock() {
      @Override
      public ZoneId getZone() {
        return ZoneOffset.UTC;
      }

      @Override
      public Clock withZone(ZoneId zone) {
        return this;
      }

      @Override
      public Instant instant() {
        return now.get();
      }
    };
    console = RunningConsole.defaults().apiKey(KEY).clock(clock).start();
    api = Api.of(console, "/v2");
  }

  @AfterEach
  void stop() {
    console.close();
  }

  Api.Answer login(String key) {
    return api.post("/login/api_key", obj("api_key", key));
  }

  void pass(Duration d) {
    now.set(now.get().plus(d));
  }

  static String retryAfter(Api.Answer a) {
    return a.raw().headers().firstValue("Retry-After").orElse(null);
  }

  @Test
  void statsCountWrongKeysRefusalsAndTheAddressesRememberedAndWaiting() throws IOException {
    // The guesses come from 127.0.0.2, so that 127.0.0.1 can read the stats meanwhile.
    InetAddress guesser = InetAddress.getByName("127.0.0.2");
    for (int i = 0; i <= FREE; i++) {
      assertThat(rawLogin(guesser, "guess-" + i)).startsWith("HTTP/1.1 401");
    }
    assertThat(rawLogin(guesser, "guess-again")).as("the address waits").startsWith("HTTP/1.1 429");
    Api withKey = Api.of(console, "").withHeader("Authorization", "Bearer " + KEY);
    var keys = Api.ok(withKey.get("/api/stats")).path("key_throttle");
    assertThat(keys.path("wrong_keys").asLong()).isEqualTo(FREE + 1);
    assertThat(keys.path("refused_while_waiting").asLong()).isEqualTo(1);
    assertThat(keys.path("addresses_remembered").asInt()).isEqualTo(1);
    assertThat(keys.path("addresses_waiting").asInt()).isEqualTo(1);

    pass(Duration.ofSeconds(2));
    keys = Api.ok(withKey.get("/api/stats")).path("key_throttle");
    assertThat(keys.path("addresses_waiting").asInt()).as("its wait is over").isZero();
    assertThat(keys.path("addresses_remembered").asInt()).isEqualTo(1);

    pass(Duration.ofMinutes(16));
    keys = Api.ok(withKey.get("/api/stats")).path("key_throttle");
    assertThat(keys.path("addresses_remembered").asInt()).as("forgotten after 15 minutes").isZero();
    assertThat(keys.path("wrong_keys").asLong()).as("the count stays").isEqualTo(FREE + 1);
  }

  @Test
  void wrongKeysAtLoginGetGrowingWaitsAnswered429WithRetryAfter() {
    for (int i = 0; i < FREE; i++) {
      assertThat(login("guess-" + i).status()).as("wrong key %d is only refused", i).isEqualTo(401);
    }
    assertThat(login("guess-5").status()).as("the first one over the allowance is checked").isEqualTo(401);

    Api.Answer waiting = login("guess-6");
    assertThat(waiting.status()).isEqualTo(429);
    assertThat(retryAfter(waiting)).isEqualTo("1");
    assertThat(waiting.path("detail").asText()).contains("Too many wrong API keys", "1 second");

    pass(Duration.ofSeconds(1));
    assertThat(login("guess-7").status()).isEqualTo(401);
    assertThat(retryAfter(login("guess-8"))).as("the wait doubles").isEqualTo("2");
    pass(Duration.ofSeconds(2));
    assertThat(login("guess-9").status()).isEqualTo(401);
    assertThat(retryAfter(login("guess-10"))).isEqualTo("4");
  }

  @Test
  void aWaitingClientIsRefusedBeforeItsKeyIsCheckedAndTheRightKeyGetsInWhenTheWaitIsOver() {
    for (int i = 0; i <= FREE; i++) {
      login("guess-" + i);
    }
    Api.Answer early = login(KEY);
    assertThat(early.status()).as("not even the right key is checked while waiting").isEqualTo(429);
    assertThat(early.path("access_token").isMissingNode()).isTrue();

    pass(Duration.ofSeconds(1));
    Api.Answer in = login(KEY);
    assertThat(in.status()).isEqualTo(200);
    assertThat(in.path("access_token").asText()).isNotEmpty();
  }

  @Test
  void theWaitStopsGrowingAtThirtySeconds() {
    for (int i = 0; i < 40; i++) {
      Api.Answer a = login("guess-" + i);
      if (a.status() == 429) {
        pass(Duration.ofSeconds(Long.parseLong(retryAfter(a))));
        i--; // refused unchecked: try that guess again once the wait is over
      }
    }
    Api.Answer waiting = login("again");
    assertThat(waiting.status()).isEqualTo(429);
    assertThat(retryAfter(waiting)).isEqualTo("30");
    pass(Duration.ofSeconds(30));
    assertThat(login(KEY).status()).as("never locked out for longer").isEqualTo(200);
  }

  @Test
  void aClientIsForgottenFifteenMinutesAfterItsLastWrongKey() {
    for (int i = 0; i <= FREE; i++) {
      login("guess-" + i);
    }
    assertThat(login("guess").status()).isEqualTo(429);
    pass(Duration.ofMinutes(15).plusSeconds(1));
    for (int i = 0; i <= FREE; i++) {
      assertThat(login("guess-" + i).status()).as("a fresh allowance").isEqualTo(401);
    }
  }

  @Test
  void wrongKeysOnTheApiTheOtlpIntakeAndTheSignInFormAllCountAndAreAllRefusedWhileWaiting() {
    Api wrong = api.withHeader("Galileo-API-Key", "wrong");
    for (int i = 0; i < FREE; i++) {
      assertThat(wrong.get("/projects").status()).isEqualTo(401);
    }
    assertThat(api.withHeader("Authorization", "Bearer not.a.token").get("/projects").status())
        .as("a bad token counts as a wrong key").isEqualTo(401);

    Api.Answer projects = wrong.get("/projects");
    assertThat(projects.status()).isEqualTo(429);
    assertThat(retryAfter(projects)).isEqualTo("1");

    Api.Answer otlp = Api.of(console, "").withHeader("Galileo-API-Key", "wrong")
        .send("POST", "/v1/traces", "{}", "application/json");
    assertThat(otlp.status()).isEqualTo(429);
    assertThat(retryAfter(otlp)).isEqualTo("1");
    assertThat(otlp.path("code").asInt()).as("google.rpc.Code RESOURCE_EXHAUSTED").isEqualTo(8);

    Api web = Api.of(console, "").withHeader("Origin", "http://127.0.0.1:" + console.port());
    Api.Answer form = web.send("POST", "/signin", "api_key=" + KEY + "&next=%2F",
        "application/x-www-form-urlencoded");
    assertThat(form.status()).isEqualTo(429);
    assertThat(retryAfter(form)).isEqualTo("1");
    assertThat(form.text()).contains("id=\"signin-error\"", "Too many wrong keys", "1 second");
    assertThat(form.raw().headers().firstValue("Set-Cookie")).isEmpty();

    pass(Duration.ofSeconds(1));
    Api.Answer signedIn = web.send("POST", "/signin", "api_key=" + KEY + "&next=%2F",
        "application/x-www-form-urlencoded");
    assertThat(signedIn.status()).isEqualTo(303);
    assertThat(signedIn.raw().headers().firstValue("Set-Cookie")).isPresent();
  }

  @Test
  void requestsWithoutAnyKeyAreNotCountedAsGuesses() {
    for (int i = 0; i < 3 * FREE; i++) {
      assertThat(api.get("/projects").status()).isEqualTo(401);
    }
    assertThat(api.withHeader("Galileo-API-Key", KEY).get("/projects").status()).isEqualTo(200);
  }

  @Test
  void anotherClientAddressIsNotSlowedDown() throws IOException {
    for (int i = 0; i <= FREE; i++) {
      login("guess-" + i);
    }
    assertThat(login(KEY).status()).as("127.0.0.1 waits").isEqualTo(429);
    // Linux routes all of 127.0.0.0/8 to loopback: the same console, from another address.
    InetAddress other = InetAddress.getByName("127.0.0.2");
    assertThat(rawLogin(other, KEY)).startsWith("HTTP/1.1 200");
    assertThat(rawLogin(InetAddress.getByName("127.0.0.1"), KEY)).startsWith("HTTP/1.1 429");
  }

  /** A login over a socket bound to {@code from}; the answer's status line. */
  String rawLogin(InetAddress from, String key) throws IOException {
    byte[] body = ("{\"api_key\":\"" + key + "\"}").getBytes(StandardCharsets.UTF_8);
    try (Socket s = new Socket(InetAddress.getByName("127.0.0.1"), console.port(), from, 0)) {
      s.setSoTimeout(10_000);
      OutputStream out = s.getOutputStream();
      out.write(("POST /v2/login/api_key HTTP/1.1\r\nHost: 127.0.0.1:" + console.port()
          + "\r\nContent-Type: application/json\r\nContent-Length: " + body.length
          + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
      out.write(body);
      out.flush();
      InputStream in = s.getInputStream();
      ByteArrayOutputStream line = new ByteArrayOutputStream();
      int c;
      while ((c = in.read()) != -1 && c != '\n') {
        line.write(c);
      }
      return line.toString(StandardCharsets.US_ASCII).trim();
    }
  }
}
