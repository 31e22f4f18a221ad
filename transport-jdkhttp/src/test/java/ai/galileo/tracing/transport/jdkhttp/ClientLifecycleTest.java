package ai.galileo.tracing.transport.jdkhttp;

import static org.assertj.core.api.Assertions.assertThat;

import ai.galileo.tracing.testing.GalileoTracingExtension;
import java.net.http.HttpClient;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Java 21 made HttpClient closeable; closing the decorated client must close the real one. Runs on
 * Java 17 (where the methods exist only on the decorator and do nothing) and, where a JDK 21+ is
 * installed, again on it.
 */
class ClientLifecycleTest {
  @RegisterExtension
  final GalileoTracingExtension tracing = GalileoTracingExtension.create();

  @Test
  void closingTheTracingClientClosesTheClientItDecorates() throws Exception {
    HttpClient real = HttpClient.newHttpClient();
    TracingHttpClient traced = (TracingHttpClient) JdkHttpTracing.create().client(real);
    traced.close();
    boolean terminated = traced.awaitTermination(Duration.ofSeconds(5));
    if (Runtime.version().feature() >= 21) {
      assertThat(terminated).isTrue();
      assertThat(traced.isTerminated()).isTrue();
      assertThat((Boolean) HttpClient.class.getMethod("isTerminated").invoke(real)).isTrue();
    } else {
      assertThat(terminated).isFalse();
      assertThat(traced.isTerminated()).isFalse();
    }
    traced.shutdown();
    traced.shutdownNow();
  }
}
