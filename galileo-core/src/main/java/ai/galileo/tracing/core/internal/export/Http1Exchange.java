package ai.galileo.tracing.core.internal.export;

import java.io.IOException;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ConcurrentLinkedDeque;
import javax.net.ssl.HostnameVerifier;
import javax.net.ssl.HttpsURLConnection;

/**
 * The exporters' requests over HTTP/1.1 connections of our own, kept alive between requests: a
 * request is one socket write and its answer is parsed from a reused buffer, on the calling
 * (sender) thread. {@link java.net.HttpURLConnection} cost about 0.7 ms of CPU per request at the
 * rate an exporter sends (its keep-alive probe alone threw and caught a timeout before every
 * request on a reused connection), and {@code PATCH}, which it refuses, needed the JDK's {@code
 * HttpClient} with its own threads.
 *
 * <p>A request goes the old way ({@link UrlConnectionExchange}, or the {@code HttpClient} for {@code
 * PATCH}) when the default {@link ProxySelector} names a proxy for it, a setting only those clients
 * honour. An application's replaced default host name verifier is honoured here as {@code
 * HttpsURLConnection} honours it (the JDK's {@code HttpClient} ignores it, so a {@code PATCH} there
 * would have failed where the {@code POST}s passed). The decision is made before anything is sent, so a request is never sent twice; a reused
 * connection that fails after the request was written fails the request, which the exporters'
 * retry policy then retries or counts.
 *
 * <p>Internal: not part of the public API and may change without notice.
 */
public final class Http1Exchange implements AutoCloseable {
  private static final String JDK_DEFAULT_VERIFIER = "javax.net.ssl.HttpsURLConnection$DefaultHostnameVerifier";

  private final int connectMillis;
  private final int readMillis;
  private final int maxIdle;
  /** Idle connections, the most recently used first: it is the likeliest to be still open. */
  private final ConcurrentLinkedDeque<Http1Connection> idle = new ConcurrentLinkedDeque<>();
  private volatile HttpClient patchClient;
  private volatile boolean closed;

  /**
   * @param connectMillis the connect (and TLS handshake) timeout
   * @param readMillis the timeout of each wait for answer data
   * @param maxIdle idle connections kept at most: the requests the caller has in flight
   */
  public Http1Exchange(int connectMillis, int readMillis, int maxIdle) {
    this.connectMillis = connectMillis;
    this.readMillis = readMillis;
    this.maxIdle = Math.max(1, maxIdle);
  }

  /**
   * Sends one request and reads its answer. Never sends it twice.
   *
   * @param uri an http or https URI
   * @param body the body, or null for none; its first {@code length} bytes are sent
   * @throws IOException no (complete) answer
   */
  public UrlConnectionExchange.Answer send(URI uri, String method, RequestHeaders headers, byte[] body,
      int length) throws IOException {
    // A PATCH names one trace or span: its target is worked out and not kept, so that the few
    // POST targets stay in the table instead of being pushed out by one-off URIs.
    Target t = target(uri, !method.equals("PATCH"));
    if (!direct(uri)) {
      return fallback(uri, method, headers, body, length);
    }
    String origin = t.origin();
    Http1Connection c = idleConnection(origin);
    if (c == null) {
      c = Http1Connection.open(origin, t.https(), t.address(), t.port(), connectMillis, readMillis,
          t.https() ? replacedVerifier() : null);
    }
    UrlConnectionExchange.Answer answer = c.exchange(method, t.head(), headers, body, length);
    release(c);
    return answer;
  }

  /** URIs whose targets are kept, for tests. */
  int targetCount() {
    return targets.size();
  }

  /** Idle connections kept, for tests. */
  int idleCount() {
    return idle.size();
  }

  /** Closes the idle connections; a request sent after this closes its connection when done. */
  @Override
  public void close() {
    closed = true;
    Http1Connection c;
    while ((c = idle.pollFirst()) != null) {
      c.close();
    }
  }

  private Http1Connection idleConnection(String origin) {
    long now = System.nanoTime();
    Http1Connection c;
    while ((c = idle.pollFirst()) != null) {
      if (c.origin().equals(origin) && c.looksOpen(now)) {
        return c;
      }
      c.close();
    }
    return null;
  }

  private void release(Http1Connection c) {
    if (!c.reusable() || closed || !keepAliveAllowed()) {
      c.close();
      return;
    }
    c.idleFrom(System.nanoTime());
    idle.offerFirst(c);
    // Racing releases can keep one or two more than maxIdle for a moment; the oldest go.
    while (idle.size() > maxIdle) {
      Http1Connection old = idle.pollLast();
      if (old == null) {
        break;
      }
      old.close();
    }
    if (closed) {
      close();
    }
  }

