package ai.galileo.tracing.springai;

import ai.galileo.tracing.SpanType;
import ai.galileo.tracing.Tracer;
import ai.galileo.tracing.transport.jdkhttp.JdkHttpTracing;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.springframework.ai.tool.annotation.Tool;

/**
 * A second service, in a server of its own on loopback, traced by galileo-transport-jdkhttp's
 * filter: {@code POST /forecast} with a city answers its forecast, which it looks up in a
 * {@code RETRIEVER} span of its own. And the {@code @Tool} that calls it over HTTP through the
 * JDK client that carries the trace.
 */
final class ForecastService implements AutoCloseable {
  private final HttpServer server;
  private final ExecutorService threads = Executors.newFixedThreadPool(2);

  ForecastService(Tracer tracer) throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 10);
    server.setExecutor(threads);
    server.createContext("/forecast", exchange -> {
      String city = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
      var lookup = tracer.spanBuilder("look up forecast", SpanType.RETRIEVER).setInput(city).start();
      String forecast = "Sunny, 24C in " + city;
      lookup.end(forecast);
      byte[] body = forecast.getBytes(StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(200, body.length);
      exchange.getResponseBody().write(body);
      exchange.close();
    }).getFilters().add(JdkHttpTracing.create(tracer).serverFilter());
    server.start();
  }

  URI uri() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/forecast");
  }

  @Override
  public void close() {
    server.stop(0);
    threads.shutdownNow();
  }

  /** The tool the model is offered: it asks the forecast service over HTTP. */
  static final class Weather {
    private final HttpClient http;
    private final URI uri;

    Weather(Tracer tracer, URI uri) {
      this.http = JdkHttpTracing.create(tracer).client(HttpClient.newHttpClient());
      this.uri = uri;
    }

    @Tool(description = "Tomorrow's forecast for a city")
    String forecast(String city) {
      try {
        return http.send(HttpRequest.newBuilder(uri).POST(HttpRequest.BodyPublishers.ofString(city)).build(),
            HttpResponse.BodyHandlers.ofString()).body();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
  }
}
