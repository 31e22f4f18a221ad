package ai.galileo.tracing.springai;

import static org.assertj.core.api.Assertions.assertThat;

import ai.galileo.tracing.Content;
import ai.galileo.tracing.Document;
import ai.galileo.tracing.Message;
import ai.galileo.tracing.Scope;
import ai.galileo.tracing.Span;
import ai.galileo.tracing.SpanType;
import ai.galileo.tracing.core.SpanData;
import ai.galileo.tracing.testing.openai.FakeOpenAi;
import ai.galileo.tracing.testing.GalileoTracingExtension;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.ai.document.MetadataMode;
import org.springframework.ai.vectorstore.SearchRequest;
import org.springframework.ai.vectorstore.SimpleVectorStore;

/** Spring AI's SimpleVectorStore with the real OpenAI embedding model, answered by the fake. */
class VectorStoreTest {
  @RegisterExtension
  final GalileoTracingExtension tracing = GalileoTracingExtension.create();

  private static FakeOpenAi openAi;
  private static SpringAiApp app;

  @BeforeAll
  static void start() {
    openAi = FakeOpenAi.start();
    app = SpringAiApp.start(openAi);
  }

  @AfterAll
  static void stop() {
    app.close();
    openAi.close();
  }

  private static final String PENDULUM = "Galileo studied the pendulum.";
  private static final String PADUA = "Galileo taught mathematics in Padua.";

  private static final List<org.springframework.ai.document.Document> DOCUMENTS = List.of(
      new org.springframework.ai.document.Document("doc-pendulum", PENDULUM, Map.of("source", "notes.txt")),
      new org.springframework.ai.document.Document("doc-padua", PADUA, Map.of("source", "letters.txt", "year", 1592)));

  private SimpleVectorStore library() {
    SimpleVectorStore store = app.vectorStore();
    store.add(DOCUMENTS);
    return store;
  }

  @Test
  void aSimilaritySearchIsARetrieverSpanWithTheQueryAndTheDocumentsWithTheirScores() {
    SimpleVectorStore store = library();
    tracing.exporter().reset();
    String query = "What did Galileo study about the pendulum?";

    Span trace = tracing.tracer().traceBuilder("search").start();
    List<org.springframework.ai.document.Document> found;
    try (Scope scope = trace.makeCurrent()) {
      found = store.similaritySearch(SearchRequest.builder().query(query).topK(2).similarityThreshold(0.0).build());
    } finally {
      trace.end();
    }

    Spans spans = new Spans(tracing.assertSingleTrace());
    SpanData retrieve = spans.only(SpanType.RETRIEVER);
    assertThat(retrieve.name()).isEqualTo("simple query");
    assertThat(retrieve.parentId()).isEqualTo(trace.context().spanId());
    assertThat(retrieve.input()).isEqualTo(Content.text(query));
    assertThat(retrieve.metadata()).containsEntry("db_system", "simple").containsEntry("top_k", "2")
        .containsEntry("similarity_threshold", "0.0").doesNotContainKey("filter");
    List<Document> docs = ((Content.Documents) retrieve.output()).documents();
    assertThat(docs).extracting(Document::content).containsExactly(PENDULUM, PADUA);
    assertThat(docs.get(0).metadata()).containsEntry("source", "notes.txt").containsEntry("id", "doc-pendulum")
        .containsEntry("score", found.get(0).getScore());
    assertThat(docs.get(1).metadata()).containsEntry("source", "letters.txt").containsEntry("year", 1592)
        .containsEntry("id", "doc-padua").containsEntry("score", found.get(1).getScore());
    assertThat((Double) docs.get(0).metadata().get("score"))
        .isGreaterThan((Double) docs.get(1).metadata().get("score"));

    SpanData embedding = spans.only(SpanType.LLM);
    assertThat(embedding.name()).isEqualTo("embedding text-embedding-3-small");
    assertThat(embedding.parentId()).isEqualTo(retrieve.spanId());
    assertThat(embedding.input()).isEqualTo(Content.messages(Message.user(query)));
    assertThat(embedding.output()).isEqualTo(Content.text("1 embedding of 64 dimensions"));
    assertThat(embedding.llm().model()).isEqualTo("text-embedding-3-small");
    assertThat(embedding.metadata()).containsEntry("operation", "embedding").containsEntry("provider", "openai");
    assertThat(embedding.statusCode()).isEqualTo(200);
    // The fake counts the words of the input as its tokens.
    assertThat(embedding.llm().inputTokens()).isEqualTo(7L);
    assertThat(embedding.llm().totalTokens()).isEqualTo(7L);
  }

  @Test
  void addingDocumentsIsAWorkflowSpanWithTheEmbeddingCallUnderIt() {
    library();

    // Outside any trace: the add starts one of its own, named after it.
    Spans spans = new Spans(tracing.assertSingleTrace());
    SpanData add = spans.only(SpanType.WORKFLOW);
    assertThat(add.name()).isEqualTo("simple add");
    assertThat(spans.parent(add).type()).isEqualTo(SpanType.TRACE);
    assertThat(add.input()).isNull();
    assertThat(add.metadata()).containsEntry("db_system", "simple");
    List<SpanData> embeddings = spans.ofType(SpanType.LLM);
    assertThat(embeddings).isNotEmpty().allSatisfy(e -> {
      assertThat(e.parentId()).isEqualTo(add.spanId());
      assertThat(e.name()).isEqualTo("embedding text-embedding-3-small");
    });
    assertThat(embeddings.stream().flatMap(e -> ((Content.Messages) e.input()).messages().stream()).toList())
        .as("what was embedded: each document's text with the metadata Spring AI embeds")
        .containsExactlyElementsOf(DOCUMENTS.stream()
            .map(d -> Message.user(d.getFormattedContent(MetadataMode.EMBED))).toList());
  }
}
