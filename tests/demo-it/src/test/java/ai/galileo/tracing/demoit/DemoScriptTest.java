package ai.galileo.tracing.demoit;

import static org.assertj.core.api.Assertions.assertThat;

import ai.galileo.tracing.console.GalileoConsole;
import ai.galileo.tracing.galileoapifake.GalileoApiFake;
import ai.galileo.tracing.galileoapifake.RecordedRequest;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs {@code ./demo --no-build} as a subprocess, non-interactively, on free ports with a console
 * of its own, and checks its output: two traces, each with the orchestrator's spans and, under
 * every "call retrieval" span, the retrieval service's server span and its retriever span; the
 * same with {@code --spring}, where both services are Spring Boot applications traced by the
 * starter; and with {@code --agent}, where the orchestrator is a LangChain4j agent whose tools call the
 * retrieval service and, through LangChain4j's MCP client, the demo's MCP tool server, so each
 * service's spans nest under the tool's. Also
 * against the console in {@code --strict} mode, and with {@code GALILEO_API_URL} pointing at a
 * server that is not our console: there the services' receipts decide the exit status, and the
 * trees are read back best effort.
 */
@DisabledOnOs(OS.WINDOWS)
class DemoScriptTest {
  private static final Pattern TRACE = Pattern.compile("^trace ([0-9a-f-]{36})  answer question  \\[orchestrator\\].*");
  /** The LangChain4j integration names the LLM span after the model: the demo's local one. */
  private static final String LLM = "chat local-extractive-answerer";
  /** A span line: indentation, type, name, [service], duration, then the agent fields (key=value ...), if any. */
  private static final Pattern SPAN = Pattern.compile("^( +)(\\w+)  (.+?)  \\[([^\\]]+)\\]  (?:open|[\\d.,]+ m?s)(?:  (.*))?$");
  /** The demo agent's tools, in the order it offers them. */
  private static final String SEARCH = "search_knowledge_base";
  private static final String DATE = "current_date";
  /** The MCP tool server's tool, offered after the agent's own. */
  private static final String DATES = "lookup_dates";
  private static final String MCP_SERVICE = "mcp-tool-server";

  @TempDir Path work;

  @Test
  void httpTwoServicesOneTracePerQuestion() throws Exception {
    String out = runDemo();
    List<Tree> trees = trees(out);
    assertThat(trees).hasSize(2);
    for (Tree t : trees) {
      assertPipeline(t, 1, "POST /retrieve", Set.of("retrieval-service"));
    }
  }

  @Test
  void springBootServicesThroughTheStarterAloneOneTracePerQuestion() throws Exception {
    String out = runDemo("--spring");
    assertThat(out).contains("Started retrieval-service on http port", ", Spring Boot (log:");
    List<Tree> trees = trees(out);
    assertThat(trees).hasSize(2);
    for (Tree t : trees) {
      assertPipeline(t, 1, "POST /retrieve", Set.of("retrieval-service"));
    }
    assertDeliveredEverything(out, "orchestrator", "retrieval-service");
  }

  @Test
  void grpcTwoServicesOneTracePerQuestion() throws Exception {
    String out = runDemo("--transport", "grpc");
    List<Tree> trees = trees(out);
    assertThat(trees).hasSize(2);
    for (Tree t : trees) {
      assertPipeline(t, 1, "rag.Retrieval/Search", Set.of("retrieval-service"));
    }
  }

  @Test
  void parallelRetrieversEachUnderItsOwnCall() throws Exception {
    String out = runDemo("--parallel");
    List<Tree> trees = trees(out);
    assertThat(trees).hasSize(2);
    for (Tree t : trees) {
      assertPipeline(t, 2, "POST /retrieve", Set.of("retrieval-research", "retrieval-places"));
      Node fanOut = t.find("workflow", "retrieve in parallel");
      assertThat(fanOut.children).extracting(n -> n.name).containsExactly("call retrieval", "call retrieval");
    }
  }

  @Test
  void strictConsoleRefusesNoSpanAndEveryTraceComesBackWhole() throws Exception {
    String out = runDemo("--strict");
    assertThat(out).contains(", strict (log:");
    List<Tree> trees = trees(out);
    assertThat(trees).hasSize(2);
    for (Tree t : trees) {
      assertPipeline(t, 1, "POST /retrieve", Set.of("retrieval-service"));
    }
    assertDeliveredEverything(out, "orchestrator", "retrieval-service");
  }

