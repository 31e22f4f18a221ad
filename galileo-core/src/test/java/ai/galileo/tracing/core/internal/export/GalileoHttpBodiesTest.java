package ai.galileo.tracing.core.internal.export;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Request bodies reach the server whole, with their length, on every attempt: {@code POST} through
 * {@code HttpURLConnection}'s fixed-length streaming, {@code PATCH} through the JDK client with the
 * body sent from its array ({@link ByteArrayBody}).
 */
class GalileoHttpBodiesTest {
  private HttpServer server;

  @AfterEach
  void stop() {
    if (server != null) {
      server.stop(0);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"POST", "PATCH"})
  void everyAttemptSendsTheWholeBodyWithItsLength(String method) throws Exception {
    List<String> methods = new CopyOnWriteArrayList<>();
    List<String> bodies = new CopyOnWriteArrayList<>();
    List<String> lengths = new CopyOnWriteArrayList<>();
    AtomicInteger calls = new AtomicInteger();
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", exchange -> {
      try (exchange) {
        methods.add(exchange.getRequestMethod());
        bodies.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
        lengths.add(exchange.getRequestHeaders().getFirst("Content-Length"));
        boolean first = calls.incrementAndGet() == 1;
        exchange.sendResponseHeaders(first ? 503 : 200, -1);
      }
    });
    server.start();
    GalileoHttp http = new GalileoHttp(URI.create("http://127.0.0.1:" + server.getAddress().getPort()), null, "test",
        new RetryPolicy(3, Duration.ofMillis(1), Duration.ofMillis(1), Duration.ofSeconds(10)), Duration.ofSeconds(10));
    String body = "{\"records\":[" + "\"x\",".repeat(20_000) + "\"é\"]}"; // larger than one socket write

    GalileoHttp.Response response = http.send(method, "/traces", body.getBytes(StandardCharsets.UTF_8));

    assertThat(response.status()).isEqualTo(200);
    assertThat(response.retries()).isEqualTo(1);
    assertThat(methods).containsExactly(method, method);
    assertThat(bodies).containsExactly(body, body);
    String length = String.valueOf(body.getBytes(StandardCharsets.UTF_8).length);
    assertThat(lengths).containsExactly(length, length);
  }

  @ParameterizedTest
  @ValueSource(strings = {"POST", "PATCH"})
  void anEmptyBodyIsSentAsZeroBytes(String method) throws Exception {
    List<Integer> sizes = new CopyOnWriteArrayList<>();
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", exchange -> {
      try (exchange) {
        sizes.add(exchange.getRequestBody().readAllBytes().length);
        exchange.sendResponseHeaders(200, -1);
      }
    });
    server.start();
    GalileoHttp http = new GalileoHttp(URI.create("http://127.0.0.1:" + server.getAddress().getPort()), null, "test",
        RetryPolicy.DEFAULT, Duration.ofSeconds(10));

    assertThat(http.send(method, "/x", new byte[0]).status()).isEqualTo(200);
    assertThat(sizes).containsExactly(0);
  }
}
