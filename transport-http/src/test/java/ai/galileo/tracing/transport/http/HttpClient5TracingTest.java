package ai.galileo.tracing.transport.http;

import static org.assertj.core.api.Assertions.assertThat;

import ai.galileo.tracing.Scope;
import ai.galileo.tracing.Span;
import ai.galileo.tracing.SpanType;
import ai.galileo.tracing.core.SpanData;
import ai.galileo.tracing.core.transport.TransportProvider;
import ai.galileo.tracing.core.transport.Transports;
import ai.galileo.tracing.core.transport.TrustPolicy;
import ai.galileo.tracing.testing.GalileoTracingExtension;
import java.io.File;
import java.net.InetAddress;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.impl.bootstrap.HttpServer;
import org.apache.hc.core5.http.impl.bootstrap.ServerBootstrap;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.apache.hc.core5.http.io.entity.StringEntity;
import org.apache.hc.core5.io.CloseMode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class HttpClient5TracingTest {
  @RegisterExtension
  final GalileoTracingExtension tracing = GalileoTracingExtension.create();

  @Test
  void theTransportIsListedWithTheLibrariesItFound() {
    TransportProvider http = Transports.installed(getClass().getClassLoader()).stream()
        .filter(t -> t.name().equals("http")).findFirst().orElseThrow();
    assertThat(http.version()).isEqualTo("0.1.0-SNAPSHOT");
    assertThat(http.client()).isTrue();
    assertThat(http.server()).isTrue();
    assertThat(http.description()).contains("HttpClient 5 5.4", "HttpCore 5 classic server 5.3");
  }

  @Test
  void theClassicClientAndServerLinkOneTrace() throws Exception {
    HttpClient5Tracing apache = HttpClient5Tracing.create();
    HttpServer server = ServerBootstrap.bootstrap()
        .setLocalAddress(InetAddress.getLoopbackAddress())
        .setListenerPort(0)
        .setCanonicalHostName("127.0.0.1")
        .addFilterFirst("galileo", apache.serverFilter())
        .register("/retrieve", (request, response, context) -> {
          Span work = tracing.tracer().spanBuilder("work", SpanType.RETRIEVER).start();
          work.end();
          response.setCode(200);
          response.setEntity(new StringEntity(Span.current().context().traceIdString(),
              ContentType.TEXT_PLAIN));
        })
        .create();
    server.start();
    try (CloseableHttpClient client = apache.addTo(HttpClients.custom()).build()) {
      Span trace = tracing.tracer().traceBuilder("answer").start();
      String seen;
      try (Scope scope = trace.makeCurrent()) {
        seen = client.execute(new HttpGet("http://127.0.0.1:" + server.getLocalPort() + "/retrieve"),
            response -> EntityUtils.toString(response.getEntity(), StandardCharsets.UTF_8));
      }
      trace.end();
      assertThat(seen).isEqualTo(trace.context().traceIdString());
      SpanData serverSpan = await("GET /retrieve");
      assertThat(serverSpan.parentId()).isEqualTo(trace.context().spanId());
      assertThat(serverSpan.remoteParent()).isTrue();
      assertThat(serverSpan.statusCode()).isEqualTo(200);
      assertThat(await("work").parentId()).isEqualTo(serverSpan.spanId());
    } finally {
      server.close(CloseMode.IMMEDIATE);
    }
  }

  @Test
  void theTrustPolicyComesFromConfigurationUnlessTheBuilderSetsOne() {
    assertThat(HttpClient5Tracing.create().trustPolicy()).isEqualTo(TrustPolicy.CONTINUE);
    assertThat(HttpClient5Tracing.builder().trustPolicy(TrustPolicy.IGNORE).build().trustPolicy())
        .isEqualTo(TrustPolicy.IGNORE);
  }

  @Test
  void theServerFilterWorksWithHttpCoreAloneWithoutHttpClient() throws Exception {
    String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    List<URL> urls = new ArrayList<>();
    for (String entry : classPath.split(File.pathSeparator)) {
      if (!entry.isEmpty() && !new File(entry).getName().startsWith("httpclient5")) {
        urls.add(new File(entry).toURI().toURL());
      }
    }
    String previous = System.setProperty("GALILEO_EXPORTER", "none");
    try (URLClassLoader serverOnly = new URLClassLoader(urls.toArray(new URL[0]),
        ClassLoader.getPlatformClassLoader())) {
      assertThat(serverOnly.getResource("org/apache/hc/client5/http/impl/classic/HttpClientBuilder.class"))
          .isNull();
      @SuppressWarnings("unchecked")
      Callable<Object> user = (Callable<Object>) serverOnly.loadClass(ServerOnlyUser.class.getName())
          .getConstructor().newInstance();
      Object filter = user.call();
      assertThat(filter.getClass().getInterfaces()).extracting(Class::getName)
          .contains("org.apache.hc.core5.http.io.HttpFilterHandler");
      Class<?> provider = serverOnly.loadClass(
          "ai.galileo.tracing.transport.http.internal.HttpClient5TransportProvider");
      Object instance = provider.getConstructor().newInstance();
      assertThat(provider.getMethod("client").invoke(instance)).isEqualTo(false);
      assertThat(provider.getMethod("server").invoke(instance)).isEqualTo(true);
    } finally {
      if (previous == null) {
        System.clearProperty("GALILEO_EXPORTER");
      } else {
        System.setProperty("GALILEO_EXPORTER", previous);
      }
    }
  }

  private SpanData await(String name) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (System.nanoTime() < deadline) {
      List<SpanData> found = tracing.spans(name);
      if (!found.isEmpty()) {
        return found.get(0);
      }
      Thread.sleep(5);
    }
    throw new AssertionError("no span named " + name + " among " + tracing.spans());
  }

  /** The tracing header values a loopback server received, for a tracer with the given host settings. */
  private static String headersReceivedWith(String setting, String hosts) throws Exception {
    ai.galileo.tracing.core.GalileoTracer tracer = ai.galileo.tracing.core.GalileoTracer.builder()
        .config(ai.galileo.tracing.core.GalileoConfig.builder().set("GALILEO_EXPORTER", "none")
            .set(setting, hosts).build())
        .shutdownHook(false).build();
    HttpServer server = ServerBootstrap.bootstrap()
        .setLocalAddress(InetAddress.getLoopbackAddress())
        .setListenerPort(0)
        .setCanonicalHostName("127.0.0.1")
        .register("/v1/chat/completions", (request, response, context) -> {
          response.setCode(200);
          response.setEntity(new StringEntity(request.getFirstHeader("X-Galileo-Trace-ID") + " "
              + request.getFirstHeader("X-Galileo-Parent-ID"), ContentType.TEXT_PLAIN));
        })
        .create();
    server.start();
    try (CloseableHttpClient client = HttpClient5Tracing.create(tracer).addTo(HttpClients.custom()).build()) {
      Span trace = tracer.traceBuilder("answer").start();
      try (Scope scope = trace.makeCurrent()) {
        return client.execute(new HttpGet("http://127.0.0.1:" + server.getLocalPort() + "/v1/chat/completions"),
            response -> EntityUtils.toString(response.getEntity(), StandardCharsets.UTF_8));
      } finally {
        trace.end();
      }
    } finally {
      server.close(CloseMode.IMMEDIATE);
      tracer.close();
    }
  }

  @Test
  void aHostThatGetsNoTracingHeadersReceivesNoneFromTheClassicClient() throws Exception {
    assertThat(headersReceivedWith("GALILEO_NO_PROPAGATE_HOSTS", "127.0.0.1")).isEqualTo("null null");
    assertThat(headersReceivedWith("GALILEO_PROPAGATE_HOSTS", "127.0.0.1"))
        .startsWith("X-Galileo-Trace-ID: ").contains("X-Galileo-Parent-ID: ");
  }

  @Test
  void aRedirectToAHostThatGetsNoTracingHeadersCarriesNoneThere() throws Exception {
    ai.galileo.tracing.core.GalileoTracer tracer = ai.galileo.tracing.core.GalileoTracer.builder()
        .config(ai.galileo.tracing.core.GalileoConfig.builder().set("GALILEO_EXPORTER", "none")
            .set("GALILEO_NO_PROPAGATE_HOSTS", "localhost").build())
        .shutdownHook(false).build();
    java.util.concurrent.atomic.AtomicInteger port = new java.util.concurrent.atomic.AtomicInteger();
    org.apache.hc.core5.http.io.HttpRequestHandler echo = (request, response, context) -> {
      response.setCode(200);
      response.setEntity(new StringEntity(String.valueOf(request.getFirstHeader("traceparent")),
          ContentType.TEXT_PLAIN));
    };
    HttpServer server = ServerBootstrap.bootstrap()
        .setLocalAddress(InetAddress.getLoopbackAddress())
        .setListenerPort(0)
        .setCanonicalHostName("127.0.0.1")
        .register("/start", (request, response, context) -> {
          response.setCode(302);
          response.setHeader("Location", "http://localhost:" + port.get() + "/end");
        })
        .register("/end", echo)
        .registerVirtual("localhost", "/end", echo)
        .create();
    server.start();
    port.set(server.getLocalPort());
    try (CloseableHttpClient client = HttpClient5Tracing.create(tracer).addTo(HttpClients.custom()).build()) {
      Span trace = tracer.traceBuilder("answer").start();
      try (Scope scope = trace.makeCurrent()) {
        // The first hop's host gets headers; the host it redirects to is denied and gets none.
        String direct = client.execute(new HttpGet("http://127.0.0.1:" + port.get() + "/end"),
            response -> EntityUtils.toString(response.getEntity(), StandardCharsets.UTF_8));
        String redirected = client.execute(new HttpGet("http://127.0.0.1:" + port.get() + "/start"),
            response -> EntityUtils.toString(response.getEntity(), StandardCharsets.UTF_8));
        assertThat(direct).startsWith("traceparent: 00-");
        assertThat(redirected).isEqualTo("null");
      } finally {
        trace.end();
      }
    } finally {
      server.close(CloseMode.IMMEDIATE);
      tracer.close();
    }
  }
}
