package ai.galileo.tracing.core.internal.export;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ScheduledFuture;
import java.security.cert.X509Certificate;
import javax.net.ssl.HostnameVerifier;
import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;

/**
 * One HTTP/1.1 connection, used by one thread at a time: a request is written with one write from a
 * reused buffer (request line, headers and, unless it is large, the body), and the answer's head is
 * parsed from a reused read buffer; the body is read by {@code Content-Length}, chunked, or to the
 * connection's end. Any failure closes the connection; nothing is ever sent again from here.
 *
 * <p>The socket is a {@link SocketChannel}'s, in blocking mode with the socket's timeouts, so that
 * {@link #looksOpen} can peek without blocking whether the server closed it while it was idle.
 */
final class Http1Connection {
  /** An answer's status line and headers may not be longer: a server sending more is refused. */
  static final int MAX_HEAD_BYTES = 64 * 1024;
  /** The most of an answer's body kept; the rest is read and dropped (exporters read a few bytes). */
  static final int MAX_KEPT_BODY_BYTES = 4 * 1024 * 1024;
  /** A body larger than this is written after the head rather than copied behind it. */
  private static final int MAX_COPIED_BODY_BYTES = 256 * 1024;
  /** When the server does not say how long it keeps an idle connection (Keep-Alive: timeout). */
  private static final long DEFAULT_IDLE_NANOS = 30_000_000_000L;
  private static final byte[] EMPTY = new byte[0];

  private final SocketChannel channel;
  private final Socket socket;
  private final InputStream in;
  private final OutputStream out;
  private final String origin;
  private final int writeMillis;
  private volatile boolean writing;
  private volatile boolean writeTimedOut;
  private byte[] rbuf = new byte[8192];
  private int rpos;
  private int rlim;
  private byte[] wbuf = new byte[16 * 1024];
  private final ByteBuffer peek = ByteBuffer.allocate(1);
  private long idleSince;
  private long idleLimitNanos = DEFAULT_IDLE_NANOS;
  private boolean reusable;

  private Http1Connection(SocketChannel channel, Socket socket, String origin, int writeMillis)
      throws IOException {
    this.channel = channel;
    this.socket = socket;
    this.in = socket.getInputStream();
    this.out = socket.getOutputStream();
    this.origin = origin;
    this.writeMillis = writeMillis;
  }

  /**
   * Connects, and for https shakes hands through the JDK's default {@link
   * javax.net.ssl.SSLSocketFactory} (so the application's trust settings hold) with SNI and the
   * host name checked against the certificate.
   */
  static Http1Connection open(String origin, boolean https, String host, int port, int connectMillis,
      int readMillis) throws IOException {
    return open(origin, https, host, port, connectMillis, readMillis, null);
  }

  /**
   * @param verifier the application's replacement of the JDK's default host name verifier, or null:
   *     as {@code HttpsURLConnection} does, a certificate that does not name the host is then
   *     accepted only if the verifier accepts it
   */
  static Http1Connection open(String origin, boolean https, String host, int port, int connectMillis,
      int readMillis, HostnameVerifier verifier) throws IOException {
    SocketChannel channel = SocketChannel.open();
    Socket plain = channel.socket();
    try {
      plain.setTcpNoDelay(true); // a request is one write; nothing to gain by holding it back
      plain.connect(new InetSocketAddress(host, port), connectMillis);
      plain.setSoTimeout(readMillis);
      Socket socket = plain;
      if (https) {
        SSLSocket ssl = (SSLSocket) HttpsURLConnection.getDefaultSSLSocketFactory()
            .createSocket(plain, host, port, true);
        SSLParameters params = ssl.getSSLParameters();
        if (verifier == null) {
          params.setEndpointIdentificationAlgorithm("HTTPS");
        }
        if (!ipLiteral(host)) {
          try {
            params.setServerNames(List.of(new SNIHostName(host)));
          } catch (IllegalArgumentException notForSni) {
            // A name SNI cannot carry (an underscore, say): sent without it, as HttpsURLConnection does.
          }
        }
        ssl.setSSLParameters(params);
        ssl.startHandshake();
        if (verifier != null) {
          checkHost(ssl.getSession(), host, verifier);
        }
        socket = ssl;
      }
      return new Http1Connection(channel, socket, origin, readMillis);
    } catch (IOException | RuntimeException e) {
      closeQuietly(channel);
      if (e instanceof IOException io) {
        throw io;
      }
      throw new IOException("cannot connect to " + origin + ": " + e, e);
    }
  }