  /**
   * Where a URI's requests go, and the request line's rest (from the target to the end of the Host
   * header) as bytes: worked out once per URI, since an exporter sends to the same few again and
   * again, and this code runs too rarely for the JIT to make string building cheap.
   */
  private record Target(String origin, boolean https, String address, int port, byte[] head) {}

  /** At most this many URIs' targets are kept; then the table starts again. */
  private static final int MAX_TARGETS = 64;
  private final java.util.concurrent.ConcurrentHashMap<URI, Target> targets =
      new java.util.concurrent.ConcurrentHashMap<>();

  private Target target(URI uri, boolean keep) throws IOException {
    Target t = targets.get(uri);
    if (t != null) {
      return t;
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    boolean https = scheme.equals("https");
    String host = uri.getHost();
    if (!https && !scheme.equals("http") || host == null) {
      throw new IOException("not an http or https URL: " + uri);
    }
    int port = uri.getPort() >= 0 ? uri.getPort() : https ? 443 : 80;
    String path = uri.getRawPath();
    String query = uri.getRawQuery();
    boolean defaultPort = port == (https ? 443 : 80);
    String text = " " + (path == null || path.isEmpty() ? "/" : path) + (query == null ? "" : "?" + query)
        + " HTTP/1.1\r\nHost: " + host + (defaultPort ? "" : ":" + port) + "\r\n";
    byte[] head = new byte[text.length()];
    Http1Connection.putAscii(head, 0, text); // a URI's raw path and query are ASCII
    String address = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
    t = new Target(scheme + "://" + host + ":" + port, https, address, port, head);
    if (keep) {
      if (targets.size() >= MAX_TARGETS) {
        targets.clear();
      }
      targets.put(uri, t);
    }
    return t;
  }

  /** The application's replacement of the JDK's default host name verifier, or null. */
  private static HostnameVerifier replacedVerifier() {
    HostnameVerifier v = HttpsURLConnection.getDefaultHostnameVerifier();
    return v == null || v.getClass().getName().equals(JDK_DEFAULT_VERIFIER) ? null : v;
  }

  /** True unless a proxy needs the JDK's clients. */
  private static boolean direct(URI uri) {
    ProxySelector selector = ProxySelector.getDefault();
    if (selector == null) {
      return true;
    }
    List<Proxy> proxies;
    try {
      proxies = selector.select(uri);
    } catch (RuntimeException e) {
      return false; // let the JDK's client make of it what it does
    }
    if (proxies == null) {
      return true;
    }
    for (Proxy p : proxies) {
      if (p != null && p.type() != Proxy.Type.DIRECT) {
        return false;
      }
    }
    return true;
  }

  /** {@code http.keepAlive=false} turns keep-alive off for the JDK's clients: ours too. */
  private static boolean keepAliveAllowed() {
    return !"false".equalsIgnoreCase(System.getProperty("http.keepAlive"));
  }

  private UrlConnectionExchange.Answer fallback(URI uri, String method, RequestHeaders headers, byte[] body,
      int length) throws IOException {
    List<String> pairs = headers.pairs();
    if (!method.equals("PATCH")) {
      return UrlConnectionExchange.send(uri.toURL(), method, connectMillis, readMillis, c -> {
        for (int i = 0; i < pairs.size(); i += 2) {
          c.setRequestProperty(pairs.get(i), pairs.get(i + 1));
        }
      }, body, length);
    }
    HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(Duration.ofMillis(readMillis));
    for (int i = 0; i < pairs.size(); i += 2) {
      b.header(pairs.get(i), pairs.get(i + 1));
    }
    byte[] whole = body == null || body.length == length ? body : Arrays.copyOf(body, length);
    b.method(method, whole == null ? HttpRequest.BodyPublishers.noBody() : new ByteArrayBody(whole));
    try {
      HttpResponse<byte[]> r = patchClient().send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
      return new UrlConnectionExchange.Answer(r.statusCode(), r.body(),
          r.headers().firstValue("Content-Type").orElse(null), r.headers().firstValue("Retry-After").orElse(null));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    } catch (IllegalArgumentException e) {
      throw new IOException(e);
    }
  }

  /** The JDK client for a proxied PATCH, made on first use: a direct route never starts its threads. */
  private HttpClient patchClient() {
    HttpClient c = patchClient;
    if (c == null) {
      synchronized (this) {
        c = patchClient;
        if (c == null) {
          HttpClient.Builder b = HttpClient.newBuilder().connectTimeout(Duration.ofMillis(connectMillis))
              .version(HttpClient.Version.HTTP_1_1);
          ProxySelector proxies = ProxySelector.getDefault();
          if (proxies != null) {
            b.proxy(proxies);
          }
          c = b.build();
          patchClient = c;
        }
      }
    }
    return c;
  }
}
