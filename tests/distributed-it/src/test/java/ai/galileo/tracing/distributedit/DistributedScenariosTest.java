package ai.galileo.tracing.distributedit;

import static ai.galileo.tracing.distributedit.TraceShape.span;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;

/**
 * Galileo's completion rule end to end: the example's retrieval service(s) and orchestrator, each
 * in a JVM of its own, in distributed mode, sending to the console started with {@code --strict},
 * which refuses any span of a trace already complete, as Galileo does. A span completed too early
 * would show twice: as a failure (counted late) in the receipt of the service that made it, and
 * as a span missing from the trace read back. So each scenario asserts that both services'
 * receipts report nothing failed, and that every trace, read back once right after the
 * orchestrator exits, is complete with every expected span under its parent.
 *
 * <p>Logs of every JVM: {@code target/scenario-logs/<test>/}.
 */
@DisabledOnOs(OS.WINDOWS)
class DistributedScenariosTest {
  private static final Path LOGS = Jvm.ROOT.resolve("tests/distributed-it/target/scenario-logs");
  private static final Pattern LISTENING = Pattern.compile("listening on ((?:http|grpc)://127\\.0\\.0\\.1:\\d+)");
  private static final Pattern TRACE_ID = Pattern.compile("(?m)^trace ([0-9a-f-]{36})$");
  private static final String ORCHESTRATOR = "orchestrator";
  /** What the SDK logs when it completes a trace before the services it called delivered. */
  private static final String COMPLETED_EARLY = "before the services it called delivered";

  private static final Pattern MCP_LISTENING = Pattern.compile("listening on (http://127\\.0\\.0\\.1:\\d+/mcp)");
  private static final Pattern MODEL_LISTENING = Pattern.compile("listening on (http://127\\.0\\.0\\.1:\\d+/v1)");
  /** The LangChain4j integration names the LLM span after the model: the example's local one. */
  private static final String LLM = "chat local-extractive-answerer";

  private static StrictConsole console;
  /** The example's OpenAI-compatible model endpoint, which every orchestrator calls. */
  private static Jvm model;
  private static String modelUrl;

  private final List<Jvm> started = new ArrayList<>();
  private Path logs;

  record Service(Jvm jvm, String url) {}

  record Run(int exitCode, String stdout, String stderr, List<String> traceIds, Receipt receipt) {}

  @BeforeAll
  static void startConsole() throws Exception {
    console = StrictConsole.start(LOGS.resolve("console"));
    model = Jvm.start("model", LOGS.resolve("model"), Jvm.RAG_JAR, Map.of(), List.of("model", "--port", "0"));
    modelUrl = model.awaitLine(MODEL_LISTENING, Duration.ofSeconds(60));
  }

  @AfterAll
  static void stopConsole() throws Exception {
    if (model != null) {
      model.close();
    }
    if (console != null) {
      console.close();
    }
  }

  @BeforeEach
  void logsFor(TestInfo test) {
    logs = LOGS.resolve(test.getTestMethod().orElseThrow().getName());
  }

  @AfterEach
  void destroyEverythingStarted() {
    started.forEach(Jvm::close);
  }

  // ------------------------------------------------------------------------------- scenarios

  @Test
  void sequentialPipelineColdThenWarmTenQuestionsEachDeliversEverySpanBeforeItsTraceCompletes() throws Exception {
    Service retrieval = retrieval("retrieval-service", console.url);
    // Cold: a new orchestrator JVM, the service's first requests; then warm: the same service again.
    Run cold = orchestrator(console.url, Map.of(), "--retrieval-url", retrieval.url, "--repeat", "5");
    Run warm = orchestrator(console.url, Map.of(), "--retrieval-url", retrieval.url, "--repeat", "5");
    for (Run run : List.of(cold, warm)) {
      assertCompletedInOrder(run);
      assertThat(run.traceIds).hasSize(10);
      assertTraces(run, pipeline(call(server("POST /retrieve", "retrieval-service"))));
    }
    assertServiceDelivered(retrieval, 20 * 2);
  }

  @Test
  void aServiceThatKeepsWorkingAfterItAnsweredIsWaitedForThroughTheSpanIdItReturned() throws Exception {
    // The caller has its answer 300 ms before the service's span ends: only the response header
    // X-Galileo-Span-ID tells the caller's export what to wait for.
    Service retrieval = retrieval("retrieval-service", console.url, "--after-answer-ms", "300");
    Run run = orchestrator(console.url, Map.of(), "--retrieval-url", retrieval.url);
    assertCompletedInOrder(run);
    assertTraces(run, pipeline(call(span("workflow POST /retrieve [retrieval-service]",
        span("retriever retrieve [retrieval-service]"),
        span("tool record usage [retrieval-service]")))));
    assertServiceDelivered(retrieval, 2 * 3);
  }

