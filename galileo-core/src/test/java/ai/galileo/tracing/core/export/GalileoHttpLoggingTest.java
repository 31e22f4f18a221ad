package ai.galileo.tracing.core.export;

import static org.assertj.core.api.Assertions.assertThat;

import ai.galileo.tracing.core.internal.export.GalileoHttp;
import ai.galileo.tracing.core.internal.export.RetryPolicy;
import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;

class GalileoHttpLoggingTest {
  private static final String KEY = "secret-key-123";

  @Test
  void aClientErrorIsNotRetriedAndItsBodyIsLoggedOnceWithoutTheApiKey() throws Exception {
    AtomicInteger calls = new AtomicInteger();
    HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", exchange -> {
      calls.incrementAndGet();
      byte[] body = ("{\"detail\":\"bad field; you sent key " + KEY + "\"}").getBytes(StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(422, body.length);
      exchange.getResponseBody().write(body);
      exchange.close();
    });
    server.start();
    List<String> logged = new CopyOnWriteArrayList<>();
    Handler capture = new Handler() {
      @Override
      public void publish(LogRecord record) {
        logged.add(record.getMessage());
      }

      @Override
      public void flush() {}

      @Override
      public void close() {}
    };
    Logger logger = Logger.getLogger(GalileoHttp.class.getName());
    logger.addHandler(capture);
    try {
      GalileoHttp http = new GalileoHttp(URI.create("http://127.0.0.1:" + server.getAddress().getPort()), KEY,
          "test", new RetryPolicy(5, Duration.ofMillis(10), Duration.ofMillis(10), Duration.ofSeconds(5)),
          Duration.ofSeconds(5));
      for (int i = 0; i < 3; i++) {
        GalileoHttp.Response r = http.send("POST", "/projects/" + java.util.UUID.randomUUID() + "/traces", new byte[] {'{', '}'});
        assertThat(r.status()).isEqualTo(422);
        assertThat(r.retries()).isZero();
      }
    } finally {
      logger.removeHandler(capture);
      server.stop(0);
    }
    assertThat(calls).hasValue(3);
    assertThat(logged).hasSize(1);
    assertThat(logged.get(0)).contains("422", "bad field", "***").doesNotContain(KEY);
  }
}
