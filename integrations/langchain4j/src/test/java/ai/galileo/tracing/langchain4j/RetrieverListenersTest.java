package ai.galileo.tracing.langchain4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.galileo.tracing.Content;
import ai.galileo.tracing.Document;
import ai.galileo.tracing.Scope;
import ai.galileo.tracing.Span;
import ai.galileo.tracing.SpanType;
import ai.galileo.tracing.core.SpanData;
import ai.galileo.tracing.testing.GalileoTracingExtension;
import dev.langchain4j.data.document.Metadata;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.rag.content.retriever.ContentRetriever;
import dev.langchain4j.rag.content.retriever.EmbeddingStoreContentRetriever;
import dev.langchain4j.rag.query.Query;
import dev.langchain4j.service.AiServices;
import dev.langchain4j.store.embedding.EmbeddingStore;
import dev.langchain4j.store.embedding.inmemory.InMemoryEmbeddingStore;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class RetrieverListenersTest {
  @RegisterExtension
  final GalileoTracingExtension tracing = GalileoTracingExtension.create();

  private final LetterEmbeddings embeddings = new LetterEmbeddings();
  private final InMemoryEmbeddingStore<TextSegment> store = new InMemoryEmbeddingStore<>();
  private String pendulumId;

  @BeforeEach
  void fill() {
    TextSegment pendulum = TextSegment.from("Galileo studied the pendulum.",
        Metadata.from(Map.of("source", "notes.txt", "page", 3)));
    TextSegment padua = TextSegment.from("Galileo taught in Padua.", Metadata.from("source", "letters.txt"));
    pendulumId = store.add(embeddings.embed(pendulum).content(), pendulum);
    store.add(embeddings.embed(padua).content(), padua);
  }

  private ContentRetriever tracedRetriever(GalileoLangChain4j galileo) {
    EmbeddingStore<TextSegment> listening = store.addListener(galileo.embeddingStoreListener());
    return EmbeddingStoreContentRetriever.builder()
        .embeddingStore(listening)
        .embeddingModel(embeddings)
        .maxResults(1)
        .build()
        .addListener(galileo.contentRetrieverListener());
  }

  @Test
  void aRetrievalIsARetrieverSpanWithTheQueryAndTheDocumentsAndTheStoreSearchUnderIt() {
    ContentRetriever retriever = tracedRetriever(GalileoLangChain4j.create());
    Span trace = tracing.tracer().traceBuilder("ask").start();
    try (Scope scope = trace.makeCurrent()) {
      assertThat(retriever.retrieve(Query.from("pendulum"))).hasSize(1);
      assertThat(Span.current()).isSameAs(trace);
    } finally {
      trace.end();
    }

    SpanData retrieve = tracing.span("retrieve");
    assertThat(retrieve.type()).isEqualTo(SpanType.RETRIEVER);
    assertThat(retrieve.parentId()).isEqualTo(trace.context().spanId());
    assertThat(retrieve.input()).isEqualTo(Content.text("pendulum"));
    assertThat(retrieve.output()).isInstanceOf(Content.Documents.class);
    List<Document> docs = ((Content.Documents) retrieve.output()).documents();
    assertThat(docs).hasSize(1);
    assertThat(docs.get(0).content()).isEqualTo("Galileo studied the pendulum.");
    assertThat(docs.get(0).metadata())
        .containsEntry("source", "notes.txt")
        .containsEntry("page", 3)
        .containsEntry("embedding_id", pendulumId)
        .containsKey("score");
    assertThat((Double) docs.get(0).metadata().get("score")).isBetween(0.5, 1.0);

    SpanData search = tracing.span("search embedding store");
    assertThat(search.type()).isEqualTo(SpanType.RETRIEVER);
    assertThat(search.parentId()).isEqualTo(retrieve.spanId());
    assertThat(search.input()).isEqualTo(Content.text("pendulum"));
    assertThat(search.metadata()).containsEntry("max_results", "1").containsEntry("min_score", "0.0");
    List<Document> matches = ((Content.Documents) search.output()).documents();
    assertThat(matches).extracting(Document::content).containsExactly("Galileo studied the pendulum.");
    assertThat(matches.get(0).metadata()).containsEntry("embedding_id", pendulumId)
        .containsEntry("score", docs.get(0).metadata().get("score"));
  }

  @Test
  void aFailedRetrievalEndsItsSpanWithTheErrorAndRestoresTheContext() {
    ContentRetriever failing = ((ContentRetriever) q -> {
      throw new IllegalStateException("index offline");
    }).addListener(GalileoLangChain4j.create().contentRetrieverListener());
    Span trace = tracing.tracer().traceBuilder("ask").start();
    try (Scope scope = trace.makeCurrent()) {
      assertThatThrownBy(() -> failing.retrieve(Query.from("pendulum"))).hasMessage("index offline");
      assertThat(Span.current()).isSameAs(trace);
    } finally {
      trace.end();
    }

    SpanData retrieve = tracing.span("retrieve");
    assertThat(retrieve.statusCode()).isEqualTo(500);
    assertThat(retrieve.metadata()).containsEntry("error.message", "index offline");
  }

  interface Assistant {
    String chat(String question);
  }

  @Test
  void anAiServicesRetrievalNestsUnderItsInvocation() {
    Assistant assistant = AiServices.builder(Assistant.class)
        .chatModel(StubModels.chat(r -> ChatResponse.builder().aiMessage(AiMessage.from("Pendulums.")).build()))
        .contentRetriever(tracedRetriever(GalileoLangChain4j.create()))
        .build();

    assistant.chat("What did Galileo study about the pendulum?");

    SpanData invocation = tracing.spans("Assistant.chat").stream()
        .filter(s -> s.type() == SpanType.WORKFLOW).findFirst().orElseThrow();
    SpanData retrieve = tracing.span("retrieve");
    assertThat(retrieve.parentId()).isEqualTo(invocation.spanId());
    assertThat(tracing.span("search embedding store").parentId()).isEqualTo(retrieve.spanId());
    SpanData llm = tracing.spans().stream().filter(s -> s.type() == SpanType.LLM).findFirst().orElseThrow();
    assertThat(llm.parentId()).isEqualTo(invocation.spanId());
    assertThat(llm.input().asText()).contains("Galileo studied the pendulum.");
  }
}