  @Test
  void parallelCallsToTwoServicesEachDeliverUnderTheirOwnCall() throws Exception {
    Service research = retrieval("retrieval-research", console.url, "--facts", "research");
    Service places = retrieval("retrieval-places", console.url, "--facts", "places");
    Run run = orchestrator(console.url, Map.of(), "--parallel", "--retrieval-url", research.url,
        "--retrieval-url", places.url, "--repeat", "2");
    assertCompletedInOrder(run);
    assertThat(run.traceIds).hasSize(4);
    assertTraces(run, span("trace answer question [orchestrator]",
        span("workflow analyse question [orchestrator]"),
        span("workflow retrieve in parallel [orchestrator]",
            call(server("POST /retrieve", "retrieval-research")),
            call(server("POST /retrieve", "retrieval-places"))),
        span("tool format context [orchestrator]"),
        span("llm " + LLM + " [orchestrator]")));
    assertServiceDelivered(research, 4 * 2);
    assertServiceDelivered(places, 4 * 2);
  }

  @Test
  void grpcUnaryAndServerStreamingCallsDeliverEverySpanBeforeTheirTraceCompletes() throws Exception {
    Service retrieval = retrieval("retrieval-service", console.url, "--transport", "grpc");
    Run unary = orchestrator(console.url, Map.of(), "--transport", "grpc", "--retrieval-url", retrieval.url,
        "--repeat", "2");
    Run streaming = orchestrator(console.url, Map.of(), "--transport", "grpc", "--streaming",
        "--retrieval-url", retrieval.url, "--repeat", "2");
    assertCompletedInOrder(unary);
    assertCompletedInOrder(streaming);
    assertTraces(unary, pipeline(call(server("rag.Retrieval/Search", "retrieval-service"))));
    assertTraces(streaming, pipeline(call(server("rag.Retrieval/SearchStream", "retrieval-service"))));
    assertServiceDelivered(retrieval, 8 * 2);
  }

  @Test
  void fireAndForgetTraceEndsBeforeTheAnswerAndStillCompletesAfterTheServiceDelivered() throws Exception {
    // The service takes 500 ms to answer; the orchestrator ends each trace as soon as the call
    // has started, and the process exits only once the held completions went out (its flush).
    Service retrieval = retrieval("retrieval-service", console.url, "--delay-ms", "500");
    Run run = orchestrator(console.url, Map.of(), "--fire-and-forget", "--retrieval-url", retrieval.url);
    assertCompletedInOrder(run);
    assertThat(run.stdout.indexOf("retrieved "))
        .as("both traces ended before the first answer came back:\n%s", run.stdout)
        .isGreaterThan(run.stdout.lastIndexOf("trace "));
    assertThat(run.stdout).contains("retrieved 2 results for \"What did Galileo Galilei research?\"",
        "retrieved 3 results for \"Where did Galileo Galilei work?\"");
    assertTraces(run, span("trace answer question [orchestrator]",
        span("workflow analyse question [orchestrator]"),
        call(server("POST /retrieve", "retrieval-service"))));
    assertServiceDelivered(retrieval, 2 * 2);
  }

  @Test
  void aBackendThatAnswersEveryRequestAfterOneSecondStillGetsEverySpanInOrder() throws Exception {
    try (DelayingProxy slow = new DelayingProxy(console.url, Duration.ofSeconds(1))) {
      // Both services send through the proxy (GALILEO_API_URL); the test reads from the console.
      Service retrieval = retrieval("retrieval-service", slow.url(),
          Map.of("GALILEO_SHUTDOWN_TIMEOUT_MS", "60000"));
      Run run = orchestrator(slow.url(), Map.of(), "--retrieval-url", retrieval.url,
          "--question", "Where did Galileo Galilei work?", "--flush-seconds", "60");
      assertCompletedInOrder(run);
      assertTraces(run, pipeline(call(server("POST /retrieve", "retrieval-service"))));
      assertServiceDelivered(retrieval, 2);
      assertThat(slow.requests.get()).as("requests through the slow proxy").isGreaterThanOrEqualTo(5);
    }
  }