  private static void checkHost(SSLSession session, String host, HostnameVerifier verifier)
      throws SSLPeerUnverifiedException {
    java.security.cert.Certificate[] chain = session.getPeerCertificates();
    if (chain.length > 0 && chain[0] instanceof X509Certificate leaf
        && CertificateHostCheck.matches(host, leaf)) {
      return;
    }
    boolean accepted;
    try {
      accepted = verifier.verify(host, session);
    } catch (RuntimeException e) {
      accepted = false;
    }
    if (!accepted) {
      throw new SSLPeerUnverifiedException("the certificate does not name " + host
          + ", and the application's host name verifier refused it");
    }
  }

  String origin() {
    return origin;
  }

  /**
   * Whether an idle connection may carry the next request: not idle past the server's keep-alive,
   * and neither closed by the server nor holding unasked-for bytes. One non-blocking read of the
   * socket says so; it cannot see a close that is still on its way, and such a request fails (and
   * is retried by the caller's policy), but is never sent twice.
   */
  boolean looksOpen(long now) {
    if (now - idleSince >= idleLimitNanos) {
      return false;
    }
    try {
      channel.configureBlocking(false);
      peek.clear();
      int n = channel.read(peek);
      channel.configureBlocking(true);
      return n == 0;
    } catch (IOException | RuntimeException e) {
      return false;
    }
  }

  /** Whether the last exchange left the connection fit for another request. */
  boolean reusable() {
    return reusable;
  }

  void idleFrom(long now) {
    idleSince = now;
  }

  /**
   * One request and its answer.
   *
   * @param head the request line after the method, and the Host header, ending in CRLF
   * @throws IOException no complete answer; the connection is closed
   */
  UrlConnectionExchange.Answer exchange(String method, byte[] head, RequestHeaders headers, byte[] body,
      int length) throws IOException {
    reusable = false;
    try {
      write(method, head, headers, body, length);
      return read(method);
    } catch (IOException | RuntimeException e) {
      close();
      if (e instanceof IOException io) {
        throw io;
      }
      throw new IOException("bad answer from " + origin + ": " + e, e);
    }
  }

  /**
   * The write deadline's action: a write still under way is cut by closing the channel under it,
   * which fails the blocked write; the writing thread then closes the rest (a TLS socket's close
   * would wait for the blocked writer, and this runs on a thread every connection shares).
   */
  private void abortWrite() {
    if (writing) {
      writeTimedOut = true;
      closeQuietly(channel);
    }
  }

  void close() {
    reusable = false;
    closeQuietly(socket);
    closeQuietly(channel);
  }

  private void write(String method, byte[] head, RequestHeaders headers, byte[] body, int length)
      throws IOException {
    byte[] lines = headers.lines();
    // A POST, PUT or PATCH without a body still says so: some servers refuse one without a length (411).
    String contentLength = body != null ? Integer.toString(length)
        : method.equals("POST") || method.equals("PUT") || method.equals("PATCH") ? "0" : null;
    int headSize = method.length() + head.length + lines.length + 2
        + (contentLength == null ? 0 : 16 + contentLength.length() + 2);
    boolean copyBody = body != null && length <= MAX_COPIED_BODY_BYTES;
    int size = headSize + (copyBody ? length : 0);
    if (wbuf.length < size) {
      wbuf = new byte[Math.max(size, wbuf.length * 2)];
    }
    byte[] w = wbuf;
    int p = putAscii(w, 0, method);
    p = put(w, p, head, head.length);
    p = put(w, p, lines, lines.length);
    if (contentLength != null) {
      p = putAscii(w, p, "Content-Length: ");
      p = putAscii(w, p, contentLength);
      w[p++] = '\r';
      w[p++] = '\n';
    }
    w[p++] = '\r';
    w[p++] = '\n';
    if (copyBody) {
      p = put(w, p, body, length);
    }
    int total = p + (body != null && !copyBody ? length : 0);
    ScheduledFuture<?> deadline = total > WriteDeadline.UNGUARDED_BYTES
        ? WriteDeadline.arm(this::abortWrite, writeMillis) : null;
    writing = true;
    try {
      out.write(w, 0, p);
      if (body != null && !copyBody) {
        out.write(body, 0, length);
      }
      out.flush();
    } catch (IOException e) {
      if (writeTimedOut) {
        throw new SocketTimeoutException(origin + " took no more of the request for " + writeMillis
            + " ms (" + total + " bytes)");
      }
      throw e;
    } finally {
      writing = false;
      if (deadline != null) {
        deadline.cancel(false);
      }
    }
    if (wbuf.length > 2 * MAX_COPIED_BODY_BYTES) {
      wbuf = new byte[16 * 1024]; // a huge head was one-off; keep the usual size
    }
  }

