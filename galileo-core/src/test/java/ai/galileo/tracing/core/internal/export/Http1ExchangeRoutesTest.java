package ai.galileo.tracing.core.internal.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.SocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The exchange's routes that depend on JVM-wide settings: https through the default SSL socket
 * factory (trust as the application set it, host names checked), and the JDK's client when a proxy
 * is configured. Each test restores what it changed.
 */
class Http1ExchangeRoutesTest {
  private static final RequestHeaders HEADERS = RequestHeaders.of("Content-Type", "application/json");
  private static final byte[] BODY = "{}".getBytes(StandardCharsets.UTF_8);
  private static final char[] PASSWORD = "changeit".toCharArray();

  @TempDir
  Path dir;

  private final SSLSocketFactory defaultFactory = HttpsURLConnection.getDefaultSSLSocketFactory();
  private final ProxySelector defaultSelector = ProxySelector.getDefault();
  private final javax.net.ssl.HostnameVerifier defaultVerifier = HttpsURLConnection.getDefaultHostnameVerifier();
  private final Http1Exchange exchange = new Http1Exchange(5000, 5000, 2);
  private final List<String> seen = new CopyOnWriteArrayList<>();
  private final Set<Integer> clientPorts = ConcurrentHashMap.newKeySet();
  private HttpsServer server;

  @AfterEach
  void restore() {
    HttpsURLConnection.setDefaultSSLSocketFactory(defaultFactory);
    ProxySelector.setDefault(defaultSelector);
    HttpsURLConnection.setDefaultHostnameVerifier(defaultVerifier);
    exchange.close();
    if (server != null) {
      server.stop(0);
    }
  }

  @Test
  void httpsGoesThroughTheDefaultSocketFactorysTrustOverAKeptAliveConnection() throws Exception {
    URI uri = httpsServer(keyStore("ip:127.0.0.1"));
    for (int i = 0; i < 3; i++) {
      UrlConnectionExchange.Answer a = exchange.send(uri, "POST", HEADERS, BODY, BODY.length);
      assertThat(a.status()).isEqualTo(200);
      assertThat(new String(a.body(), StandardCharsets.UTF_8)).isEqualTo("{\"ok\":1}");
    }
    UrlConnectionExchange.Answer patch = exchange.send(uri, "PATCH", HEADERS, BODY, BODY.length);
    assertThat(patch.status()).isEqualTo(200);
    assertThat(seen).containsExactly("POST {}", "POST {}", "POST {}", "PATCH {}");
    assertThat(clientPorts).hasSize(1);
  }

  @Test
  void anUntrustedCertificateIsRefused() throws Exception {
    KeyStore ks = keyStore("ip:127.0.0.1");
    URI uri = httpsServer(ks);
    HttpsURLConnection.setDefaultSSLSocketFactory(defaultFactory); // the JDK's trust: not our test CA
    assertThatThrownBy(() -> exchange.send(uri, "POST", HEADERS, BODY, BODY.length))
        .isInstanceOf(SSLHandshakeException.class);
    assertThat(seen).isEmpty();
  }

  @Test
  void aCertificateForAnotherHostIsRefused() throws Exception {
    URI uri = httpsServer(keyStore("dns:other.example"));
    assertThatThrownBy(() -> exchange.send(uri, "POST", HEADERS, BODY, BODY.length))
        .isInstanceOf(SSLHandshakeException.class);
    assertThat(seen).isEmpty();
  }

  @Test
  void aReplacedDefaultHostNameVerifierIsAskedAboutACertificateForAnotherName_asHttpsUrlConnectionAsksIt()
      throws Exception {
    URI uri = httpsServer(keyStore("dns:other.example"));
    List<String> asked = new CopyOnWriteArrayList<>();
    HttpsURLConnection.setDefaultHostnameVerifier((host, session) -> asked.add(host));
    assertThat(exchange.send(uri, "POST", HEADERS, BODY, BODY.length).status()).isEqualTo(200);
    assertThat(exchange.send(uri, "PATCH", HEADERS, BODY, BODY.length).status()).isEqualTo(200);
    assertThat(seen).containsExactly("POST {}", "PATCH {}");
    assertThat(asked).containsExactly("127.0.0.1"); // once, for the one kept-alive connection
    assertThat(clientPorts).hasSize(1);
  }

  @Test
  void aReplacedVerifierThatRefusesFailsTheHandshakeBeforeAnythingIsSent() throws Exception {
    URI uri = httpsServer(keyStore("dns:other.example"));
    HttpsURLConnection.setDefaultHostnameVerifier((host, session) -> false);
    assertThatThrownBy(() -> exchange.send(uri, "POST", HEADERS, BODY, BODY.length))
        .isInstanceOf(javax.net.ssl.SSLPeerUnverifiedException.class)
        .hasMessageContaining("does not name 127.0.0.1");
    assertThat(seen).isEmpty();
  }

  @Test
  void aReplacedVerifierIsNotAskedWhenTheCertificateNamesTheHost() throws Exception {
    URI uri = httpsServer(keyStore("ip:127.0.0.1"));
    HttpsURLConnection.setDefaultHostnameVerifier((host, session) -> false);
    assertThat(exchange.send(uri, "POST", HEADERS, BODY, BODY.length).status()).isEqualTo(200);
  }

