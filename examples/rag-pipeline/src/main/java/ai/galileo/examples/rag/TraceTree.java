package ai.galileo.examples.rag;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Fetches traces back from the console ({@code GET /api/traces/{id}}) and prints each as a tree:
 * one line per span, indented two spaces per level, {@code type  name  [service]  duration}, then
 * what Galileo's agent views read from the span, when it has it: an LLM span's
 * {@code finish_reason=...} and {@code tools=...} (the names of the tools offered), an agent span's
 * {@code agent_type=...}, a tool span's {@code tool_call_id=...}.
 * Spans stream in asynchronously in distributed mode, so it polls until the trace is complete,
 * has the expected retriever spans and every span has ended; {@code --timeout-seconds} bounds the
 * wait for all the traces together. Exits 1 when one did not come back whole.
 *
 * <p>With {@code --otlp true} (the services exported over OTLP, {@code ./demo --otel}) a trace is
 * never complete by Galileo's rule, since OTLP has no completion: its own record must have come
 * (not a stub) instead.
 */
final class TraceTree {
  private TraceTree() {}

  static int run(String[] args) throws Exception {
    String console = Defaults.option(args, "--console", "http://127.0.0.1:8088").replaceAll("/+$", "");
    int retrievers = Integer.parseInt(Defaults.option(args, "--retrievers", "1"));
    long timeoutSeconds = Long.parseLong(Defaults.option(args, "--timeout-seconds", "30"));
    boolean otlp = Boolean.parseBoolean(Defaults.option(args, "--otlp", "false"));
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < args.length; i++) {
      if (args[i].startsWith("--")) {
        i += args[i].contains("=") ? 0 : 1;
      } else {
        ids.add(args[i]);
      }
    }
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    int status = 0;
    long deadline = System.nanoTime() + Duration.ofSeconds(timeoutSeconds).toNanos();
    for (String id : ids) {
      JsonNode trace = await(http, console, id, retrievers, otlp, deadline);
      if (trace == null) {
        System.out.println("trace " + id + ": not found at " + console + " in " + timeoutSeconds + " s");
        status = 1;
        continue;
      }
      if (!ready(trace, retrievers, otlp)) {
        System.out.println("(incomplete after " + timeoutSeconds + " s: some spans have not arrived)");
        status = 1;
      }
      print(trace);
      System.out.println();
    }
    return status;
  }

  private static JsonNode await(HttpClient http, String console, String id, int retrievers,
      boolean otlp, long deadline)
      throws InterruptedException {
    JsonNode last = null;
    while (true) {
      try {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(console + "/api/traces/" + id))
            .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() == 200) {
          last = Json.parse(r.body());
          if (ready(last, retrievers, otlp)) {
            return last;
          }
        }
      } catch (IOException e) {
        // not up yet, or restarting: try again until the deadline
      }
      if (System.nanoTime() - deadline > 0) {
        return last;
      }
      Thread.sleep(200);
    }
  }

  static boolean ready(JsonNode trace, int retrievers, boolean otlp) {
    boolean whole = otlp ? !trace.path("trace").path("is_stub").asBoolean(true)
        : trace.path("trace").path("is_complete").asBoolean(false);
    if (!whole) {
      return false;
    }
    int found = 0;
    for (JsonNode s : trace.path("spans")) {
      if (s.path("duration_ns").isNull() || s.path("duration_ns").isMissingNode()) {
        return false;
      }
      if (s.path("type").asText().equals("retriever")) {
        found++;
      }
    }
    return found >= retrievers;
  }

  static void print(JsonNode detail) {
    JsonNode t = detail.path("trace");
    String traceId = t.path("id").asText();
    Map<String, List<JsonNode>> children = new LinkedHashMap<>();
    List<JsonNode> spans = new ArrayList<>();
    detail.path("spans").forEach(spans::add);
    spans.sort(Comparator.comparing((JsonNode s) -> s.path("created_at").asText()));
    for (JsonNode s : spans) {
      String parent = s.path("parent_id").isNull() ? traceId : s.path("parent_id").asText();
      children.computeIfAbsent(parent, k -> new ArrayList<>()).add(s);
    }
    String services = String.join(", ", iterable(t.path("services")));
    System.out.println("trace " + traceId + "  " + t.path("name").asText() + "  ["
        + traceService(t, spans) + "]  " + duration(t.path("duration_ns")) + "  (services: " + services + ")");
    printChildren(children, traceId, 1);
  }

  private static void printChildren(Map<String, List<JsonNode>> children, String parent, int depth) {
    for (JsonNode s : children.getOrDefault(parent, List.of())) {
      String details = details(s.path("record"));
      System.out.println("  ".repeat(depth) + s.path("type").asText() + "  " + s.path("name").asText()
          + "  [" + s.path("service_name").asText("?") + "]  " + duration(s.path("duration_ns"))
          + (details.isEmpty() ? "" : "  " + details));
      printChildren(children, s.path("id").asText(), depth + 1);
    }
  }

  /**
   * The record's agent fields, compactly: {@code finish_reason=tool_calls tools=a,b},
   * {@code agent_type=react}, {@code tool_call_id=call_1}; empty when it has none of them.
   */
  static String details(JsonNode record) {
    List<String> out = new ArrayList<>();
    text(record, "agent_type").ifPresent(v -> out.add("agent_type=" + v));
    text(record, "finish_reason").ifPresent(v -> out.add("finish_reason=" + v));
    List<String> tools = new ArrayList<>();
    for (JsonNode tool : record.path("tools")) {
      // Galileo's shape is OpenAI's function tool; a bare {"name": ...} is read too.
      JsonNode name = tool.path("function").path("name").isTextual() ? tool.path("function").path("name")
          : tool.path("name");
      tools.add(name.isTextual() ? name.asText() : "?");
    }
    if (!tools.isEmpty()) {
      out.add("tools=" + String.join(",", tools));
    }
    text(record, "tool_call_id").ifPresent(v -> out.add("tool_call_id=" + v));
    return String.join(" ", out);
  }

  private static Optional<String> text(JsonNode record, String field) {
    JsonNode v = record.path(field);
    return v.isTextual() && !v.asText().isBlank() ? Optional.of(v.asText().strip()) : Optional.empty();
  }

  private static String traceService(JsonNode t, List<JsonNode> spans) {
    JsonNode meta = t.path("record").path("user_metadata").path("service.name");
    if (meta.isTextual()) {
      return meta.asText();
    }
    return spans.isEmpty() ? "?" : spans.get(0).path("service_name").asText("?");
  }

  private static List<String> iterable(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(n -> out.add(n.asText()));
    return out;
  }

  private static String duration(JsonNode ns) {
    if (!ns.isNumber()) {
      return "open";
    }
    double ms = ns.asLong() / 1e6;
    return ms >= 1000 ? String.format("%.2f s", ms / 1000) : String.format("%.1f ms", ms);
  }
}
