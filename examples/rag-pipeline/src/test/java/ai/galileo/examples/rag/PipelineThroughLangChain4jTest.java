package ai.galileo.examples.rag;

import static org.assertj.core.api.Assertions.assertThat;

import ai.galileo.tracing.Content;
import ai.galileo.tracing.Document;
import ai.galileo.tracing.Message;
import ai.galileo.tracing.SpanType;
import ai.galileo.tracing.core.SpanData;
import ai.galileo.tracing.langchain4j.GalileoLangChain4j;
import ai.galileo.tracing.testing.GalileoTracingExtension;
import com.sun.net.httpserver.HttpServer;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * One question through the whole pipeline in this JVM: the retrieval service on loopback (its
 * search a LangChain4j ContentRetriever), the demo's model endpoint on loopback, and the
 * orchestrator's LangChain4j OpenAiChatModel. The llm and retriever spans come from the
 * integration, with what the endpoint and the knowledge base actually returned.
 */
class PipelineThroughLangChain4jTest {
  @RegisterExtension
  final GalileoTracingExtension tracing = GalileoTracingExtension.create();

  private HttpServer model;
  private HttpServer retrieval;
  private ExecutorService handlers;
  private Orchestrator orchestrator;

  @BeforeEach
  void start() throws Exception {
    model = ModelGateway.startOnFreePort();
    handlers = Executors.newFixedThreadPool(2);
    RetrievalService service = new RetrievalService(tracing.tracer(), new KnowledgeBase("all"),
        "retrieval-service", 0, 0);
    retrieval = service.httpServer("127.0.0.1", 0, handlers);
    retrieval.start();
    LanguageModel llm = LanguageModel.fromEnvironment(Map.of(),
        "http://127.0.0.1:" + model.getAddress().getPort() + "/v1", GalileoLangChain4j.create(tracing.tracer()));
    assertThat(llm.local()).isTrue();
    orchestrator = new Orchestrator(tracing.tracer(), List.of(RetrievalClient.create("http",
        "http://127.0.0.1:" + retrieval.getAddress().getPort(), tracing.tracer())), llm);
  }

  @AfterEach
  void stop() {
    orchestrator.close();
    retrieval.stop(0);
    model.stop(0);
    handlers.shutdownNow();
  }

  @Test
  void theLlmSpanComesFromTheIntegrationWithTheModelTheMessagesAndTheEndpointsTokenCounts() throws Exception {
    assertThat(orchestrator.ask("Where did Galileo Galilei work?")).isZero();

    SpanData trace = tracing.spans().stream().filter(SpanData::isTrace).filter(SpanData::ended).findFirst().orElseThrow();
    SpanData llm = tracing.span("chat " + ModelGateway.MODEL);
    assertThat(llm.type()).isEqualTo(SpanType.LLM);
    assertThat(llm.parentId()).isEqualTo(trace.spanId());
    assertThat(llm.llm().model()).isEqualTo(ModelGateway.MODEL);
    assertThat(llm.llm().temperature()).isEqualTo(0.0);
    assertThat(llm.metadata()).containsEntry("provider", "open_ai").doesNotContainKey("finish_reason");
    assertThat(llm.llm().finishReason()).isEqualTo("stop");

    List<Message> in = ((Content.Messages) llm.input()).messages();
    assertThat(in).hasSize(2);
    assertThat(in.get(0)).isEqualTo(Message.system("Answer the question using only the context. Be brief."));
    String user = in.get(1).content();
    assertThat(user).startsWith("Context:\n[1] Galileo Galilei worked at").endsWith("Question: Where did Galileo Galilei work?");

    String answer = "Galileo Galilei worked at the University of Pisa as a professor of mathematics."
        + " Galileo Galilei worked at the University of Padua for eighteen years.";
    assertThat(llm.output()).isEqualTo(Content.message(Message.assistant(answer)));
    assertThat(trace.output()).isEqualTo(Content.text(answer));
    long prompt = ModelGateway.whitespaceTokens(in.get(0).content(), user);
    assertThat(llm.llm().inputTokens()).isEqualTo(prompt);
    assertThat(llm.llm().outputTokens()).isEqualTo(ModelGateway.whitespaceTokens(answer)).isEqualTo(24L);
    assertThat(llm.llm().totalTokens()).isEqualTo(prompt + 24);
    assertThat(tracing.spans().stream().filter(s -> s.type() == SpanType.LLM && s.ended())).hasSize(1);
  }

  @Test
  void theRetrieverSpanComesFromTheIntegrationWithTheQueryAndEachDocumentsTextMetadataAndScore() throws Exception {
    assertThat(orchestrator.ask("What did Galileo Galilei research?")).isZero();

    SpanData retrieve = tracing.span("retrieve");
    assertThat(retrieve.type()).isEqualTo(SpanType.RETRIEVER);
    SpanData server = tracing.span("POST /retrieve");
    assertThat(retrieve.parentId()).isEqualTo(server.spanId());
    assertThat(retrieve.input()).isEqualTo(Content.text("research"));
    assertThat(retrieve.metadata()).containsEntry("top_k", "3");
    List<Document> docs = ((Content.Documents) retrieve.output()).documents();
    assertThat(docs).extracting(Document::content).containsExactly(
        "Galileo Galilei researched the motion of falling bodies and pendulums.",
        "Galileo Galilei researched astronomy with telescopes he built, discovering the four largest moons of Jupiter.");
    assertThat(docs.get(0).metadata()).containsEntry("id", "research-1").containsEntry("topic", "research")
        .containsEntry("source", "knowledge-base").containsEntry("score", 1.0);

    // What the orchestrator's "call retrieval" span got over the wire is the same documents.
    SpanData call = tracing.span("call retrieval");
    assertThat(((Content.Documents) call.output()).documents()).extracting(Document::content)
        .containsExactlyElementsOf(docs.stream().map(Document::content).toList());
    assertThat(((Content.Documents) call.output()).documents().get(0).metadata()).containsEntry("score", 1.0);
  }
}