  private UrlConnectionExchange.Answer read(String method) throws IOException {
    rpos = 0;
    rlim = 0;
    while (true) {
      Head h = readHead();
      if (h.status >= 100 && h.status < 200) {
        if (h.status == 101) {
          throw new IOException(origin + " switched protocols (101), which no request asked for");
        }
        continue; // an interim answer (100 Continue, 103 Early Hints): the final one follows
      }
      byte[] body;
      boolean delimited = true;
      if (method.equals("HEAD") || h.status == 204 || h.status == 304) {
        body = EMPTY;
      } else if (h.chunked) {
        body = readChunked();
      } else if (h.contentLength >= 0) {
        body = readFixed(h.contentLength);
      } else {
        body = readToEnd();
        delimited = false;
      }
      reusable = delimited && h.keepAlive && rpos == rlim;
      if (h.keepAliveSeconds > 0) {
        idleLimitNanos = Math.max(0, h.keepAliveSeconds - 1) * 1_000_000_000L;
      }
      return new UrlConnectionExchange.Answer(h.status, body, h.contentType, h.retryAfter);
    }
  }

  /** An answer's status and the headers the exporters use. */
  private static final class Head {
    int status;
    long contentLength = -1;
    boolean chunked;
    boolean keepAlive;
    long keepAliveSeconds = -1;
    String contentType;
    String retryAfter;
  }

  private Head readHead() throws IOException {
    int start = rpos;
    int scan = rpos;
    int end;
    while (true) {
      end = headEnd(scan);
      if (end >= 0) {
        break;
      }
      scan = Math.max(start, rlim - 3);
      if (rlim - start >= MAX_HEAD_BYTES) {
        throw new IOException(origin + " sent an answer head longer than " + MAX_HEAD_BYTES + " bytes");
      }
      if (rlim == rbuf.length) {
        // Make room: move the head to the front, or grow up to the head limit.
        if (start > 0) {
          System.arraycopy(rbuf, start, rbuf, 0, rlim - start);
          rlim -= start;
          scan -= start;
          rpos -= start;
          start = 0;
        } else {
          rbuf = java.util.Arrays.copyOf(rbuf, Math.min(rbuf.length * 2, MAX_HEAD_BYTES + 4));
        }
      }
      int n = in.read(rbuf, rlim, rbuf.length - rlim);
      if (n < 0) {
        throw new IOException(rlim == start
            ? origin + " closed the connection without an answer"
            : origin + " closed the connection within an answer's head");
      }
      rlim += n;
    }
    Head h = new Head();
    int lineStart = start;
    boolean first = true;
    boolean http11 = false;
    boolean close = false;
    boolean keepAliveToken = false;
    while (lineStart < end) {
      int lineEnd = indexOf(rbuf, lineStart, end, (byte) '\n');
      if (lineEnd < 0) {
        lineEnd = end;
      }
      int textEnd = lineEnd > lineStart && rbuf[lineEnd - 1] == '\r' ? lineEnd - 1 : lineEnd;
      String line = new String(rbuf, lineStart, textEnd - lineStart, StandardCharsets.ISO_8859_1);
      lineStart = lineEnd + 1;
      if (first) {
        first = false;
        http11 = statusLine(line, h);
        continue;
      }
      if (line.isEmpty()) {
        break;
      }
      int colon = line.indexOf(':');
      if (colon <= 0) {
        throw new IOException(origin + " sent a malformed header line: " + printable(line));
      }
      String name = line.substring(0, colon).trim().toLowerCase(Locale.ROOT);
      String value = line.substring(colon + 1).trim();
      switch (name) {
        case "content-length" -> {
          long n = parseLength(value);
          if (h.contentLength >= 0 && h.contentLength != n) {
            throw new IOException(origin + " sent two different Content-Length headers");
          }
          h.contentLength = n;
        }
        case "transfer-encoding" -> {
          String v = value.toLowerCase(Locale.ROOT);
          if (v.endsWith("chunked")) {
            h.chunked = true;
          } else if (!v.equals("identity")) {
            throw new IOException(origin + " sent a transfer coding this client does not read: " + printable(value));
          }
        }
        case "connection" -> {
          for (String token : value.toLowerCase(Locale.ROOT).split(",")) {
            String t = token.trim();
            close |= t.equals("close");
            keepAliveToken |= t.equals("keep-alive");
          }
        }
        case "keep-alive" -> h.keepAliveSeconds = keepAliveTimeout(value);
        case "content-type" -> h.contentType = value;
        case "retry-after" -> h.retryAfter = value;
        default -> { }
      }
    }
    rpos = end;
    h.keepAlive = !close && (http11 || keepAliveToken);
    return h;
  }

