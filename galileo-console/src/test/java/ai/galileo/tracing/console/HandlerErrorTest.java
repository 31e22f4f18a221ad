package ai.galileo.tracing.console;

import static org.assertj.core.api.Assertions.assertThat;

import ai.galileo.tracing.console.internal.Auth;
import ai.galileo.tracing.console.internal.ConsoleHandler;
import ai.galileo.tracing.console.internal.GalileoApi;
import ai.galileo.tracing.console.internal.OtlpIntake;
import ai.galileo.tracing.console.internal.Sessions;
import ai.galileo.tracing.console.internal.Storage;
import ai.galileo.tracing.console.internal.UiApi;
import ai.galileo.tracing.console.internal.WebAccess;
import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Clock;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * An Error thrown while answering (an OutOfMemoryError above all) is answered and goes no
 * further: the server's own dispatcher thread, which runs the handler here as it does when the
 * console's pool is full, keeps serving.
 */
class HandlerErrorTest {
  @Test
  void anErrorInAHandlerIsAnsweredAndTheServerKeepsServing() throws Exception {
    Clock clock = Clock.systemUTC();
    HttpServer http = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
    try (Storage storage = Storage.open(Storage.MEMORY, clock)) {
      Auth auth = new Auth(null, clock);
      WebAccess access = new WebAccess(auth, new Sessions(clock));
      ConsoleHandler.Route failing = (ex, s) -> {
        if (s.size() == 1 && s.get(0).equals("oom")) {
          throw new OutOfMemoryError("Java heap space (thrown by the test)");
        }
        if (s.size() == 1 && s.get(0).equals("error")) {
          throw new AssertionError("a bug (thrown by the test)");
        }
        return null;
      };
      ConsoleHandler handler = new ConsoleHandler(new GalileoApi(storage, auth, "test"),
          new OtlpIntake(storage, auth, 1 << 20), new UiApi(storage), failing, access, 1 << 20, Set.of());
      http.createContext("/", handler);
      http.setExecutor(null); // the dispatcher thread runs the handler
      http.start();
      Api api = Api.of(URI.create("http://127.0.0.1:" + http.getAddress().getPort()), "");

      Api.Answer oom = api.get("/oom");
      assertThat(oom.status()).isEqualTo(503);
      assertThat(oom.raw().headers().firstValue("Retry-After")).isPresent();
      assertThat(api.get("/error").status()).isEqualTo(500);
      assertThat(api.get("/oom").status()).as("still answering").isEqualTo(503);
      assertThat(api.get("/healthcheck").status()).isEqualTo(200);
    } finally {
      http.stop(0);
    }
  }
}
