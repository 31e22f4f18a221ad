package ai.galileo.tracing.console;

import static ai.galileo.tracing.console.Api.ok;
import static ai.galileo.tracing.console.Records.span;
import static ai.galileo.tracing.console.Records.spansIngest;
import static ai.galileo.tracing.console.Records.trace;
import static ai.galileo.tracing.console.Records.tracesIngest;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The web view's live updates: pushed over a WebSocket that only the console's own pages (by
 * their Origin) may open.
 */
class LiveUpdatesTest {
  @RegisterExtension
  final RunningConsole console = RunningConsole.inMemory();

  Api api;
  UUID project;
  UUID stream;
  Client client;

  @BeforeEach
  void setUp() {
    api = console.v2();
    project = api.project("live");
    stream = api.logStream(project, "default");
  }

  @AfterEach
  void closeClient() {
    if (client != null) {
      client.close();
    }
  }

  String pageOrigin() {
    return "http://127.0.0.1:" + console.console().port();
  }

  URI liveUri() {
    return URI.create("ws://127.0.0.1:" + console.console().livePort() + "/live");
  }

  @Test
  void thePagesLearnThePortAndThePolicyAllowsIt() {
    JsonNode live = ok(console.bare().get("/api/live")).json();
    assertThat(live.path("port").asInt()).isEqualTo(console.console().livePort());
    assertThat(live.path("path").asText()).isEqualTo("/live");
    String csp = console.bare().get("/").raw().headers().firstValue("Content-Security-Policy").orElseThrow();
    assertThat(csp).contains("connect-src 'self' ws://127.0.0.1:" + console.console().livePort() + ";");
  }

  @Test
  void theListHearsOfNewAndChangedTraces() throws Exception {
    client = Client.connect(liveUri(), pageOrigin());
    client.send("{\"subscribe\": null}");
    client.await(m -> m.path("type").asText().equals("subscribed"));

    UUID traceId = UUID.randomUUID();
    ok(api.post("/projects/" + project + "/traces", tracesIngest(stream, false, trace(traceId, "pushed"))));
    JsonNode m = client.await(x -> x.path("type").asText().equals("trace"));
    assertThat(m.path("trace").path("id").asText()).isEqualTo(traceId.toString());
    assertThat(m.path("trace").path("name").asText()).isEqualTo("pushed");
    assertThat(m.path("trace").path("project_name").asText()).isEqualTo("live");
    assertThat(m.path("trace").has("record")).as("the list gets summaries only").isFalse();

    ok(api.post("/projects/" + project + "/spans", spansIngest(stream, traceId, traceId,
        span("tool", UUID.randomUUID(), "s", "svc"))));
    JsonNode again = client.await(x -> x.path("type").asText().equals("trace")
        && x.path("trace").path("span_count").asInt() == 1);
    assertThat(again.path("trace").path("services")).extracting(JsonNode::asText).contains("svc");
  }

  @Test
  void moreChangesAtOnceThanAreWorthSendingOneByOneAskThePagesToReload() throws Exception {
    client = Client.connect(liveUri(), pageOrigin());
    client.send("{\"subscribe\": null}");
    client.await(m -> m.path("type").asText().equals("subscribed"));

    ObjectNode[] traces = new ObjectNode[ai.galileo.tracing.console.internal.LiveHub.MAX_PENDING_TRACES + 1];
    for (int i = 0; i < traces.length; i++) {
      traces[i] = trace(UUID.randomUUID(), "flood " + i);
    }
    ok(api.post("/projects/" + project + "/traces", tracesIngest(stream, true, traces)));
    client.await(m -> m.path("type").asText().equals("resync"));
    assertThat(client.received()).noneMatch(m -> m.path("type").asText().equals("trace"));
  }

  @Test
  void aTracesSubscribersHearOfItsSpansAsTheyArriveAndChange() throws Exception {
    UUID traceId = UUID.randomUUID();
    ok(api.post("/projects/" + project + "/traces", tracesIngest(stream, false, trace(traceId, "t"))));
    client = Client.connect(liveUri(), pageOrigin());
    client.send("{\"subscribe\": \"" + traceId + "\"}");
    client.await(m -> m.path("type").asText().equals("subscribed")
        && m.path("trace_id").asText().equals(traceId.toString()));

    UUID spanId = UUID.randomUUID();
    ok(api.post("/projects/" + project + "/spans", spansIngest(stream, traceId, traceId,
        span("retriever", spanId, "late search", "retrieval"))));
    JsonNode s = client.await(m -> m.path("type").asText().equals("span"));
    assertThat(s.path("span").path("id").asText()).isEqualTo(spanId.toString());
    assertThat(s.path("span").path("parent_id").asText()).isEqualTo(traceId.toString());
    assertThat(s.path("span").path("service_name").asText()).isEqualTo("retrieval");
    JsonNode t = client.await(m -> m.path("type").asText().equals("trace"));
    assertThat(t.path("trace").path("record").path("name").asText()).isEqualTo("t");

    ok(api.patch("/projects/" + project + "/spans/" + spanId,
        Api.obj("span_id", spanId.toString(), "output", "found")));
    JsonNode changed = client.await(m -> m.path("type").asText().equals("span")
        && m.path("span").path("record").path("output").asText().equals("found"));
    assertThat(changed.path("span").path("id").asText()).isEqualTo(spanId.toString());

    // Spans of other traces are not sent to this page.
    UUID other = UUID.randomUUID();
    ok(api.post("/projects/" + project + "/spans", spansIngest(stream, other, other,
        span("tool", UUID.randomUUID(), "elsewhere", "svc"))));
    client.await(m -> m.path("type").asText().equals("trace")
        && m.path("trace").path("id").asText().equals(other.toString()));
    assertThat(client.received()).noneMatch(m -> m.path("type").asText().equals("span")
        && m.path("span").path("trace_id").asText().equals(other.toString()));
  }