  /** Where the head that starts before {@code from} ends (just past its blank line), or -1. */
  private int headEnd(int from) {
    for (int i = from; i < rlim; i++) {
      if (rbuf[i] == '\n') {
        if (i + 1 < rlim && rbuf[i + 1] == '\n') {
          return i + 2;
        }
        if (i + 2 < rlim && rbuf[i + 1] == '\r' && rbuf[i + 2] == '\n') {
          return i + 3;
        }
      }
    }
    return -1;
  }

  /** Parses {@code HTTP/1.x NNN reason}; true for HTTP/1.1. */
  private boolean statusLine(String line, Head h) throws IOException {
    if (line.length() < 12 || !line.startsWith("HTTP/1.") || line.charAt(8) != ' ') {
      throw new IOException(origin + " did not answer in HTTP/1.x: " + printable(line));
    }
    int status = 0;
    for (int i = 9; i < 12; i++) {
      char c = line.charAt(i);
      if (c < '0' || c > '9') {
        throw new IOException(origin + " sent a malformed status line: " + printable(line));
      }
      status = status * 10 + (c - '0');
    }
    if (status < 100 || line.length() > 12 && line.charAt(12) != ' ') {
      throw new IOException(origin + " sent a malformed status line: " + printable(line));
    }
    h.status = status;
    return line.charAt(7) == '1';
  }

  private byte[] readFixed(long length) throws IOException {
    Body body = new Body(length);
    long left = length;
    while (left > 0) {
      if (rpos == rlim && fill() < 0) {
        throw new IOException(origin + " closed the connection after " + (length - left) + " of "
            + length + " answer body bytes");
      }
      int n = (int) Math.min(left, rlim - rpos);
      body.add(rbuf, rpos, n);
      rpos += n;
      left -= n;
    }
    return body.bytes();
  }

  private byte[] readChunked() throws IOException {
    Body body = new Body(-1);
    while (true) {
      String sizeLine = readLine();
      int semi = sizeLine.indexOf(';');
      String hex = (semi >= 0 ? sizeLine.substring(0, semi) : sizeLine).trim();
      long size;
      try {
        size = hex.isEmpty() || hex.length() > 15 ? -1 : Long.parseLong(hex, 16);
      } catch (NumberFormatException e) {
        size = -1;
      }
      if (size < 0) {
        throw new IOException(origin + " sent a malformed chunk size: " + printable(sizeLine));
      }
      if (size == 0) {
        while (!readLine().isEmpty()) {
          // trailer fields: none are used
        }
        return body.bytes();
      }
      long left = size;
      while (left > 0) {
        if (rpos == rlim && fill() < 0) {
          throw new IOException(origin + " closed the connection within a chunk of its answer");
        }
        int n = (int) Math.min(left, rlim - rpos);
        body.add(rbuf, rpos, n);
        rpos += n;
        left -= n;
      }
      if (!readLine().isEmpty()) {
        throw new IOException(origin + " sent a chunk longer than its size");
      }
    }
  }

  private byte[] readToEnd() throws IOException {
    Body body = new Body(-1);
    while (true) {
      if (rpos == rlim && fill() < 0) {
        return body.bytes();
      }
      body.add(rbuf, rpos, rlim - rpos);
      rpos = rlim;
    }
  }