  @Test
  void agentWhoseToolsCallTheServiceAndAnMcpToolServerDeliversEverySpanUnderTheToolsBeforeItsTraceCompletes()
      throws Exception {
    // The orchestrator as a LangChain4j agent: the model's first answer calls the search tool
    // (which calls the service), a local tool and the MCP tool server's tool (through
    // LangChain4j's MCP client, the trace in params._meta), its second answers from their results.
    Service retrieval = retrieval("retrieval-service", console.url);
    Service mcp = mcpToolServer(console.url);
    Run run = orchestrator(console.url, Map.of(), "--agent", "--retrieval-url", retrieval.url,
        "--mcp-url", mcp.url);
    assertCompletedInOrder(run);
    assertThat(run.traceIds).hasSize(2);
    assertTraces(run, span("trace answer question [orchestrator]",
        span("agent ResearchAgent.answer [orchestrator]",
            span("llm " + LLM + " [orchestrator]"),
            span("tool search_knowledge_base [orchestrator]", server("POST /retrieve", "retrieval-service")),
            span("tool current_date [orchestrator]"),
            span("tool lookup_dates [orchestrator]",
                span("workflow tools/call lookup_dates [mcp-tool-server]",
                    span("retriever search timeline [mcp-tool-server]"))),
            span("llm " + LLM + " [orchestrator]"))));
    for (String id : run.traceIds) {
      // The fields Galileo's agent views read, as the console stored them.
      List<String> llmFinishes = new ArrayList<>();
      for (JsonNode s : console.trace(id).path("spans")) {
        JsonNode record = s.path("record");
        switch (s.path("type").asText()) {
          case "llm" -> {
            llmFinishes.add(record.path("finish_reason").asText());
            assertThat(record.path("tools").findValuesAsText("name")).as("tools offered, trace %s", id)
                .containsExactly("search_knowledge_base", "current_date", "lookup_dates");
          }
          case "agent" -> assertThat(record.path("agent_type").isTextual()).as("agent_type, trace %s", id).isTrue();
          case "tool" -> assertThat(record.path("tool_call_id").asText()).as("tool_call_id, trace %s", id)
              .matches("call_[0-9a-f]{8}_[123]");
          default -> { }
        }
      }
      assertThat(llmFinishes).as("finish reasons, trace %s", id).containsExactlyInAnyOrder("tool_calls", "stop");
    }
    assertServiceDelivered(retrieval, 2 * 2);
    assertServiceDelivered(mcp, 2 * 2);
  }

  /**
   * The scenarios above could pass by accident if the strict console or the receipts missed a
   * violation: here the orchestrator completes each trace 1 ms after it ends
   * (GALILEO_COMPLETION_TIMEOUT_MS=1) while the retrieval service is still working for 500 ms
   * after it answered. Its spans arrive after their trace was completed, and must show as
   * refused: counted late in its receipt, and missing from the trace.
   */
  @Test
  void spansSentAfterTheirTraceWasCompletedAreRefusedAndCountedLate() throws Exception {
    Service retrieval = retrieval("retrieval-service", console.url, "--after-answer-ms", "500");
    Run run = orchestrator(console.url, Map.of("GALILEO_COMPLETION_TIMEOUT_MS", "1"),
        "--retrieval-url", retrieval.url);
    assertDelivered(run);
    assertThat(run.stderr).contains(COMPLETED_EARLY);
    assertTraces(run, pipeline(span("workflow call retrieval [orchestrator]")));
    retrieval.jvm.stop();
    Receipt receipt = retrieval.jvm.receipt();
    assertThat(receipt.failed()).as("retrieval-service: %s", receipt).isEqualTo(2 * 3);
    assertThat(receipt.late()).as("retrieval-service: %s", receipt).isEqualTo(receipt.failed());
    assertThat(receipt.sent()).isZero();
    assertThat(retrieval.jvm.stderr()).contains("warning: not every span reached");
  }

  // -------------------------------------------------------------------- the expected traces

  /** The sequential pipeline: analyse, the call(s), format, answer. */
  private static TraceShape pipeline(TraceShape... calls) {
    List<TraceShape> children = new ArrayList<>();
    children.add(span("workflow analyse question [orchestrator]"));
    children.addAll(List.of(calls));
    children.add(span("tool format context [orchestrator]"));
    children.add(span("llm " + LLM + " [orchestrator]"));
    return span("trace answer question [orchestrator]", children.toArray(TraceShape[]::new));
  }

  private static TraceShape call(TraceShape server) {
    return span("workflow call retrieval [orchestrator]", server);
  }

  private static TraceShape server(String name, String service) {
    return span("workflow " + name + " [" + service + "]",
        span("retriever retrieve [" + service + "]"));
  }