  @Test
  void retentionTellsThePagesToReload() throws Exception {
    try (GalileoConsole small = RunningConsole.defaults().maxTraces(1).retentionInterval(Duration.ofHours(1)).start()) {
      Api a = Api.of(small, "");
      UUID p = a.project("p");
      client = Client.connect(URI.create("ws://127.0.0.1:" + small.livePort() + "/live"),
          "http://127.0.0.1:" + small.port());
      client.send("{\"subscribe\": null}");
      client.await(m -> m.path("type").asText().equals("subscribed"));
      ok(a.post("/projects/" + p + "/traces", tracesIngest(null, true, trace(UUID.randomUUID(), "1"))));
      ok(a.post("/projects/" + p + "/traces", tracesIngest(null, true, trace(UUID.randomUUID(), "2"))));
      assertThat(small.pruneNow()).isEqualTo(1);
      client.await(m -> m.path("type").asText().equals("pruned"));
    }
  }

  @Test
  void pagesFromAnyOtherOriginCannotConnect() {
    int port = console.console().port();
    for (String origin : new String[] {"http://evil.example:" + port, "http://127.0.0.1:" + (port + 1),
        "https://127.0.0.1:" + port, "null", "http://127.0.0.1:" + port + "/x"}) {
      Throwable thrown = org.assertj.core.api.Assertions.catchThrowable(() -> Client.connect(liveUri(), origin));
      assertThat(thrown).as(origin).isNotNull();
      assertThat(thrown).as(origin).hasStackTraceContaining(WebSocketHandshakeException.class.getName());
    }
    assertThatThrownBy(() -> Client.connect(liveUri(), null))
        .hasStackTraceContaining(WebSocketHandshakeException.class.getName());
    assertThatThrownBy(() -> Client.connect(URI.create("ws://127.0.0.1:" + console.console().livePort()
        + "/other"), pageOrigin())).hasStackTraceContaining(WebSocketHandshakeException.class.getName());
  }

  @Test
  void aClientSendingNonsenseIsDisconnectedAndTheHubGoesOn() throws Exception {
    Client bad = Client.connect(liveUri(), pageOrigin());
    bad.send("not json at all");
    assertThat(bad.closed.poll(20, TimeUnit.SECONDS)).isNotNull();
    bad.close();
    client = Client.connect(liveUri(), pageOrigin());
    client.send("{\"subscribe\": null}");
    client.await(m -> m.path("type").asText().equals("subscribed"));
  }

  /** A WebSocket client that queues what it receives. */
  static final class Client implements WebSocket.Listener {
    final BlockingQueue<JsonNode> messages = new LinkedBlockingQueue<>();
    final java.util.List<JsonNode> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
    final BlockingQueue<Integer> closed = new LinkedBlockingQueue<>();
    private final StringBuilder partial = new StringBuilder();
    WebSocket socket;

    static Client connect(URI uri, String origin) throws Exception {
      return connect(uri, origin, null);
    }

    /** Connects as a page would: with its origin and, when signed in, its cookie. */
    static Client connect(URI uri, String origin, String cookie) throws Exception {
      Client c = new Client();
      WebSocket.Builder b = HttpClient.newHttpClient().newWebSocketBuilder()
          .connectTimeout(Duration.ofSeconds(5));
      if (origin != null) {
        b.header("Origin", origin);
      }
      if (cookie != null) {
        b.header("Cookie", cookie);
      }
      c.socket = b.buildAsync(uri, c).get(10, TimeUnit.SECONDS);
      return c;
    }

    void send(String text) {
      socket.sendText(text, true).join();
    }

    /** The first message received so far, or within 20 s, that is wanted. */
    JsonNode await(Predicate<JsonNode> wanted) throws InterruptedException {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
      while (System.nanoTime() < deadline) {
        for (JsonNode m : seen) {
          if (wanted.test(m)) {
            return m;
          }
        }
        messages.poll(50, TimeUnit.MILLISECONDS);
      }
      throw new AssertionError("no such message; received " + seen);
    }

    java.util.List<JsonNode> received() {
      return seen;
    }

    void close() {
      socket.abort();
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
      partial.append(data);
      if (last) {
        try {
          JsonNode m = Api.JSON.readTree(partial.toString());
          messages.add(m);
          seen.add(m);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
        partial.setLength(0);
      }
      webSocket.request(1);
      return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
      closed.add(statusCode);
      return null;
    }
  }
}
