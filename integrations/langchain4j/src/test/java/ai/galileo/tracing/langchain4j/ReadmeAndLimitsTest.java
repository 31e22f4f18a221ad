package ai.galileo.tracing.langchain4j;

import static org.assertj.core.api.Assertions.assertThat;

import ai.galileo.tracing.Content;
import ai.galileo.tracing.Scope;
import ai.galileo.tracing.Span;
import ai.galileo.tracing.SpanType;
import ai.galileo.tracing.core.SpanData;
import ai.galileo.tracing.core.internal.export.GalileoJson;
import ai.galileo.tracing.core.internal.export.SpanNode;
import ai.galileo.tracing.testing.GalileoTracingExtension;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.openai.OpenAiChatModel;
import dev.langchain4j.rag.content.retriever.ContentRetriever;
import dev.langchain4j.rag.content.retriever.EmbeddingStoreContentRetriever;
import dev.langchain4j.store.embedding.EmbeddingStore;
import dev.langchain4j.store.embedding.inmemory.InMemoryEmbeddingStore;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class ReadmeAndLimitsTest {
  @RegisterExtension
  final GalileoTracingExtension tracing = GalileoTracingExtension.create();

  @Test
  void theReadmesSetUpIsExactlyWhatThisTestBuilds() throws Exception {
    String key = "sk-not-used";
    EmbeddingStore<TextSegment> store = new InMemoryEmbeddingStore<>();
    EmbeddingModel embeddings = new LetterEmbeddings();
    // README:begin
    GalileoLangChain4j tracing = GalileoLangChain4j.create();

    // Chat models: one LLM span per call, sync or streaming.
    ChatModel model = OpenAiChatModel.builder().apiKey(key).modelName("gpt-4o-mini").listeners(tracing.chatModelListener()).build();

    // Retrievers and embedding stores: a RETRIEVER span per retrieval or search.
    ContentRetriever retriever = EmbeddingStoreContentRetriever.builder().embeddingStore(store.addListener(tracing.embeddingStoreListener())).embeddingModel(embeddings).build().addListener(tracing.contentRetrieverListener());
    // README:end

    assertThat(model.listeners()).containsExactly(tracing.chatModelListener());
    assertThat(retriever).isNotNull();
    assertThat(firstJavaBlock(Path.of("README.md"))).isEqualTo(between(
        Path.of("src/test/java/ai/galileo/tracing/langchain4j/ReadmeAndLimitsTest.java")));
  }

  @Test
  void longMessagesAreHandedOverWholeAndCutByGalileoMaxFieldCharsWhenExported() {
    String question = "Why? ".repeat(2_000);
    ChatModel model = StubModels.chat(r -> ChatResponse.builder().aiMessage(AiMessage.from("Because.")).build(),
        GalileoLangChain4j.create().chatModelListener());
    Span trace = tracing.tracer().traceBuilder("ask").start();
    try (Scope scope = trace.makeCurrent()) {
      model.chat(question);
    } finally {
      trace.end();
    }
    SpanData llm = tracing.spans().stream().filter(s -> s.type() == SpanType.LLM).findFirst().orElseThrow();
    SpanData root = tracing.span("ask");
    assertThat(llm.input().asText()).isEqualTo("user: " + question);

    // The exporter's writer, as GALILEO_MAX_FIELD_CHARS=100 configures it.
    String body = new String(new GalileoJson("test", 100).tracesIngest(null, null,
        List.of(new SpanNode(root, List.of(SpanNode.leaf(llm)))), true), StandardCharsets.UTF_8);
    assertThat(body).doesNotContain(question.substring(0, 200))
        .contains(question.substring(0, 100) + "\u2026[truncated " + (question.length() - 100) + " of " + question.length());
    assertThat(body).contains("Because.");
  }

  private static List<String> firstJavaBlock(Path markdown) throws Exception {
    List<String> block = new ArrayList<>();
    boolean in = false;
    for (String line : Files.readAllLines(markdown, StandardCharsets.UTF_8)) {
      if (!in && line.trim().equals("```java")) {
        in = true;
      } else if (in && line.trim().equals("```")) {
        break;
      } else if (in && !line.startsWith("import ") && !line.startsWith("// given:")) {
        block.add(line.trim()); // the block's imports and given names are this test's own
      }
    }
    while (!block.isEmpty() && block.get(0).isEmpty()) {
      block.remove(0);
    }
    return block;
  }

  private static List<String> between(Path source) throws Exception {
    List<String> lines = new ArrayList<>();
    boolean in = false;
    for (String line : Files.readAllLines(source, StandardCharsets.UTF_8)) {
      if (line.trim().equals("// README:begin")) {
        in = true;
      } else if (line.trim().equals("// README:end")) {
        break;
      } else if (in) {
        lines.add(line.trim());
      }
    }
    return lines;
  }
}