  // ------------------------------------------------------------------------ the programs

  private Service retrieval(String name, String apiUrl, String... args) throws Exception {
    return retrieval(name, apiUrl, Map.of(), args);
  }

  private Service retrieval(String name, String apiUrl, Map<String, String> env, String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of("retrieval", "--port", "0"));
    command.addAll(List.of(args));
    Jvm jvm = Jvm.start(name, logs, Jvm.RAG_JAR, environment(name, apiUrl, env), command);
    started.add(jvm);
    return new Service(jvm, jvm.awaitLine(LISTENING, Duration.ofSeconds(60)));
  }

  /** The example's MCP tool server (streamable HTTP), on a free port. */
  private Service mcpToolServer(String apiUrl) throws Exception {
    String name = "mcp-tool-server";
    Jvm jvm = Jvm.start(name, logs, Jvm.RAG_JAR, environment(name, apiUrl, Map.of()), List.of("mcp", "--port", "0"));
    started.add(jvm);
    return new Service(jvm, jvm.awaitLine(MCP_LISTENING, Duration.ofSeconds(60)));
  }

  private Run orchestrator(String apiUrl, Map<String, String> env, String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of("orchestrator", "--model-url", modelUrl));
    command.addAll(List.of(args));
    String name = ORCHESTRATOR + "-" + started.stream().filter(j -> j.name.startsWith(ORCHESTRATOR)).count();
    Jvm jvm = Jvm.start(name, logs, Jvm.RAG_JAR, environment(ORCHESTRATOR, apiUrl, env), command);
    started.add(jvm);
    int exit = jvm.awaitExit(Duration.ofSeconds(120));
    String out = jvm.stdout();
    List<String> ids = new ArrayList<>();
    Matcher m = TRACE_ID.matcher(out);
    while (m.find()) {
      ids.add(m.group(1));
    }
    assertThat(exit).as("%s's exit status; %s", name, jvm.describe()).isZero();
    assertThat(ids).as("trace ids %s printed", name).isNotEmpty().doesNotHaveDuplicates();
    return new Run(exit, out, jvm.stderr(), ids, jvm.receipt());
  }

  private static Map<String, String> environment(String service, String apiUrl, Map<String, String> extra) {
    Map<String, String> env = new HashMap<>();
    env.put("GALILEO_API_URL", apiUrl);
    env.put("GALILEO_MODE", "distributed");
    env.put("GALILEO_PROJECT", "distributed-it");
    env.put("GALILEO_SERVICE_NAME", service);
    env.putAll(extra);
    return env;
  }

  // -------------------------------------------------------------------------- assertions

  private static void assertDelivered(Run run) {
    assertThat(run.receipt.deliveredEverything()).as("the orchestrator's receipt: %s", run.receipt).isTrue();
    assertThat(run.receipt.late()).isZero();
  }

  /**
   * Also no trace was completed for want of time: the SDK warns when a completion goes out before
   * the services called under it delivered (its timeout, or a flush about to run out), which
   * would make passing a matter of luck.
   */
  private static void assertCompletedInOrder(Run run) {
    assertDelivered(run);
    assertThat(run.stderr).as("the orchestrator's stderr").doesNotContain(COMPLETED_EARLY);
  }

  /** Stops the service (SIGTERM) and checks the receipt it printed: every span it made was taken. */
  private static void assertServiceDelivered(Service service, long spans) throws Exception {
    service.jvm.stop();
    Receipt receipt = service.jvm.receipt();
    assertThat(receipt.deliveredEverything()).as("%s's receipt: %s; %s", service.jvm.name, receipt,
        service.jvm.describe()).isTrue();
    assertThat(receipt.late()).isZero();
    assertThat(receipt.sent()).as("%s's receipt: %s", service.jvm.name, receipt).isEqualTo(spans);
  }

  /** Reads each trace back once: complete, every span ended, and shaped as expected. */
  private static void assertTraces(Run run, TraceShape expected) throws Exception {
    for (String id : run.traceIds) {
      JsonNode detail = console.trace(id);
      assertThat(detail.path("trace").path("is_complete").asBoolean()).as("trace %s is complete", id).isTrue();
      for (JsonNode s : detail.path("spans")) {
        assertThat(s.path("duration_ns").isNumber()).as("span %s of trace %s has ended", s.path("name"), id)
            .isTrue();
      }
      assertThat(TraceShape.of(detail).toString()).as("trace %s", id).isEqualTo(expected.toString());
    }
  }
}