  @Test
  void otelSendsEverySpanOverOtlpToTheConsoleAndPrintsTheSameTrees() throws Exception {
    try (GalileoConsole console = GalileoConsole.builder().port(0).database(":memory:").start()) {
      String url = console.url().toString().replaceAll("/+$", "");
      Demo demo = demo(Map.of("GALILEO_API_URL", url), "--otel");
      assertThat(demo.exit).as("exit status of ./demo --otel; it printed:\n%s", demo.out).isZero();
      assertThat(demo.out).contains("Exporting over OTLP/HTTP to " + url + "/v1/traces (GALILEO_EXPORTER=otlp)",
          "answer:   Galileo Galilei researched", "The combined traces, fetched back from " + url);
      assertDeliveredEverything(demo.out, "orchestrator", "retrieval-service");
      List<Tree> trees = trees(demo.out);
      assertThat(trees).hasSize(2);
      HttpClient http = HttpClient.newHttpClient();
      for (Tree t : trees) {
        assertPipeline(t, 1, "POST /retrieve", Set.of("retrieval-service"));
        // Every record came through the OTLP intake: OTLP's scope and span id are in its metadata.
        String trace = http.send(HttpRequest.newBuilder(console.url().resolve("/api/traces/" + t.traceId)).build(),
            HttpResponse.BodyHandlers.ofString()).body();
        int spans = trace.split("\"otel.scope.name\":\"ai.galileo.tracing\"", -1).length - 1;
        assertThat(spans).as(trace).isEqualTo(t.nodes.size() + 1); // the spans and the trace's own record
      }
    }
  }

  /** A question holding an e-mail address and a card number (Luhn-valid), as a user might ask. */
  private static final String EMAIL = "ada.lovelace@example.com";
  private static final String CARD = "4111 1111 1111 1111";
  private static final String SECRET_QUESTION =
      "I am " + EMAIL + ", card " + CARD + ": where did Galileo Galilei work?";
  private static final String MASKED_QUESTION =
      "I am [EMAIL], card [CARD]: where did Galileo Galilei work?";

  @Test
  void maskModeSendsNeitherTheAddressNorTheCardOfTheUsersQuestionToGalileosApi() throws Exception {
    try (GalileoApiFake api = GalileoApiFake.start()) {
      Demo demo = demo(Map.of("GALILEO_API_URL", api.baseUrl(), "GALILEO_API_KEY", api.apiKey()),
          "--redaction", "mask", "--question", SECRET_QUESTION);
      assertThat(demo.exit).as("exit status of ./demo --redaction mask; it printed:\n%s", demo.out).isZero();
      assertThat(demo.out).contains("answer:   Galileo Galilei worked at the University of Pisa")
          .doesNotContain("Galileo Galilei researched"); // the question replaced the built-in ones
      assertDeliveredEverything(demo.out, "orchestrator", "retrieval-service");
      String bodies = rawBodies(api);
      assertThat(bodies).contains(MASKED_QUESTION, "[EMAIL]", "[CARD]");
      assertThat(bodies).doesNotContain(EMAIL, CARD, CARD.replace(" ", ""));
      assertSdkRequestsFollowTheSpec(api);
    }
  }

  @Test
  void fieldsModeSendsTheQuestionAndItsMaskedCopyInRedactedInput() throws Exception {
    try (GalileoApiFake api = GalileoApiFake.start()) {
      Demo demo = demo(Map.of("GALILEO_API_URL", api.baseUrl(), "GALILEO_API_KEY", api.apiKey()),
          "--redaction", "fields", "--question", SECRET_QUESTION);
      assertThat(demo.exit).as("exit status of ./demo --redaction fields; it printed:\n%s", demo.out).isZero();
      assertSdkRequestsFollowTheSpec(api); // redacted_input in the shape the spec gives each record type
      List<ObjectNode> traces = new ArrayList<>(api.tracesById().values());
      assertThat(traces).hasSize(1);
      assertThat(traces.get(0).path("input").asText()).isEqualTo(SECRET_QUESTION);
      assertThat(traces.get(0).path("redacted_input").asText()).isEqualTo(MASKED_QUESTION);
    }
  }

