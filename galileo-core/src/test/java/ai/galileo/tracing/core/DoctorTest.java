package ai.galileo.tracing.core;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import ai.galileo.tracing.core.transport.TransportProvider;
import java.io.IOException;
import java.net.URL;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class DoctorTest {
  private static final String KEY = "sk-very-secret-key-0123456789";

  private static GalileoConfig.Builder config() {
    return GalileoConfig.builder().serviceName("orchestrator").set("GALILEO_EXPORTER", "none");
  }

  private static String report(GalileoConfig config) {
    return Doctor.report(config, DoctorTest.class.getClassLoader(), false);
  }

  @Test
  void theReportNamesModePropagatorsTransportsExportersAndTarget() {
    String report = report(config().mode(Mode.DISTRIBUTED).build());
    assertThat(report)
        .contains("mode: ", "distributed")
        .contains("service name: ", "orchestrator")
        .contains("propagators: ", "galileo, tracecontext")
        .contains("x-galileo-trace-id", "traceparent")
        .contains("server trust: ", "continue")
        .contains("exporters: ", "none")
        .contains("exporters installed: ", "galileo", "logging")
        .contains("Transports installed", "fake 9.9.9: client - a transport for tests")
        .contains("URL: ", "http://localhost:8088")
        .contains("answers: ", "not checked")
        .contains("If traces do not link", "A header was not passed",
            "The server middleware was not configured", "The client did not wait");
  }

  @Test
  void theApiKeyIsNeverShownOnlyWhetherOneIsSet() {
    assertThat(report(config().build())).contains("API key: ", "not set");
    String report = report(config().apiKey(KEY).build());
    assertThat(report).contains("set (not shown)").doesNotContain(KEY).doesNotContain("sk-very");
  }

  @Test
  void theChecksSayInPlainWordsWhatKeepsTracesFromLinking() {
    String report = report(config().propagators(java.util.List.of("none")).build());
    assertThat(report)
        .contains("[problem] GALILEO_PROPAGATORS=none")
        .contains("[note] No server transport is installed") // only the test's client-only fake
        .contains("[problem] GALILEO_EXPORTER=none: spans are recorded but sent nowhere")
        .contains("[note] Mode is batch");
  }

  @Test
  void trustPoliciesOtherThanContinueAreExplainedAndInvalidOnesReported() {
    assertThat(report(config().set("GALILEO_SERVER_TRUST", "link").build()))
        .contains("server trust: ", "link").contains("[note] GALILEO_SERVER_TRUST=link");
    assertThat(report(config().set("GALILEO_SERVER_TRUST", "maybe").build()))
        .contains("(invalid)").contains("[problem] Invalid GALILEO_SERVER_TRUST \"maybe\"");
  }

  @Test
  void anExporterThatIsNotInstalledIsAProblem() {
    assertThat(report(config().set("GALILEO_EXPORTER", "kafka").build()))
        .contains("[problem] GALILEO_EXPORTER names 'kafka', which is not installed");
  }

  @Test
  void aLocalTargetThatAnswersIsReportedHealthy() throws Exception {
    HttpServer api = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    AtomicReference<String> path = new AtomicReference<>();
    api.createContext("/", exchange -> {
      path.set(exchange.getRequestURI().getPath());
      exchange.sendResponseHeaders(200, -1);
      exchange.close();
    });
    api.start();
    try {
      String url = "http://127.0.0.1:" + api.getAddress().getPort();
      String report = Doctor.report(config().set("GALILEO_EXPORTER", "galileo")
          .apiUrl(java.net.URI.create(url)).build(), getClass().getClassLoader(), true);
      assertThat(path.get()).isEqualTo("/v2/healthcheck");
      assertThat(report).contains("URL: ", url).contains("answers: ", "yes (GET /v2/healthcheck gave HTTP 200");
      assertThat(report).doesNotContain("Nothing answers");
    } finally {
      api.stop(0);
    }
  }

  @Test
  void aLocalTargetThatDoesNotAnswerIsAProblem() throws Exception {
    int port;
    try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = free.getLocalPort();
    }
    String url = "http://127.0.0.1:" + port;
    String report = Doctor.report(config().set("GALILEO_EXPORTER", "galileo")
        .apiUrl(java.net.URI.create(url)).build(), getClass().getClassLoader(), true);
    assertThat(report).contains("answers: ", "no (").contains("[problem] Nothing answers at " + url);
  }

  @Test
  void aRemoteTargetThatWasNotConfiguredIsNotAsked() {
    String report = Doctor.report(config().apiKey(KEY).build(), getClass().getClassLoader(), true);
    assertThat(report).contains("https://api.galileo.ai").contains("not checked");
  }

  @Test
  void runPrintsTheReportOfThisProcess() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    int status = Doctor.run(new PrintStream(bytes, true, StandardCharsets.UTF_8));
    String out = bytes.toString(StandardCharsets.UTF_8);
    assertThat(out).startsWith("Galileo doctor");
    if (status == 0) {
      assertThat(out).contains("Configuration", "Transports installed", "Checks");
    } else {
      assertThat(out).contains("The configuration is invalid");
    }
    assertThat(Doctor.report()).startsWith("Galileo doctor");
  }

  @Test
  void eachIntegrationPresentIsListedWithWhetherItIsOnAndOneThatThrowsDoesNotBreakTheReport() {
    assertThat(report(config().build()))
        .contains("Integrations installed")
        .contains("fake-ai 9.9.9: on - FakeAI's models, traced automatically")
        .contains("broken-ai unknown: off - ");
  }

  @Test
  void withoutAnyClientTransportTheReportSaysOutgoingCallsCarryNoHeaders() {
    String report = Doctor.report(config().build(), new WithoutTransportModules(), false);
    assertThat(report).contains("Transports installed\n  none").contains(Doctor.NO_CLIENT_TRANSPORT);
  }

  @Test
  void aClientTheApplicationSetUpCountsAsAClientTransport() {
    TransportProvider restClient = new TransportProvider() {
      @Override
      public String name() {
        return "spring-restclient";
      }

      @Override
      public String version() {
        return "1.0";
      }

      @Override
      public boolean client() {
        return true;
      }

      @Override
      public boolean server() {
        return false;
      }
    };
    String report = Doctor.report(config().build(), new WithoutTransportModules(), false,
        List.of(restClient));
    assertThat(report).contains("spring-restclient 1.0: client")
        .doesNotContain("No client transport is installed");
  }

  /** The test class path as a core-only application sees it: no transport module registered. */
  private static final class WithoutTransportModules extends ClassLoader {
    WithoutTransportModules() {
      super(DoctorTest.class.getClassLoader());
    }

    @Override
    public Enumeration<URL> getResources(String name) throws IOException {
      return name.endsWith(TransportProvider.class.getName())
          ? Collections.emptyEnumeration() : super.getResources(name);
    }
  }
}
