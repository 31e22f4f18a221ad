package ai.galileo.examples.rag;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.galileo.tracing.Content;
import ai.galileo.tracing.Message;
import ai.galileo.tracing.SpanType;
import ai.galileo.tracing.ToolCall;
import ai.galileo.tracing.core.SpanData;
import ai.galileo.tracing.langchain4j.GalileoLangChain4j;
import ai.galileo.tracing.testing.GalileoTracingExtension;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The orchestrator as a LangChain4j agent ({@code --agent}) in this JVM, over real HTTP: the demo's
 * model endpoint answers the AI Service with tool calls first, the tool calls the retrieval service
 * through the traced client, and the model answers from the tool results. What the tree must look
 * like in the console is checked by tests/demo-it and tests/distributed-it; here, that the agent
 * works and what it logged through the integration.
 */
class AgentPipelineTest {
  private static final Clock MAY_DAY = Clock.fixed(Instant.parse("2024-05-01T12:00:00Z"), ZoneOffset.UTC);

  @RegisterExtension
  final GalileoTracingExtension tracing = GalileoTracingExtension.create();

  private HttpServer model;
  private HttpServer retrieval;
  private ExecutorService handlers;
  private LanguageModel llm;
  private Orchestrator orchestrator;

  @BeforeEach
  void start() throws Exception {
    model = ModelGateway.startOnFreePort();
    handlers = Executors.newFixedThreadPool(2);
    retrieval = new RetrievalService(tracing.tracer(), new KnowledgeBase("all"), "retrieval-service", 0, 0)
        .httpServer("127.0.0.1", 0, handlers);
    retrieval.start();
    llm = LanguageModel.fromEnvironment(Map.of(), "http://127.0.0.1:" + model.getAddress().getPort() + "/v1",
        GalileoLangChain4j.create(tracing.tracer()));
    orchestrator = agentOrchestrator("http://127.0.0.1:" + retrieval.getAddress().getPort());
  }

  private Orchestrator agentOrchestrator(String retrievalUrl) {
    RetrievalClient client = RetrievalClient.create("http", retrievalUrl, tracing.tracer());
    return new Orchestrator(tracing.tracer(), List.of(client), llm, false, false,
        new AgentAnswerer(llm, client, MAY_DAY));
  }

  @AfterEach
  void stop() {
    orchestrator.close();
    retrieval.stop(0);
    model.stop(0);
    handlers.shutdownNow();
  }

  @Test
  void theAgentCallsBothToolsThenAnswersFromTheRetrievedPassages() throws Exception {
    assertThat(orchestrator.ask("Where did Galileo Galilei work?")).isZero();

    String answer = "Galileo Galilei worked at the University of Pisa as a professor of mathematics."
        + " Galileo Galilei worked at the University of Padua for eighteen years.";
    SpanData trace = tracing.spans().stream().filter(SpanData::isTrace).filter(SpanData::ended).findFirst().orElseThrow();
    assertThat(trace.output()).isEqualTo(Content.text(answer));

    // Two model calls: the first answered with the tool calls, the second with the answer.
    List<SpanData> llms = tracing.spans().stream().filter(s -> s.type() == SpanType.LLM).toList();
    assertThat(llms).hasSize(2);
    Message calls = ((Content.SingleMessage) llms.get(0).output()).message();
    assertThat(calls.toolCalls()).extracting(ToolCall::name).containsExactly(AgentTools.SEARCH, AgentTools.DATE);
    assertThat(calls.toolCalls()).extracting(ToolCall::arguments).containsExactly("{\"query\":\"work\"}", "{}");
    assertThat(llms.get(1).output()).isEqualTo(Content.message(Message.assistant(answer)));
    List<Message> secondIn = ((Content.Messages) llms.get(1).input()).messages();
    assertThat(secondIn).extracting(Message::toolCallId).containsSubsequence(
        calls.toolCalls().get(0).id(), calls.toolCalls().get(1).id());
    assertThat(secondIn.get(secondIn.size() - 1).content()).isEqualTo("2024-05-01");

    // The tools ran: the search reached the retrieval service, in this trace.
    SpanData search = tracing.span(AgentTools.SEARCH);
    assertThat(search.type()).isEqualTo(SpanType.TOOL);
    assertThat(search.input()).isEqualTo(Content.text("{\"query\":\"work\"}"));
    assertThat(search.output()).isEqualTo(Content.text("[1] Galileo Galilei worked at the University of Pisa as a"
        + " professor of mathematics.\n[2] Galileo Galilei worked at the University of Padua for eighteen years.\n"
        + "[3] Galileo Galilei later worked in Florence as court mathematician to the Medici.\n"));
    assertThat(tracing.span(AgentTools.DATE).output()).isEqualTo(Content.text("2024-05-01"));
    assertThat(tracing.awaitSpan("POST /retrieve", Duration.ofSeconds(10)).traceId()).isEqualTo(trace.traceId());
    assertThat(tracing.span("retrieve").input()).isEqualTo(Content.text("work"));

    // Everything the agent did is under the AI Service's invocation, under the trace.
    SpanData invocation = tracing.span("ResearchAgent.answer");
    assertThat(invocation.parentId()).isEqualTo(trace.spanId());
    assertThat(invocation.output()).isEqualTo(Content.text(answer));
    for (SpanData s : List.of(llms.get(0), llms.get(1), search, tracing.span(AgentTools.DATE))) {
      assertThat(s.parentId()).as(s.name()).isEqualTo(invocation.spanId());
    }
  }

