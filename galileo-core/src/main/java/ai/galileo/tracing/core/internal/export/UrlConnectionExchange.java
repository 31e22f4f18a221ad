package ai.galileo.tracing.core.internal.export;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpRetryException;
import java.net.HttpURLConnection;
import java.net.URL;
import java.util.function.Consumer;

/**
 * One request through {@link HttpURLConnection}, as both exporters send theirs: the default proxy
 * selector, no redirects followed, nothing cached, the body written straight from its array
 * (fixed-length streaming), and the answer read to its end so the connection goes back to the
 * keep-alive cache. A connection that fails part-way is disconnected rather than reused.
 *
 * <p>Since {@link Http1Exchange} sends the exporters' requests itself, this is its fallback for
 * what only the JDK's client honours: a proxy from the default selector, a replaced default host
 * name verifier.
 *
 * <p>Internal: not part of the public API and may change without notice.
 */
public final class UrlConnectionExchange {
  private UrlConnectionExchange() {}

  /**
   * What came back.
   *
   * @param status the HTTP status
   * @param body the answer's body, empty when there was none
   * @param contentType its {@code Content-Type}, or null
   * @param retryAfter the {@code Retry-After} header, or null
   */
  public record Answer(int status, byte[] body, String contentType, String retryAfter) {}

  /**
   * Sends one request.
   *
   * @param url where to
   * @param method the method ({@code HttpURLConnection} refuses {@code PATCH})
   * @param connectMillis the connect timeout
   * @param readMillis the timeout of each wait for answer data
   * @param headers sets the request's headers on the connection
   * @param body the body, or null for none; its first {@code length} bytes are sent
   * @param length how many bytes of {@code body}
   * @throws IOException no answer; a request the connection refuses is one too
   */
  public static Answer send(URL url, String method, int connectMillis, int readMillis,
      Consumer<HttpURLConnection> headers, byte[] body, int length) throws IOException {
    HttpURLConnection c = (HttpURLConnection) url.openConnection();
    try {
      c.setRequestMethod(method);
      c.setInstanceFollowRedirects(false);
      c.setUseCaches(false);
      c.setConnectTimeout(connectMillis);
      c.setReadTimeout(readMillis);
      headers.accept(c);
      if (body != null) {
        c.setDoOutput(true);
        c.setFixedLengthStreamingMode(length); // written straight to the socket, not buffered again
        try (OutputStream out = c.getOutputStream()) {
          out.write(body, 0, length);
        }
      }
      int status;
      try {
        status = c.getResponseCode();
      } catch (HttpRetryException e) {
        // A 401 asking for authentication, which a streamed body cannot repeat: the status stands.
        c.disconnect();
        return new Answer(e.responseCode(), new byte[0], null, null);
      }
      InputStream in = status >= 400 ? c.getErrorStream() : c.getInputStream();
      byte[] answer;
      if (in == null) {
        answer = new byte[0];
      } else {
        try (in) {
          answer = in.readAllBytes();
        }
      }
      return new Answer(status, answer, c.getContentType(), c.getHeaderField("Retry-After"));
    } catch (IOException | RuntimeException e) {
      c.disconnect();
      if (e instanceof IOException io) {
        throw io;
      }
      throw new IOException(e); // such as a header or URL the connection cannot take
    }
  }
}
