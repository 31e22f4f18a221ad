package ai.galileo.tracing.transport.http;

import java.net.URI;
import java.net.URISyntaxException;
import org.apache.hc.client5.http.HttpRoute;
import org.apache.hc.core5.http.HttpRequest;

/** Where a client request goes, for the client span's name. */
final class Requests {
  private Requests() {}

  static URI uri(HttpRequest request, HttpRoute route) {
    try {
      return request.getUri();
    } catch (URISyntaxException | RuntimeException e) {
      try {
        String host = route == null ? "" : route.getTargetHost().toURI();
        return new URI(host + request.getPath());
      } catch (URISyntaxException | RuntimeException again) {
        return URI.create("/");
      }
    }
  }
}
