package ai.galileo.tracing.core.export;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Sits between the exporter and the fake Galileo API on loopback and checks what the fake cannot
 * see: the order of requests that overlap in time. At a request's arrival, a span's parent must
 * have been answered already (a trace or a span posted before), an update's record too, and its
 * trace must not be complete; and no other request of the same trace may be in flight. Also
 * records the most requests in flight at once.
 */
final class OrderCheckingProxy implements AutoCloseable {
  private static final Pattern UPDATE = Pattern.compile(".*/(traces|spans)/([0-9a-fA-F-]{36})$");

  private final URI target;
  private final HttpServer server;
  private final ExecutorService executor = Executors.newCachedThreadPool();
  private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  private final ObjectMapper mapper = new ObjectMapper();

  // guarded by this
  private final Set<String> known = new HashSet<>();
  private final Set<String> completed = new HashSet<>();
  private final Map<String, String> traceOf = new HashMap<>();
  private final Map<String, Integer> inFlightByTrace = new HashMap<>();
  private final List<String> violations = new ArrayList<>();
  private int inFlight;
  private int maxInFlight;

  OrderCheckingProxy(String targetBaseUrl) throws IOException {
    this.target = URI.create(targetBaseUrl);
    this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", this::handle);
    server.setExecutor(executor);
    server.start();
  }

  String baseUrl() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  synchronized List<String> violations() {
    return List.copyOf(violations);
  }

  synchronized int maxInFlight() {
    return maxInFlight;
  }

  /** What one request carries: the traces it touches, the records it makes, whether it completes. */
  private record Carried(Set<String> traces, Map<String, String> creates, Set<String> completes) {}

  private void handle(HttpExchange ex) throws IOException {
    try (ex) {
      byte[] body = ex.getRequestBody().readAllBytes();
      String method = ex.getRequestMethod();
      String path = ex.getRequestURI().getRawPath();
      Carried carried = arrive(method, path, body);
      HttpRequest.Builder forward = HttpRequest.newBuilder(target.resolve(ex.getRequestURI().toString()))
          .method(method, body.length == 0 ? HttpRequest.BodyPublishers.noBody()
              : HttpRequest.BodyPublishers.ofByteArray(body));
      for (String h : List.of("Galileo-API-Key", "Content-Type", "X-Galileo-SDK", "Accept")) {
        String v = ex.getRequestHeaders().getFirst(h);
        if (v != null) {
          forward.header(h, v);
        }
      }
      HttpResponse<byte[]> answer;
      try {
        answer = client.send(forward.build(), HttpResponse.BodyHandlers.ofByteArray());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        depart(carried, false);
        return;
      } catch (IOException e) {
        depart(carried, false);
        throw e;
      }
      depart(carried, answer.statusCode() / 100 == 2);
      answer.headers().firstValue("Retry-After").ifPresent(v -> ex.getResponseHeaders().set("Retry-After", v));
      ex.getResponseHeaders().set("Content-Type", "application/json");
      byte[] out = answer.body();
      ex.sendResponseHeaders(answer.statusCode(), out.length == 0 ? -1 : out.length);
      ex.getResponseBody().write(out);
    }
  }

  private synchronized Carried arrive(String method, String path, byte[] body) throws IOException {
    JsonNode json = body.length == 0 ? null : mapper.readTree(body);
    Set<String> traces = new LinkedHashSet<>();
    Map<String, String> creates = new HashMap<>();
    Set<String> completes = new HashSet<>();
    Matcher update = UPDATE.matcher(path);
    if (method.equals("POST") && path.endsWith("/traces")) {
      for (JsonNode t : json.path("traces")) {
        String trace = t.path("id").asText();
        traces.add(trace);
        creates.put(trace, trace);
        collect(t.path("spans"), trace, creates);
        if (json.path("is_complete").asBoolean(false)) {
          completes.add(trace);
        }
      }
    } else if (method.equals("POST") && path.endsWith("/spans")) {
      String trace = json.path("trace_id").asText();
      String parent = json.path("parent_id").asText();
      traces.add(trace);
      if (!known.contains(parent)) {
        violations.add("spans posted before their parent " + parent + " was answered");
      }
      collect(json.path("spans"), trace, creates);
    } else if (method.equals("PATCH") && update.matches()) {
      String id = update.group(2);
      if (!known.contains(id)) {
        violations.add("update of " + id + " before its record was answered");
      }
      String trace = update.group(1).equals("traces") ? id : traceOf.get(id);
      if (trace != null) {
        traces.add(trace);
      }
      if (update.group(1).equals("traces") && json.path("is_complete").asBoolean(false)) {
        completes.add(id);
      }
    }
    for (String trace : traces) {
      if (completed.contains(trace)) {
        violations.add(method + " for trace " + trace + " after it was completed");
      }
      if (inFlightByTrace.merge(trace, 1, Integer::sum) > 1) {
        violations.add("two requests of trace " + trace + " in flight at once");
      }
    }
    inFlight++;
    maxInFlight = Math.max(maxInFlight, inFlight);
    return new Carried(traces, creates, completes);
  }

  private synchronized void depart(Carried carried, boolean ok) {
    inFlight--;
    for (String trace : carried.traces()) {
      inFlightByTrace.merge(trace, -1, Integer::sum);
    }
    if (ok) {
      known.addAll(carried.creates().keySet());
      traceOf.putAll(carried.creates());
      completed.addAll(carried.completes());
    }
  }

  private static void collect(JsonNode spans, String trace, Map<String, String> into) {
    for (JsonNode s : spans) {
      into.put(s.path("id").asText(), trace);
      collect(s.path("spans"), trace, into);
    }
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