  @Test
  void aConfiguredProxyIsUsedThroughTheJdkClient() throws Exception {
    // A plain HTTP "proxy": it sees the absolute-form request a proxied client sends, and answers it.
    List<String> requestLines = new CopyOnWriteArrayList<>();
    Http1ExchangeTest.RawServer proxy = new Http1ExchangeTest.RawServer((s, in, out) -> {
      StringBuilder line = new StringBuilder();
      int b;
      while ((b = in.read()) >= 0 && b != '\r') {
        line.append((char) b);
      }
      requestLines.add(line.toString());
      out.write("HTTP/1.1 200 OK\r\nContent-Length: 7\r\nConnection: close\r\n\r\nproxied".getBytes(
          StandardCharsets.US_ASCII));
      out.flush();
      s.shutdownOutput();
      s.getInputStream().skip(Long.MAX_VALUE); // until the client hangs up
    });
    try (proxy) {
      SocketAddress at = new InetSocketAddress(InetAddress.getLoopbackAddress(), proxy.socket.getLocalPort());
      ProxySelector.setDefault(new ProxySelector() {
        @Override
        public List<Proxy> select(URI uri) {
          return List.of(new Proxy(Proxy.Type.HTTP, at));
        }

        @Override
        public void connectFailed(URI uri, SocketAddress sa, IOException ioe) {}
      });
      URI target = URI.create("http://127.0.0.1:9/v2/traces"); // nothing listens there: only the proxy answers
      UrlConnectionExchange.Answer a = exchange.send(target, "POST", HEADERS, BODY, BODY.length);
      assertThat(a.status()).isEqualTo(200);
      assertThat(new String(a.body(), StandardCharsets.US_ASCII)).isEqualTo("proxied");
      UrlConnectionExchange.Answer p = exchange.send(target, "PATCH", HEADERS, BODY, BODY.length);
      assertThat(new String(p.body(), StandardCharsets.US_ASCII)).isEqualTo("proxied");
      assertThat(requestLines).containsExactly("POST http://127.0.0.1:9/v2/traces HTTP/1.1",
          "PATCH http://127.0.0.1:9/v2/traces HTTP/1.1");
    }
  }

  @Test
  void aTlsServerThatStopsReadingFailsTheRequestAtTheDeadline() throws Exception {
    KeyStore ks = keyStore("ip:127.0.0.1");
    SSLContext serverContext = serverContext(ks);
    java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
    try (javax.net.ssl.SSLServerSocket listening = (javax.net.ssl.SSLServerSocket) serverContext
        .getServerSocketFactory().createServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
      Thread acceptor = new Thread(() -> {
        try (javax.net.ssl.SSLSocket s = (javax.net.ssl.SSLSocket) listening.accept()) {
          s.startHandshake();
          release.await(); // shook hands, reads nothing more
        } catch (Exception ignored) {
          // the client gave up: the test looks at what it got
        }
      });
      acceptor.setDaemon(true);
      acceptor.start();
      Http1Exchange slow = new Http1Exchange(5000, 300, 1);
      URI uri = URI.create("https://127.0.0.1:" + listening.getLocalPort() + "/v2/traces");
      byte[] big = new byte[64 * 1024 * 1024];
      try {
        assertTimeoutPreemptively(java.time.Duration.ofSeconds(60), () ->
            assertThatThrownBy(() -> slow.send(uri, "POST", HEADERS, big, big.length))
                .isInstanceOf(java.net.SocketTimeoutException.class));
      } finally {
        release.countDown();
        slow.close();
      }
    }
  }

  /** A key store with a fresh self-signed EC certificate for {@code san}, made with the JDK's keytool. */
  private KeyStore keyStore(String san) throws Exception {
    Path file = dir.resolve("server-" + san.replaceAll("[^a-z0-9]", "_") + ".p12");
    Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
    Process p = new ProcessBuilder(keytool.toString(), "-genkeypair", "-alias", "server", "-keyalg", "EC",
        "-groupname", "secp256r1", "-dname", "CN=test", "-ext", "san=" + san, "-validity", "2",
        "-storetype", "PKCS12", "-keystore", file.toString(), "-storepass", "changeit", "-keypass", "changeit")
        .redirectErrorStream(true).start();
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(output).isZero();
    KeyStore ks = KeyStore.getInstance("PKCS12");
    try (InputStream in = new FileInputStream(file.toFile())) {
      ks.load(in, PASSWORD);
    }
    return ks;
  }

  /** An https server with that key, and the JVM's default socket factory trusting its certificate. */
  private URI httpsServer(KeyStore ks) throws Exception {
    SSLContext serverContext = serverContext(ks);
    server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.setHttpsConfigurator(new HttpsConfigurator(serverContext));
    server.createContext("/", x -> {
      seen.add(x.getRequestMethod() + " " + new String(x.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
      clientPorts.add(x.getRemoteAddress().getPort());
      byte[] out = "{\"ok\":1}".getBytes(StandardCharsets.UTF_8);
      x.sendResponseHeaders(200, out.length);
      try (OutputStream o = x.getResponseBody()) {
        o.write(out);
      }
    });
    server.start();
    return URI.create("https://127.0.0.1:" + server.getAddress().getPort() + "/v2/traces");
  }

  /** A server context with that key; the JVM's default socket factory is made to trust it. */
  private SSLContext serverContext(KeyStore ks) throws Exception {
    KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    kmf.init(ks, PASSWORD);
    SSLContext serverContext = SSLContext.getInstance("TLS");
    serverContext.init(kmf.getKeyManagers(), null, null);
    TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(ks);
    SSLContext clientContext = SSLContext.getInstance("TLS");
    clientContext.init(null, tmf.getTrustManagers(), null);
    HttpsURLConnection.setDefaultSSLSocketFactory(clientContext.getSocketFactory());
    return serverContext;
  }
}