  @Test
  void maskModeOverOtlpSendsNeitherTheAddressNorTheCard() throws Exception {
    try (GalileoConsole console = GalileoConsole.builder().port(0).database(":memory:").start()) {
      String url = console.url().toString().replaceAll("/+$", "");
      Demo demo = demo(Map.of("GALILEO_API_URL", url), "--otel", "--redaction=mask",
          "--question=" + SECRET_QUESTION);
      assertThat(demo.exit).as("exit status of ./demo --otel --redaction=mask; it printed:\n%s", demo.out).isZero();
      List<Tree> trees = trees(demo.out);
      assertThat(trees).hasSize(1);
      HttpClient http = HttpClient.newHttpClient();
      String trace = http.send(HttpRequest.newBuilder(console.url().resolve("/api/traces/" + trees.get(0).traceId)).build(),
          HttpResponse.BodyHandlers.ofString()).body();
      assertThat(trace).contains("[EMAIL]", "[CARD]", "otel.scope.name"); // it came over OTLP
      assertThat(trace).doesNotContain(EMAIL, CARD, CARD.replace(" ", ""));
    }
  }

  /**
   * No request of the services broke the spec. The demo's own reads of the trees, from the
   * console's /api (which Galileo's API has not: the fake answers 404), are not the SDK's.
   */
  private static void assertSdkRequestsFollowTheSpec(GalileoApiFake api) {
    assertThat(api.violations()).filteredOn(v -> !v.startsWith("GET /api/")).isEmpty();
  }

  /** Every body the fake received, as it arrived. */
  private static String rawBodies(GalileoApiFake api) {
    StringBuilder all = new StringBuilder();
    for (RecordedRequest r : api.requests()) {
      all.append(r.method()).append(' ').append(r.path()).append('\n').append(r.bodyText()).append('\n');
    }
    return all.toString();
  }

  @Test
  void agentWhoseToolCallsTheRetrievalServiceOwnsThatCallAndTheStrictConsoleRefusesNothing() throws Exception {
    String out = runDemo("--agent", "--strict");
    assertThat(out).contains("Running the orchestrator (http, as a LangChain4j agent)", ", strict (log:",
        "Started the MCP tool server on http://127.0.0.1:");
    assertDeliveredEverything(out, "orchestrator", "retrieval-service", MCP_SERVICE);
    List<Tree> trees = trees(out);
    assertThat(trees).hasSize(2);
    for (Tree t : trees) {
      assertAgent(t);
    }
  }

  @Test
  void agentOverOtlpPrintsTheSameTreeWithTheAgentFields() throws Exception {
    try (GalileoConsole console = GalileoConsole.builder().port(0).database(":memory:").start()) {
      String url = console.url().toString().replaceAll("/+$", "");
      Demo demo = demo(Map.of("GALILEO_API_URL", url), "--agent", "--otel");
      assertThat(demo.exit).as("exit status of ./demo --agent --otel; it printed:\n%s", demo.out).isZero();
      assertThat(demo.out).contains("Exporting over OTLP/HTTP to " + url + "/v1/traces (GALILEO_EXPORTER=otlp)",
          "answer:   Galileo Galilei researched", "The combined traces, fetched back from " + url);
      assertDeliveredEverything(demo.out, "orchestrator", "retrieval-service", MCP_SERVICE);
      List<Tree> trees = trees(demo.out);
      assertThat(trees).hasSize(2);
      for (Tree t : trees) {
        assertAgent(t);
      }
    }
  }

  @Test
  void agentOverGrpcCallsTheRetrievalServiceOverGrpcAndTheToolServerOverMcp() throws Exception {
    String out = runDemo("--agent", "--transport", "grpc", "--strict");
    assertThat(out).contains("Running the orchestrator (grpc, as a LangChain4j agent)");
    assertDeliveredEverything(out, "orchestrator", "retrieval-service", MCP_SERVICE);
    List<Tree> trees = trees(out);
    assertThat(trees).hasSize(2);
    for (Tree t : trees) {
      assertThat(render(t.root.children, 0)).as("trace %s", t.traceId)
          .contains("  tool " + SEARCH + " [orchestrator] tool_call_id=call_<question>_1\n"
              + "    workflow rag.Retrieval/Search [retrieval-service]\n"
              + "      retriever retrieve [retrieval-service]\n")
          .contains(mcpToolCall());
    }
  }

