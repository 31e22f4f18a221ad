package ai.galileo.examples.rag;

import static org.assertj.core.api.Assertions.assertThat;

import ai.galileo.tracing.AgentType;
import ai.galileo.tracing.Content;
import ai.galileo.tracing.Message;
import ai.galileo.tracing.SpanType;
import ai.galileo.tracing.ToolCall;
import ai.galileo.tracing.core.SpanData;
import ai.galileo.tracing.testing.GalileoTracingExtension;
import com.sun.net.httpserver.HttpServer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The orchestrator as a Google ADK agent ({@code --adk}) in this JVM, over real HTTP: ADK's Runner
 * with the demo's model adapter over the model endpoint, which answers with tool calls first; the
 * search tool calls the retrieval service through the traced client; the model answers from the
 * tool results. What galileo-adk's plugin logged; the console's tree is checked by tests/demo-it.
 */
class AdkPipelineTest {
  private static final Clock MAY_DAY = Clock.fixed(Instant.parse("2024-05-01T12:00:00Z"), ZoneOffset.UTC);

  @RegisterExtension
  final GalileoTracingExtension tracing = GalileoTracingExtension.create();

  private HttpServer model;
  private HttpServer retrieval;
  private ExecutorService handlers;
  private RetrievalClient client;
  private AdkOrchestrator orchestrator;

  @BeforeEach
  void start() throws Exception {
    model = ModelGateway.startOnFreePort();
    handlers = Executors.newFixedThreadPool(2);
    retrieval = new RetrievalService(tracing.tracer(), new KnowledgeBase("all"), "retrieval-service", 0, 0)
        .httpServer("127.0.0.1", 0, handlers);
    retrieval.start();
    client = RetrievalClient.create("http", "http://127.0.0.1:" + retrieval.getAddress().getPort(), tracing.tracer());
    orchestrator = new AdkOrchestrator(tracing.tracer(), client, MAY_DAY, new OpenAiCompatibleLlm(
        "http://127.0.0.1:" + model.getAddress().getPort() + "/v1", "no-key-needed", ModelGateway.MODEL));
  }

  @AfterEach
  void stop() {
    client.close();
    retrieval.stop(0);
    model.stop(0);
    handlers.shutdownNow();
  }

  @Test
  void theAdkAgentCallsBothToolsThenAnswersFromTheRetrievedPassages() throws Exception {
    assertThat(orchestrator.ask(tracing.tracer(), "Where did Galileo Galilei work?")).isZero();

    String answer = "Galileo Galilei worked at the University of Pisa as a professor of mathematics."
        + " Galileo Galilei worked at the University of Padua for eighteen years.";
    SpanData trace = tracing.spans().stream().filter(SpanData::isTrace).filter(SpanData::ended).findFirst().orElseThrow();
    assertThat(trace.output()).isEqualTo(Content.text(answer));

    List<SpanData> llms = tracing.spans().stream().filter(s -> s.type() == SpanType.LLM)
        .sorted(java.util.Comparator.comparingLong(SpanData::startEpochNanos)).toList();
    assertThat(llms).hasSize(2);
    assertThat(llms).allSatisfy(l -> assertThat(l.llm().tools()).extracting(t -> t.name())
        .containsExactly(AgentTools.SEARCH, AgentTools.DATE));
    assertThat(llms.get(0).llm().finishReason()).isEqualTo("tool_calls");
    Message calls = ((Content.SingleMessage) llms.get(0).output()).message();
    assertThat(calls.toolCalls()).extracting(ToolCall::name).containsExactly(AgentTools.SEARCH, AgentTools.DATE);
    assertThat(calls.toolCalls()).extracting(ToolCall::arguments).containsExactly("{\"query\":\"work\"}", "{}");
    assertThat(llms.get(1).llm().finishReason()).isEqualTo("stop");
    assertThat(llms.get(1).output()).isEqualTo(Content.message(Message.assistant(answer)));

    SpanData search = tracing.span(AgentTools.SEARCH);
    assertThat(search.type()).isEqualTo(SpanType.TOOL);
    assertThat(search.toolCallId()).isEqualTo(calls.toolCalls().get(0).id());
    assertThat(search.input()).isEqualTo(Content.text("{\"query\":\"work\"}"));
    assertThat(search.output().asText()).contains("[1] Galileo Galilei worked at the University of Pisa");
    assertThat(tracing.span(AgentTools.DATE).output().asText()).contains("2024-05-01");
    SpanData server = tracing.awaitSpan("POST /retrieve", Duration.ofSeconds(10));
    assertThat(server.traceId()).isEqualTo(trace.traceId());
    assertThat(server.parentId()).isEqualTo(search.spanId());

    SpanData agent = tracing.span("research_agent");
    assertThat(agent.type()).isEqualTo(SpanType.AGENT);
    assertThat(agent.agentType()).isEqualTo(AgentType.REACT);
    assertThat(agent.parentId()).isEqualTo(trace.spanId());
    for (SpanData s : List.of(llms.get(0), llms.get(1), search, tracing.span(AgentTools.DATE))) {
      assertThat(s.parentId()).as(s.name()).isEqualTo(agent.spanId());
    }
  }
}