  @Test
  void theAgentCallsTheMcpToolServersToolWhoseSpansNestUnderTheToolSpan() throws Exception {
    try (McpToolServer server = new McpToolServer(tracing.tracer(), "127.0.0.1", 0);
         AgentMcpTools mcp = AgentMcpTools.connect(server.url(), tracing.tracer())) {
      RetrievalClient client = RetrievalClient.create("http",
          "http://127.0.0.1:" + retrieval.getAddress().getPort(), tracing.tracer());
      orchestrator.close();
      orchestrator = new Orchestrator(tracing.tracer(), List.of(client), llm, false, false,
          new AgentAnswerer(llm, client, MAY_DAY, mcp.toolProvider()));

      assertThat(orchestrator.ask("Where did Galileo Galilei work?")).isZero();

      // Offered after the agent's own tools, and called by the model as the third.
      SpanData first = tracing.spans().stream().filter(s -> s.type() == SpanType.LLM).findFirst().orElseThrow();
      Message calls = ((Content.SingleMessage) first.output()).message();
      assertThat(calls.toolCalls()).extracting(ToolCall::name)
          .containsExactly(AgentTools.SEARCH, AgentTools.DATE, McpToolServer.LOOKUP_DATES);
      SpanData tool = tracing.span(McpToolServer.LOOKUP_DATES);
      assertThat(tool.type()).isEqualTo(SpanType.TOOL);
      assertThat(tool.parentId()).isEqualTo(tracing.span("ResearchAgent.answer").spanId());
      assertThat(tool.input()).isEqualTo(Content.text("{\"query\":\"work\"}"));
      assertThat(tool.output()).isEqualTo(Content.text("1589: Galileo Galilei became professor of mathematics at"
          + " the University of Pisa.\n1592: Galileo Galilei moved to the University of Padua, where he taught for"
          + " eighteen years.\n1610: Galileo Galilei moved to Florence as court mathematician to the Medici."));
      assertThat(tool.metadata()).containsEntry("mcp.method.name", "tools/call")
          .containsEntry("gen_ai.tool.name", McpToolServer.LOOKUP_DATES);

      // The tool server's span continues the trace from _meta alone, its own work under it.
      SpanData serverSpan = tracing.awaitSpan("tools/call " + McpToolServer.LOOKUP_DATES, Duration.ofSeconds(10));
      assertThat(serverSpan.traceId()).isEqualTo(tool.traceId());
      assertThat(serverSpan.parentId()).isEqualTo(tool.spanId());
      assertThat(serverSpan.remoteParent()).isTrue();
      SpanData search = tracing.awaitSpan(McpToolServer.SEARCH_SPAN, Duration.ofSeconds(10));
      assertThat(search.type()).isEqualTo(SpanType.RETRIEVER);
      assertThat(search.parentId()).isEqualTo(serverSpan.spanId());
      assertThat(search.input()).isEqualTo(Content.text("work"));
    }
  }

  @Test
  void anMcpToolServerThatCannotBeReachedFailsTheConnectionAtStartUpNotAQuestion() throws Exception {
    int closed;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closed = s.getLocalPort();
    }
    // The orchestrator reports this and exits 1 before asking anything.
    assertThatThrownBy(() -> AgentMcpTools.connect("http://127.0.0.1:" + closed + "/mcp", tracing.tracer()))
        .isInstanceOf(RuntimeException.class);
    assertThat(tracing.spans()).as("nothing traced outside a trace").isEmpty();
  }

  @Test
  void aRetrievalServiceThatCannotBeReachedFailsTheQuestionThoughTheAgentAnswers() throws Exception {
    int closed;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closed = s.getLocalPort();
    }
    orchestrator.close();
    orchestrator = agentOrchestrator("http://127.0.0.1:" + closed);
    ByteArrayOutputStream printed = new ByteArrayOutputStream();
    PrintStream out = System.out;
    System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
    int status;
    try {
      status = orchestrator.ask("Where did Galileo Galilei work?");
    } finally {
      System.setOut(out);
    }

    assertThat(status).isEqualTo(1);
    assertThat(printed.toString(StandardCharsets.UTF_8))
        .contains("error:    the agent's tool failed (" + AgentTools.SEARCH + ": ");
    SpanData trace = tracing.spans().stream().filter(SpanData::isTrace).findFirst().orElseThrow();
    assertThat(trace.statusCode()).isNotEqualTo(200);
    // LangChain4j told the model the tool failed, and the model said it could not answer.
    SpanData last = tracing.spans().stream().filter(s -> s.type() == SpanType.LLM).reduce((a, b) -> b).orElseThrow();
    assertThat(last.output()).isEqualTo(Content.message(Message.assistant(ModelGateway.UNKNOWN)));
  }
}