  @Test
  void theMcpToolServerAloneStopsWithAClearMessageWhenItsPortIsTaken() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      Path root = Paths.get(System.getProperty("reactor.root")).toRealPath();
      ProcessBuilder pb = new ProcessBuilder(root.resolve("demo").toString(), "mcp", "--no-build", "--port",
          Integer.toString(taken.getLocalPort())).directory(root.toFile()).redirectErrorStream(true);
      pb.environment().put("DEMO_WORK_DIR", work.toString());
      Process p = pb.start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
      assertThat(p.exitValue()).as(out).isEqualTo(1);
      assertThat(out).contains("port " + taken.getLocalPort()
          + " is taken by another program (the MCP tool server needs it)");
    }
  }

  @Test
  void agentIsRefusedWithTheVariantsItDoesNotCombineWith() throws Exception {
    for (String other : List.of("--spring", "--parallel")) {
      Demo demo = demo(Map.of(), "--agent", other);
      assertThat(demo.exit).as(demo.out).isEqualTo(1);
      assertThat(demo.out).contains("--agent runs the plain orchestrator as an agent with one retrieval service:"
          + " not with --spring or --parallel");
    }
  }

  @Test
  void anotherGalileoServerGetsEverySpanAndTheDemoSaysTheTreesCouldNotBeReadBack() throws Exception {
    try (GalileoConsole console = GalileoConsole.builder().port(0).database(":memory:").start();
         ForeignServer server = ForeignServer.withoutReads(console.url().toString())) {
      Demo demo = demo(Map.of("GALILEO_API_URL", server.url()));
      assertThat(demo.exit).as("exit status of ./demo; it printed:\n%s", demo.out).isZero();
      assertThat(demo.out).contains("answer:   Galileo Galilei researched",
          "the trees could\nnot be read back from that server");
      assertDeliveredEverything(demo.out, "orchestrator", "retrieval-service");
      List<String> ids = new ArrayList<>();
      Matcher m = Pattern.compile("(?m)^  trace ([0-9a-f-]{36})$").matcher(demo.out);
      while (m.find()) {
        ids.add(m.group(1));
      }
      assertThat(ids).hasSize(2);
      // What the demo could not read, the console behind that server holds: each trace whole.
      HttpClient http = HttpClient.newHttpClient();
      for (String id : ids) {
        String trace = http.send(HttpRequest.newBuilder(console.url().resolve("/api/traces/" + id)).build(),
            HttpResponse.BodyHandlers.ofString()).body();
        assertThat(trace).contains("\"is_complete\":true", "\"name\":\"retrieve\"",
            "\"service_name\":\"retrieval-service\"", "\"name\":\"" + LLM + "\"");
      }
    }
  }

  @Test
  void aServerThatRefusesTheSpansMakesTheDemoFailWithEachServicesReceipt() throws Exception {
    try (GalileoConsole console = GalileoConsole.builder().port(0).database(":memory:").start();
         ForeignServer server = ForeignServer.refusingIngest(console.url().toString())) {
      Demo demo = demo(Map.of("GALILEO_API_URL", server.url(), "GALILEO_COMPLETION_TIMEOUT_MS", "1000"));
      assertThat(demo.exit).as("exit status of ./demo; it printed:\n%s", demo.out).isNotZero();
      assertThat(demo.out).contains("answer:   Galileo Galilei researched", "not every span was delivered");
      assertThat(demo.out).containsPattern("(?m)^  orchestrator: sent 0, retried \\d+, dropped 0, failed [1-9]")
          .containsPattern("(?m)^  retrieval-service: sent 0, retried \\d+, dropped 0, failed [1-9]");
    }
  }

  @Test
  void theModelEndpointStopsWithAClearMessageWhenItsPortIsTaken() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      Path root = Paths.get(System.getProperty("reactor.root")).toRealPath();
      ProcessBuilder pb = new ProcessBuilder(root.resolve("demo").toString(), "model", "--no-build", "--port",
          Integer.toString(taken.getLocalPort())).directory(root.toFile()).redirectErrorStream(true);
      pb.environment().remove("OPENAI_API_KEY");
      pb.environment().put("DEMO_WORK_DIR", work.toString());
      Process p = pb.start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
      assertThat(p.exitValue()).as(out).isEqualTo(1);
      assertThat(out).contains("port " + taken.getLocalPort() + " is taken by another program (the model endpoint needs it)");
    }
  }

  /** Each service's receipt, as ./demo prints it, shows every span delivered. */
  private static void assertDeliveredEverything(String out, String... services) {
    for (String service : services) {
      assertThat(out).containsPattern("(?m)^  " + service + ": sent [1-9]\\d*, retried \\d+, dropped 0, failed 0, pending 0$");
    }
    assertThat(out).doesNotContain("warning:");
  }

  /**
   * The agent's trace, exactly: its AI Service invocation, an AGENT span with an agent type, holds
   * the model's call that chose the tools (offered all three, finished with tool_calls), one span
   * per tool with the model's call id (the retrieval service's server span, and its retriever
   * span, under the search tool's; the MCP tool server's {@code tools/call} span, and its own
   * work, under the MCP tool's), and the model's call that answered (finished with stop).
   * Compared as text, so a failure shows the whole tree.
   */
  private static void assertAgent(Tree t) {
    String tools = "tools=" + SEARCH + "," + DATE + "," + DATES;
    assertThat(render(t.root.children, 0)).as("trace %s", t.traceId).isEqualTo(String.join("\n",
        "agent ResearchAgent.answer [orchestrator] agent_type=<any>",
        "  llm " + LLM + " [orchestrator] finish_reason=tool_calls " + tools,
        "  tool " + SEARCH + " [orchestrator] tool_call_id=call_<question>_1",
        "    workflow POST /retrieve [retrieval-service]",
        "      retriever retrieve [retrieval-service]",
        "  tool " + DATE + " [orchestrator] tool_call_id=call_<question>_2",
        mcpToolCall() + "  llm " + LLM + " [orchestrator] finish_reason=stop " + tools,
        ""));
  }

  /** The MCP tool's span, the tool server's span under it, and the tool's own work under that. */
  private static String mcpToolCall() {
    return String.join("\n",
        "  tool " + DATES + " [orchestrator] tool_call_id=call_<question>_3",
        "    workflow tools/call " + DATES + " [" + MCP_SERVICE + "]",
        "      retriever search timeline [" + MCP_SERVICE + "]",
        "");
  }

  /** The spans as {@code type name [service] key=value...} lines, the agent type and the call ids' question hash as placeholders. */
  private static String render(List<Node> nodes, int depth) {
    StringBuilder out = new StringBuilder();
    for (Node n : nodes) {
      out.append("  ".repeat(depth)).append(n.type).append(' ').append(n.name).append(" [").append(n.service).append(']');
      n.details.forEach((k, v) -> out.append(' ').append(k).append('=').append(switch (k) {
        case "agent_type" -> "<any>";
        case "tool_call_id" -> v.replaceFirst("^call_[0-9a-f]{8}_", "call_<question>_");
        default -> v;
      }));
      out.append('\n').append(render(n.children, depth + 1));
    }
    return out.toString();
  }

  private static void assertPipeline(Tree t, int calls, String serverSpan, Set<String> retrievalServices) {
    assertThat(t.root.children).extracting(n -> n.type + " " + n.name)
        .startsWith("workflow analyse question")
        .endsWith("tool format context", "llm " + LLM);
    List<Node> callSpans = t.all("workflow", "call retrieval");
    assertThat(callSpans).hasSize(calls);
    Set<String> seen = new LinkedHashSet<>();
    for (Node call : callSpans) {
      assertThat(call.service).isEqualTo("orchestrator");
      assertThat(call.children).hasSize(1);
      Node server = call.children.get(0);
      assertThat(server.name).isEqualTo(serverSpan);
      assertThat(server.service).isIn(retrievalServices);
      assertThat(server.children).extracting(n -> n.type + " " + n.name + " [" + n.service + "]")
          .containsExactly("retriever retrieve [" + server.service + "]");
      seen.add(server.service);
    }
    assertThat(seen).isEqualTo(retrievalServices);
    for (Node n : t.nodes) {
      if (!n.service.startsWith("retrieval")) {
        assertThat(n.service).isEqualTo("orchestrator");
      }
    }
  }

  @Test
  void adkAgentWhoseToolCallsTheRetrievalServiceOwnsThatCallAndTheStrictConsoleRefusesNothing() throws Exception {
    String out = runDemo("--adk", "--strict");
    assertThat(out).contains("Running the orchestrator (http, as a Google ADK agent)", ", strict (log:");
    assertDeliveredEverything(out, "orchestrator", "retrieval-service");
    List<Tree> trees = trees(out);
    assertThat(trees).hasSize(2);
    for (Tree t : trees) {
      assertAdkAgent(t);
    }
  }

  @Test
  void adkIsRefusedWithTheVariantsItDoesNotCombineWith() throws Exception {
    for (String other : List.of("--spring", "--parallel", "--agent")) {
      Demo demo = demo(Map.of(), "--adk", other);
      assertThat(demo.exit).as(demo.out).isEqualTo(1);
      assertThat(demo.out).contains("--adk runs the orchestrator as an ADK agent with one retrieval service:"
          + " not with --spring, --parallel or --agent");
    }
  }

  /**
   * The ADK agent's trace, exactly, as galileo-adk's plugin logs it: the LlmAgent's AGENT span holds
   * the model's call that chose the tools (offered both, finished with tool_calls), one TOOL span
   * per tool with the model's call id (the retrieval service's spans under the search tool's, which
   * was current while the tool ran), and the model's call that answered.
   */
  private static void assertAdkAgent(Tree t) {
    String llm = "llm generate_content local-extractive-answerer [orchestrator]";
    String tools = "tools=" + SEARCH + "," + DATE;
    assertThat(render(t.root.children, 0)).as("trace %s", t.traceId).isEqualTo(String.join("\n",
        "agent research_agent [orchestrator] agent_type=<any>",
        "  " + llm + " finish_reason=tool_calls " + tools,
        "  tool " + SEARCH + " [orchestrator] tool_call_id=call_<question>_1",
        "    workflow POST /retrieve [retrieval-service]",
        "      retriever retrieve [retrieval-service]",
        "  tool " + DATE + " [orchestrator] tool_call_id=call_<question>_2",
        "  " + llm + " finish_reason=stop " + tools,
        ""));
  }

  private String runDemo(String... flags) throws Exception {
    int consolePort = freePort(1);
    Demo demo = demo(Map.of("DEMO_CONSOLE_PORT", Integer.toString(consolePort)), flags);
    assertThat(demo.exit).as("exit status of ./demo; it printed:\n%s", demo.out).isZero();
    assertThat(demo.out).contains("answer:   Galileo Galilei researched", "answer:   Galileo Galilei worked at the University of Pisa");
    assertThat(demo.out).contains("Console: http://127.0.0.1:" + consolePort);
    return demo.out;
  }

  record Demo(int exit, String out) {}

  /** Runs ./demo --no-build FLAGS with the environment given, on a free retrieval port. */
  private Demo demo(Map<String, String> extraEnv, String... flags) throws Exception {
    Path root = Paths.get(System.getProperty("reactor.root")).toRealPath();
    List<String> command = new ArrayList<>(List.of(root.resolve("demo").toString(), "--no-build"));
    command.addAll(List.of(flags));
    ProcessBuilder pb = new ProcessBuilder(command).directory(root.toFile()).redirectErrorStream(true);
    Map<String, String> env = pb.environment();
    for (String k : List.of("GALILEO_API_URL", "GALILEO_CONSOLE_URL", "GALILEO_API_KEY", "GALILEO_PROJECT",
        "GALILEO_PROJECT_ID", "GALILEO_LOG_STREAM", "GALILEO_LOG_STREAM_ID", "GALILEO_MODE",
        "GALILEO_EXPORTER", "GALILEO_LOGGING_DISABLED", "GALILEO_SERVICE_NAME", "GALILEO_COMPLETION_TIMEOUT_MS",
        "GALILEO_INGEST_PARENTS_FIRST", "OPENAI_API_KEY", "OPENAI_BASE_URL", "OPENAI_MODEL", "DEMO_CONSOLE_PORT",
        "DEMO_MODEL_PORT", "DEMO_MCP_PORT", "OTEL_EXPORTER_OTLP_ENDPOINT", "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", "OTEL_EXPORTER_OTLP_HEADERS")) {
      env.remove(k);
    }
    env.put("DEMO_RETRIEVAL_PORT", Integer.toString(freePort(2)));
    env.put("DEMO_MODEL_PORT", Integer.toString(freePort(1)));
    env.put("DEMO_MCP_PORT", Integer.toString(freePort(1)));
    env.put("DEMO_WORK_DIR", work.toString());
    env.putAll(extraEnv);
    Path log = work.resolve("demo-output.txt");
    pb.redirectOutput(log.toFile());
    Process p = pb.start();
    boolean done = p.waitFor(240, TimeUnit.SECONDS);
    if (!done) {
      p.destroy();
      p.waitFor(10, TimeUnit.SECONDS);
    }
    String out = Files.readString(log, StandardCharsets.UTF_8);
    System.out.println("./demo " + String.join(" ", flags) + "\n" + out);
    assertThat(done).as("./demo finished within 240 s; it printed:\n%s", out).isTrue();
    return new Demo(p.exitValue(), out);
  }

  /**
   * Ports handed out by {@link #freePort}: a port is free again once its probe closes, so the
   * system may offer it twice before the demo binds it (the console's and the model's, say).
   */
  private static final Set<Integer> HANDED_OUT = ConcurrentHashMap.newKeySet();

  /** A port p such that p .. p+count-1 are all free now, and none handed out before. */
  private static int freePort(int count) throws IOException {
    for (int attempt = 0; attempt < 50; attempt++) {
      int p;
      try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
        p = s.getLocalPort();
      }
      if (p + count - 1 > 65535) {
        continue;
      }
      boolean free = true;
      for (int i = 0; i < count && free; i++) {
        free = !HANDED_OUT.contains(p + i);
      }
      for (int i = 1; i < count && free; i++) {
        try (ServerSocket s = new ServerSocket()) {
          s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), p + i));
        } catch (IOException e) {
          free = false;
        }
      }
      if (free) {
        for (int i = 0; i < count; i++) {
          HANDED_OUT.add(p + i);
        }
        return p;
      }
    }
    throw new IOException("no free ports");
  }

  static final class Node {
    final String type;
    final String name;
    final String service;
    final int depth;
    /** The agent fields printed after the duration: finish_reason, tools, agent_type, tool_call_id. */
    final Map<String, String> details = new LinkedHashMap<>();
    final List<Node> children = new ArrayList<>();

    Node(String type, String name, String service, int depth) {
      this.type = type;
      this.name = name;
      this.service = service;
      this.depth = depth;
    }
  }

  static final class Tree {
    final String traceId;
    final Node root = new Node("trace", "answer question", "orchestrator", 0);
    final List<Node> nodes = new ArrayList<>();

    Tree(String traceId) {
      this.traceId = traceId;
    }

    List<Node> all(String type, String name) {
      return nodes.stream().filter(n -> n.type.equals(type) && n.name.equals(name)).toList();
    }

    Node find(String type, String name) {
      List<Node> found = all(type, name);
      assertThat(found).as("%s %s in trace %s", type, name, traceId).hasSize(1);
      return found.get(0);
    }
  }

  /** Parses the trees ./demo prints: a "trace" line, then spans indented two spaces per level. */
  static List<Tree> trees(String out) {
    List<Tree> trees = new ArrayList<>();
    Tree current = null;
    List<Node> stack = new ArrayList<>();
    for (String line : out.split("\n")) {
      Matcher t = TRACE.matcher(line);
      if (t.matches()) {
        current = new Tree(t.group(1));
        trees.add(current);
        stack.clear();
        stack.add(current.root);
        continue;
      }
      Matcher s = SPAN.matcher(line);
      if (current != null && s.matches()) {
        int depth = s.group(1).length() / 2;
        Node n = new Node(s.group(2), s.group(3), s.group(4), depth);
        if (s.group(5) != null) {
          for (String field : s.group(5).split(" ")) {
            int eq = field.indexOf('=');
            assertThat(eq).as("a key=value field in %s", line).isPositive();
            n.details.put(field.substring(0, eq), field.substring(eq + 1));
          }
        }
        assertThat(depth).as("indentation of %s", line).isBetween(1, stack.size());
        while (stack.size() > depth) {
          stack.remove(stack.size() - 1);
        }
        stack.get(stack.size() - 1).children.add(n);
        stack.add(n);
        current.nodes.add(n);
      } else if (line.isBlank()) {
        current = null;
      }
    }
    assertThat(trees).extracting(t -> t.traceId).doesNotHaveDuplicates();
    return trees;
  }
}
