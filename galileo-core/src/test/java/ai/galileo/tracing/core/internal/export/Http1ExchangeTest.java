package ai.galileo.tracing.core.internal.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The exporters' own HTTP/1.1 exchange against the JDK's HTTP server and raw sockets on loopback. */
class Http1ExchangeTest {
  private static final RequestHeaders HEADERS = RequestHeaders.of("Content-Type", "application/json",
      "Galileo-API-Key", "secret-key");
  private static final byte[] BODY = "{\"a\":1}".getBytes(StandardCharsets.UTF_8);

  private HttpServer server;
  private RawServer raw;
  private final Http1Exchange exchange = new Http1Exchange(2000, 2000, 4);
  /** Each request the JDK server saw: method, path, body, and the client port it came from. */
  private final List<String> seen = new CopyOnWriteArrayList<>();
  private final Set<Integer> clientPorts = ConcurrentHashMap.newKeySet();

  @AfterEach
  void stop() throws IOException {
    exchange.close();
    if (server != null) {
      server.stop(0);
    }
    if (raw != null) {
      raw.close();
    }
  }

  private URI jdkServer(int status, String answer, boolean chunked, boolean close) throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", x -> {
      byte[] body = x.getRequestBody().readAllBytes();
      seen.add(x.getRequestMethod() + " " + x.getRequestURI() + " " + new String(body, StandardCharsets.UTF_8)
          + " key=" + x.getRequestHeaders().getFirst("Galileo-API-Key"));
      clientPorts.add(x.getRemoteAddress().getPort());
      byte[] out = answer.getBytes(StandardCharsets.UTF_8);
      x.getResponseHeaders().add("Content-Type", "application/json");
      x.getResponseHeaders().add("Retry-After", "7");
      if (close) {
        x.getResponseHeaders().add("Connection", "close");
      }
      x.sendResponseHeaders(status, chunked ? 0 : out.length == 0 ? -1 : out.length);
      try (OutputStream o = x.getResponseBody()) {
        o.write(out);
      }
    });
    server.start();
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/v2/traces?x=1");
  }

  @Test
  void manyRequestsGoOverOneKeptAliveConnectionWithHeadersAndBody() throws Exception {
    URI uri = jdkServer(200, "{\"ok\":true}", false, false);
    for (int i = 0; i < 20; i++) {
      UrlConnectionExchange.Answer a = exchange.send(uri, "POST", HEADERS, BODY, BODY.length);
      assertThat(a.status()).isEqualTo(200);
      assertThat(new String(a.body(), StandardCharsets.UTF_8)).isEqualTo("{\"ok\":true}");
      assertThat(a.contentType()).isEqualTo("application/json");
      assertThat(a.retryAfter()).isEqualTo("7");
    }
    assertThat(seen).hasSize(20).allMatch(s -> s.equals("POST /v2/traces?x=1 {\"a\":1} key=secret-key"));
    assertThat(clientPorts).hasSize(1);
  }

  @Test
  void onlyTheGivenLengthOfAReusedBufferIsSent() throws Exception {
    URI uri = jdkServer(200, "", false, false);
    byte[] buffer = "{\"a\":1}garbage".getBytes(StandardCharsets.UTF_8);
    UrlConnectionExchange.Answer a = exchange.send(uri, "POST", HEADERS, buffer, BODY.length);
    assertThat(a.status()).isEqualTo(200);
    assertThat(a.body()).isEmpty();
    assertThat(seen).containsExactly("POST /v2/traces?x=1 {\"a\":1} key=secret-key");
  }

  @Test
  void aLargeBodyArrivesWhole() throws Exception {
    URI uri = jdkServer(200, "", false, false);
    byte[] big = new byte[1_000_000];
    java.util.Arrays.fill(big, (byte) 'x');
    exchange.send(uri, "POST", HEADERS, big, big.length);
    assertThat(seen).hasSize(1);
    assertThat(seen.get(0)).contains("x".repeat(1000)).hasSize("POST /v2/traces?x=1  key=secret-key".length() + big.length);
  }

  @Test
  void chunkedAnswersAreReadWholeAndTheConnectionKept() throws Exception {
    String answer = "{\"partial\":\"" + "y".repeat(20_000) + "\"}";
    URI uri = jdkServer(200, answer, true, false);
    for (int i = 0; i < 3; i++) {
      UrlConnectionExchange.Answer a = exchange.send(uri, "POST", HEADERS, BODY, BODY.length);
      assertThat(new String(a.body(), StandardCharsets.UTF_8)).isEqualTo(answer);
    }
    assertThat(clientPorts).hasSize(1);
  }

  @Test
  void anAnswerBodyOverTheLimitIsCutButReadToItsEndSoTheConnectionIsKept() throws Exception {
    String answer = "z".repeat(Http1Connection.MAX_KEPT_BODY_BYTES + 100_000);
    for (boolean chunked : new boolean[] {false, true}) {
      URI uri = jdkServer(200, answer, chunked, false);
      for (int i = 0; i < 2; i++) {
        UrlConnectionExchange.Answer a = exchange.send(uri, "POST", HEADERS, BODY, BODY.length);
        assertThat(a.status()).isEqualTo(200);
        assertThat(a.body()).hasSize(Http1Connection.MAX_KEPT_BODY_BYTES);
      }
      assertThat(clientPorts).as(chunked ? "chunked" : "by length").hasSize(1);
      server.stop(0);
      clientPorts.clear();
    }
    server = null;
  }

  /** timeout=1: one second less the second of margin the client keeps leaves no idle time at all. */
  @ParameterizedTest
  @CsvSource({"'timeout=1', 3", "'timeout=60, max=100', 1"})
  void aConnectionIsReusedOnlyWithinTheServersKeepAliveTimeout(String keepAlive, int connections)
      throws Exception {
    byte[] answer = ("HTTP/1.1 200 OK\r\nKeep-Alive: " + keepAlive + "\r\nContent-Length: 2\r\n\r\n{}")
        .getBytes(StandardCharsets.US_ASCII);
    raw = new RawServer((s, in, out) -> {
      while (true) {
        raw.readRequest(in);
        out.write(answer);
        out.flush();
      }
    });
    for (int i = 0; i < 3; i++) {
      assertThat(exchange.send(raw.uri(), "POST", HEADERS, BODY, BODY.length).status()).isEqualTo(200);
    }
    assertThat(raw.requests.get()).isEqualTo(3);
    assertThat(raw.connections.get()).isEqualTo(connections);
  }

  @Test
  void patchGoesOverTheSameConnectionWithItsBody() throws Exception {
    URI uri = jdkServer(200, "{}", false, false);
    exchange.send(uri, "POST", HEADERS, BODY, BODY.length);
    UrlConnectionExchange.Answer a = exchange.send(uri, "PATCH", HEADERS, BODY, BODY.length);
    assertThat(a.status()).isEqualTo(200);
    assertThat(seen).containsExactly("POST /v2/traces?x=1 {\"a\":1} key=secret-key",
        "PATCH /v2/traces?x=1 {\"a\":1} key=secret-key");
    assertThat(clientPorts).hasSize(1);
  }

  @Test
  void patchUrisNamingOneTraceEachDoNotPushThePostTargetsOut() throws Exception {
    URI uri = jdkServer(200, "{}", false, false);
    exchange.send(uri, "POST", HEADERS, BODY, BODY.length);
    for (int i = 0; i < 100; i++) {
      URI trace = uri.resolve("/v2/projects/p/traces/" + java.util.UUID.randomUUID());
      assertThat(exchange.send(trace, "PATCH", HEADERS, BODY, BODY.length).status()).isEqualTo(200);
    }
    assertThat(exchange.targetCount()).isEqualTo(1);
    assertThat(seen).hasSize(101);
    assertThat(seen.get(100)).startsWith("PATCH /v2/projects/p/traces/");
  }

  @Test
  void errorStatusesComeBackWithTheirBodies() throws Exception {
    URI uri = jdkServer(401, "{\"detail\":\"bad key\"}", false, false);
    UrlConnectionExchange.Answer a = exchange.send(uri, "POST", HEADERS, BODY, BODY.length);
    assertThat(a.status()).isEqualTo(401);
    assertThat(new String(a.body(), StandardCharsets.UTF_8)).isEqualTo("{\"detail\":\"bad key\"}");
    UrlConnectionExchange.Answer b = exchange.send(uri, "GET", HEADERS, null, 0);
    assertThat(b.status()).isEqualTo(401);
    assertThat(clientPorts).hasSize(1);
  }

  @Test
  void connectionCloseIsHonoured() throws Exception {
    URI uri = jdkServer(200, "{}", false, true);
    for (int i = 0; i < 3; i++) {
      assertThat(exchange.send(uri, "POST", HEADERS, BODY, BODY.length).status()).isEqualTo(200);
    }
    assertThat(seen).hasSize(3);
    assertThat(clientPorts).hasSize(3);
    assertThat(exchange.idleCount()).isZero();
  }

  @Test
  void aConnectionTheServerClosedWhileIdleIsNotUsedAndNothingIsSentTwice() throws Exception {
    // Answers each connection's first request, then closes it without saying so (an idle timeout).
    raw = new RawServer((s, in, out) -> {
      raw.readRequest(in);
      out.write(("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\n{}").getBytes(StandardCharsets.US_ASCII));
      out.flush();
      s.close();
    });
    URI uri = raw.uri();
    for (int i = 0; i < 5; i++) {
      assertThat(exchange.send(uri, "POST", HEADERS, BODY, BODY.length).status()).isEqualTo(200);
      raw.awaitAClose(); // the server's close has reached us before the next request
    }
    assertThat(raw.requests.get()).isEqualTo(5);
    assertThat(raw.connections.get()).isEqualTo(5);
  }

  @Test
  void aRequestTheServerDropsUnansweredFailsOnceAndIsNotSentAgain() throws Exception {
    raw = new RawServer((s, in, out) -> {
      raw.readRequest(in);
      s.close();
    });
    assertThatThrownBy(() -> exchange.send(raw.uri(), "POST", HEADERS, BODY, BODY.length))
        .isInstanceOf(IOException.class).hasMessageContaining("closed the connection without an answer");
    assertThat(raw.requests.get()).isEqualTo(1);
    assertThat(raw.connections.get()).isEqualTo(1);
  }

  @Test
  void aServerThatStopsReadingFailsTheRequestAtTheDeadlineInsteadOfHoldingTheSender() throws Exception {
    java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
    raw = new RawServer((s, in, out) -> release.await()); // accepts, never reads
    Http1Exchange slow = new Http1Exchange(2000, 300, 1);
    byte[] big = new byte[64 * 1024 * 1024]; // far beyond what the sockets' buffers take unread
    try {
      assertTimeoutPreemptively(java.time.Duration.ofSeconds(60), () ->
          assertThatThrownBy(() -> slow.send(raw.uri(), "POST", HEADERS, big, big.length))
              .isInstanceOf(SocketTimeoutException.class)
              .hasMessageContaining("took no more of the request for 300 ms"));
      assertThat(slow.idleCount()).isZero();
    } finally {
      release.countDown();
      slow.close();
    }
  }

  @Test
  void aGarbageStatusLineIsAClearError() throws Exception {
    raw = answering("SMTP ready\r\n\r\n");
    assertThatThrownBy(() -> exchange.send(raw.uri(), "POST", HEADERS, BODY, BODY.length))
        .isInstanceOf(IOException.class).hasMessageContaining("did not answer in HTTP/1.x: SMTP ready");
  }

  @Test
  void aTruncatedBodyIsAnErrorAndTheConnectionIsNotKept() throws Exception {
    raw = answering("HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n0123456789");
    assertThatThrownBy(() -> exchange.send(raw.uri(), "POST", HEADERS, BODY, BODY.length))
        .isInstanceOf(IOException.class).hasMessageContaining("after 10 of 100 answer body bytes");
    assertThat(exchange.idleCount()).isZero();
  }

  @Test
  void aTruncatedChunkedBodyIsAnError() throws Exception {
    raw = answering("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n10\r\n0123");
    assertThatThrownBy(() -> exchange.send(raw.uri(), "POST", HEADERS, BODY, BODY.length))
        .isInstanceOf(IOException.class).hasMessageContaining("within a chunk");
  }

  @Test
  void hugeHeadersAreRefusedWithoutReadingForever() throws Exception {
    raw = new RawServer((s, in, out) -> {
      raw.readRequest(in);
      out.write("HTTP/1.1 200 OK\r\n".getBytes(StandardCharsets.US_ASCII));
      byte[] line = ("X-Filler: " + "f".repeat(1000) + "\r\n").getBytes(StandardCharsets.US_ASCII);
      try {
        for (int i = 0; i < 10_000; i++) { // 10 MB of headers, unless the client hangs up first
          out.write(line);
        }
      } catch (IOException clientGone) {
        // expected: the client stopped reading
      }
      s.close();
    });
    assertThatThrownBy(() -> exchange.send(raw.uri(), "POST", HEADERS, BODY, BODY.length))
        .isInstanceOf(IOException.class).hasMessageContaining("answer head longer than 65536 bytes");
  }

  @Test
  void anAnswerWithoutLengthIsReadToTheEndAndTheConnectionNotKept() throws Exception {
    raw = answering("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n\r\nall of it");
    UrlConnectionExchange.Answer a = exchange.send(raw.uri(), "POST", HEADERS, BODY, BODY.length);
    assertThat(new String(a.body(), StandardCharsets.US_ASCII)).isEqualTo("all of it");
    assertThat(exchange.idleCount()).isZero();
  }

  @Test
  void interimAnswersAreSkipped() throws Exception {
    raw = answering("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 103 Early Hints\r\nLink: </x>\r\n\r\n"
        + "HTTP/1.1 202 Accepted\r\nContent-Length: 2\r\n\r\nok");
    UrlConnectionExchange.Answer a = exchange.send(raw.uri(), "POST", HEADERS, BODY, BODY.length);
    assertThat(a.status()).isEqualTo(202);
    assertThat(new String(a.body(), StandardCharsets.US_ASCII)).isEqualTo("ok");
  }

  @Test
  void aServerThatNeverAnswersTimesOut() throws Exception {
    raw = new RawServer((s, in, out) -> {
      raw.readRequest(in);
      raw.closed.await(); // holds the connection open and silent until the test ends
    });
    Http1Exchange quick = new Http1Exchange(2000, 200, 1);
    assertThatThrownBy(() -> quick.send(raw.uri(), "POST", HEADERS, BODY, BODY.length))
        .isInstanceOf(SocketTimeoutException.class);
    quick.close();
  }

  @Test
  void anInterruptedSenderStopsWaitingForItsAnswer() throws Exception {
    raw = new RawServer((s, in, out) -> {
      raw.readRequest(in);
      raw.closed.await(); // never answers
    });
    Http1Exchange patient = new Http1Exchange(2000, 60_000, 1); // without the interrupt: a minute
    java.util.concurrent.atomic.AtomicReference<Throwable> failure = new java.util.concurrent.atomic.AtomicReference<>();
    Thread sender = new Thread(() -> {
      try {
        patient.send(raw.uri(), "POST", HEADERS, BODY, BODY.length);
      } catch (Throwable t) {
        failure.set(t);
      }
    });
    sender.start();
    while (raw.requests.get() == 0) {
      Thread.sleep(5);
    }
    sender.interrupt(); // as an exporter abandoning its requests at shutdown does
    sender.join();
    assertThat(failure.get()).isInstanceOf(java.nio.channels.ClosedByInterruptException.class);
    assertThat(raw.requests.get()).isEqualTo(1);
    patient.close();
  }

  @Test
  void aRefusedConnectionIsAnIOException() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    assertThatThrownBy(() -> exchange.send(URI.create("http://127.0.0.1:" + port + "/"), "POST", HEADERS, BODY,
        BODY.length)).isInstanceOf(IOException.class);
  }

  @Test
  void headersThatCouldSplitTheRequestAreRefusedWithoutTheirValue() {
    assertThatThrownBy(() -> RequestHeaders.of("Galileo-API-Key", "abc\r\nX-Evil: 1"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Galileo-API-Key")
        .hasMessageNotContaining("abc");
    assertThatThrownBy(() -> RequestHeaders.of("Bad Name", "v")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> RequestHeaders.of("Content-Length", "5")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> RequestHeaders.of("Host", "elsewhere")).isInstanceOf(IllegalArgumentException.class);
  }

  private RawServer answering(String answer) throws IOException {
    RawServer[] self = new RawServer[1];
    self[0] = new RawServer((s, in, out) -> {
      self[0].readRequest(in);
      out.write(answer.getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
      s.close();
    });
    return self[0];
  }

  /** A loopback server that runs a script on each connection, counting connections and requests. */
  static final class RawServer implements AutoCloseable {
    interface Script {
      void run(Socket s, InputStream in, OutputStream out) throws Exception;
    }

    final ServerSocket socket;
    final AtomicInteger connections = new AtomicInteger();
    final AtomicInteger requests = new AtomicInteger();
    final java.util.concurrent.CountDownLatch closed = new java.util.concurrent.CountDownLatch(1);
    private final java.util.concurrent.Semaphore closes = new java.util.concurrent.Semaphore(0);
    private final Thread acceptor;

    RawServer(Script script) throws IOException {
      socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
      acceptor = new Thread(() -> {
        while (!socket.isClosed()) {
          Socket s;
          try {
            s = socket.accept();
          } catch (IOException e) {
            return;
          }
          connections.incrementAndGet();
          Thread t = new Thread(() -> {
            try (s) {
              script.run(s, s.getInputStream(), s.getOutputStream());
            } catch (Exception ignored) {
              // the client went away: the test looks at what it got
            } finally {
              closes.release();
            }
          });
          t.setDaemon(true);
          t.start();
        }
      });
      acceptor.setDaemon(true);
      acceptor.start();
    }

    URI uri() {
      return URI.create("http://127.0.0.1:" + socket.getLocalPort() + "/v1/traces");
    }

    /** Waits until a script has closed its connection, then a moment for the FIN to arrive. */
    void awaitAClose() throws InterruptedException {
      closes.acquire(1);
      Thread.sleep(20);
    }

    /** Reads one request's head and body (by Content-Length), and counts it. */
    void readRequest(InputStream in) throws IOException {
      ByteArrayOutputStream head = new ByteArrayOutputStream();
      int state = 0;
      while (state < 4) {
        int b = in.read();
        if (b < 0) {
          throw new IOException("request ended early");
        }
        head.write(b);
        state = (b == '\r' && state % 2 == 0) || (b == '\n' && state % 2 == 1) ? state + 1 : 0;
      }
      int length = 0;
      for (String line : head.toString(StandardCharsets.ISO_8859_1).split("\r\n")) {
        if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
          length = Integer.parseInt(line.substring(15).trim());
        }
      }
      in.readNBytes(length);
      requests.incrementAndGet();
    }

    @Override
    public void close() throws IOException {
      closed.countDown();
      socket.close();
    }
  }
}