  /** A line of the chunked framing, without its line end; at most a few KiB. */
  private String readLine() throws IOException {
    StringBuilder b = new StringBuilder();
    while (true) {
      if (rpos == rlim && fill() < 0) {
        throw new IOException(origin + " closed the connection within a chunked answer");
      }
      byte c = rbuf[rpos++];
      if (c == '\n') {
        int len = b.length();
        if (len > 0 && b.charAt(len - 1) == '\r') {
          b.setLength(len - 1);
        }
        return b.toString();
      }
      if (b.length() >= 8192) {
        throw new IOException(origin + " sent a chunk line longer than 8192 bytes");
      }
      b.append((char) (c & 0xff));
    }
  }

  /** Reads more answer bytes once the buffer is used up; -1 at the connection's end. */
  private int fill() throws IOException {
    rpos = 0;
    rlim = 0;
    int n = in.read(rbuf, 0, rbuf.length);
    if (n > 0) {
      rlim = n;
    }
    return n;
  }

  /** An answer body: kept up to {@link #MAX_KEPT_BODY_BYTES}, the rest dropped. */
  private static final class Body {
    private byte[] bytes;
    private int len;

    Body(long expected) {
      bytes = expected == 0 ? EMPTY
          : new byte[(int) Math.min(expected < 0 ? 256 : expected, MAX_KEPT_BODY_BYTES)];
    }

    void add(byte[] src, int off, int n) {
      int room = MAX_KEPT_BODY_BYTES - len;
      int take = Math.min(n, room);
      if (take <= 0) {
        return;
      }
      if (len + take > bytes.length) {
        bytes = java.util.Arrays.copyOf(bytes, (int) Math.min(MAX_KEPT_BODY_BYTES,
            Math.max((long) len + take, bytes.length * 2L)));
      }
      System.arraycopy(src, off, bytes, len, take);
      len += take;
    }

    byte[] bytes() {
      return len == bytes.length ? bytes : java.util.Arrays.copyOf(bytes, len);
    }
  }

  private long parseLength(String value) throws IOException {
    long n = -1;
    if (!value.isEmpty() && value.length() <= 18) {
      n = 0;
      for (int i = 0; i < value.length(); i++) {
        char c = value.charAt(i);
        if (c < '0' || c > '9') {
          n = -1;
          break;
        }
        n = n * 10 + (c - '0');
      }
    }
    if (n < 0) {
      throw new IOException(origin + " sent a malformed Content-Length: " + printable(value));
    }
    return n;
  }

  /** {@code timeout=N} of a Keep-Alive header, in seconds; -1 if absent or bad. */
  private static long keepAliveTimeout(String value) {
    for (String part : value.split(",")) {
      String p = part.trim();
      if (p.regionMatches(true, 0, "timeout=", 0, 8)) {
        try {
          return Math.min(Long.parseLong(p.substring(8).trim()), 3600);
        } catch (NumberFormatException e) {
          return -1;
        }
      }
    }
    return -1;
  }

  private static int indexOf(byte[] b, int from, int to, byte c) {
    for (int i = from; i < to; i++) {
      if (b[i] == c) {
        return i;
      }
    }
    return -1;
  }

  private static int put(byte[] dst, int p, byte[] src, int n) {
    System.arraycopy(src, 0, dst, p, n);
    return p + n;
  }

  static int putAscii(byte[] dst, int p, String s) {
    for (int i = 0; i < s.length(); i++) {
      dst[p++] = (byte) s.charAt(i);
    }
    return p;
  }

  /** At most 100 characters of what a server sent, with control characters shown as '?'. */
  private static String printable(String s) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < s.length() && i < 100; i++) {
      char c = s.charAt(i);
      b.append(c >= 0x20 && c < 0x7f ? c : '?');
    }
    return s.length() > 100 ? b + "..." : b.toString();
  }

  static boolean ipLiteral(String host) {
    if (host.indexOf(':') >= 0) {
      return true; // IPv6
    }
    for (int i = 0; i < host.length(); i++) {
      char c = host.charAt(i);
      if ((c < '0' || c > '9') && c != '.') {
        return false;
      }
    }
    return true;
  }

  private static void closeQuietly(java.io.Closeable c) {
    try {
      c.close();
    } catch (IOException | RuntimeException ignored) {
      // closing a connection we give up on: nothing left to do
    }
  }
}
