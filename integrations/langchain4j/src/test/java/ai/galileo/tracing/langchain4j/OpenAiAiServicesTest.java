package ai.galileo.tracing.langchain4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.galileo.tracing.AgentType;
import ai.galileo.tracing.Content;
import ai.galileo.tracing.Document;
import ai.galileo.tracing.Message;
import ai.galileo.tracing.Role;
import ai.galileo.tracing.Scope;
import ai.galileo.tracing.Span;
import ai.galileo.tracing.SpanType;
import ai.galileo.tracing.ToolCall;
import ai.galileo.tracing.ToolDefinition;
import ai.galileo.tracing.core.SpanData;
import ai.galileo.tracing.testing.openai.FakeOpenAi;
import ai.galileo.tracing.testing.openai.Reply;
import ai.galileo.tracing.testing.GalileoTracingExtension;
import dev.langchain4j.agent.tool.Tool;
import dev.langchain4j.data.document.Metadata;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.exception.RateLimitException;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.openai.OpenAiChatModel;
import dev.langchain4j.model.openai.OpenAiEmbeddingModel;
import dev.langchain4j.model.openai.OpenAiStreamingChatModel;
import dev.langchain4j.rag.content.retriever.EmbeddingStoreContentRetriever;
import dev.langchain4j.service.AiServices;
import dev.langchain4j.service.TokenStream;
import dev.langchain4j.store.embedding.inmemory.InMemoryEmbeddingStore;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** AI Services with tools and retrieval over LangChain4j's real OpenAI client and the loopback fake. */
class OpenAiAiServicesTest {
  @RegisterExtension
  final GalileoTracingExtension tracing = GalileoTracingExtension.create();

  private FakeOpenAi openAi;
  private final GalileoLangChain4j galileo = GalileoLangChain4j.create();

  @BeforeEach
  void start() {
    openAi = FakeOpenAi.start();
  }

  @AfterEach
  void stop() {
    openAi.close();
  }

  interface Assistant {
    String chat(String question);
  }

  interface StreamingAssistant {
    TokenStream chat(String question);
  }

  static final class Archive {
    @Tool("Tells where a person worked")
    String workplace(String person) {
      return person + " worked in Padua";
    }
  }

  private OpenAiChatModel chatModel() {
    return OpenAiChatModel.builder().baseUrl(openAi.baseUrl()).apiKey(openAi.apiKey())
        .modelName("gpt-4o-mini").maxRetries(0).listeners(galileo.chatModelListener()).build();
  }

  private List<SpanData> ofType(SpanType type) {
    return tracing.spans().stream().filter(s -> s.type() == type).toList();
  }

  private SpanData only(SpanType type) {
    List<SpanData> spans = ofType(type);
    assertThat(spans).as("%s spans", type).hasSize(1);
    return spans.get(0);
  }

  @Test
  void anAiServiceWithAToolIsOneReactAgentWithTwoLlmCallsAndTheToolUnderIt() {
    openAi.enqueue(
        Reply.toolCalls(ai.galileo.tracing.testing.openai.ToolCall.of("call_1", "workplace", "{\"arg0\":\"Galileo\"}")).usage(20, 7),
        Reply.text("Galileo worked in Padua.").usage(31, 6));
    Assistant assistant = AiServices.builder(Assistant.class).chatModel(chatModel()).tools(new Archive()).build();

    Span trace = tracing.tracer().traceBuilder("ask").start();
    try (Scope scope = trace.makeCurrent()) {
      assertThat(assistant.chat("Where did Galileo work?")).isEqualTo("Galileo worked in Padua.");
    } finally {
      trace.end();
    }

    assertThat(tracing.assertSingleTrace()).hasSize(5);
    SpanData invocation = only(SpanType.AGENT);
    assertThat(invocation.agentType()).isEqualTo(AgentType.REACT);
    assertThat(invocation.name()).isEqualTo("Assistant.chat");
    assertThat(invocation.parentId()).isEqualTo(trace.context().spanId());
    assertThat(invocation.input()).isEqualTo(Content.messages(Message.user("Where did Galileo work?")));
    assertThat(invocation.output()).isEqualTo(Content.text("Galileo worked in Padua."));

    ToolCall call = new ToolCall("call_1", "workplace", "{\"arg0\":\"Galileo\"}");
    List<SpanData> llm = ofType(SpanType.LLM);
    assertThat(llm).hasSize(2).allSatisfy(s -> {
      assertThat(s.parentId()).isEqualTo(invocation.spanId());
      assertThat(s.name()).isEqualTo("chat gpt-4o-mini");
      assertThat(s.metadata()).containsEntry("provider", "open_ai").doesNotContainKeys("tools", "finish_reason");
      assertThat(s.llm().tools()).containsExactly(ToolDefinition.of("workplace", "Tells where a person worked",
          "{\"type\":\"object\",\"properties\":{\"arg0\":{\"type\":\"string\"}},\"required\":[\"arg0\"]}"));
    });
    assertThat(llm.get(0).output()).isEqualTo(Content.message(new Message(Role.ASSISTANT, "", null, List.of(call))));
    assertThat(llm.get(0).llm().inputTokens()).isEqualTo(20L);
    assertThat(llm.get(0).llm().finishReason()).isEqualTo("tool_calls");
    assertThat(llm.get(1).llm().finishReason()).isEqualTo("stop");
    assertThat(llm.get(1).input()).isEqualTo(Content.messages(Message.user("Where did Galileo work?"),
        new Message(Role.ASSISTANT, "", null, List.of(call)), Message.tool("Galileo worked in Padua", "call_1")));
    assertThat(llm.get(1).output()).isEqualTo(Content.message(Message.assistant("Galileo worked in Padua.")));
    assertThat(llm.get(1).llm().totalTokens()).isEqualTo(37L);

    SpanData tool = only(SpanType.TOOL);
    assertThat(tool.name()).isEqualTo("workplace");
    assertThat(tool.parentId()).isEqualTo(invocation.spanId());
    assertThat(tool.input()).isEqualTo(Content.text("{\"arg0\":\"Galileo\"}"));
    assertThat(tool.output()).isEqualTo(Content.text("Galileo worked in Padua"));
    assertThat(tool.toolCallId()).isEqualTo("call_1");
  }

  @Test
  void aRateLimitedAiServiceEndsItsLlmAndWorkflowSpansWith429() {
    openAi.enqueue(Reply.rateLimited(Duration.ofSeconds(1)));
    Assistant assistant = AiServices.builder(Assistant.class).chatModel(chatModel()).build();

    assertThatThrownBy(() -> assistant.chat("hi")).isInstanceOf(RateLimitException.class);

    SpanData invocation = only(SpanType.WORKFLOW);
    SpanData llm = only(SpanType.LLM);
    assertThat(llm.parentId()).isEqualTo(invocation.spanId());
    assertThat(llm.statusCode()).isEqualTo(429);
    assertThat(invocation.statusCode()).isEqualTo(429);
    assertThat(invocation.metadata()).containsEntry("error.type", RateLimitException.class.getName());
  }

  @Test
  void aStreamingAiServiceWithAToolFinishesOnTheClientsThreadWithEverythingNested() throws Exception {
    openAi.enqueue(
        Reply.toolCalls(ai.galileo.tracing.testing.openai.ToolCall.of("call_2", "workplace", "{\"arg0\":\"Galileo\"}")),
        Reply.text("Galileo worked in Padua.").usage(31, 6));
    StreamingAssistant assistant = AiServices.builder(StreamingAssistant.class)
        .streamingChatModel(OpenAiStreamingChatModel.builder().baseUrl(openAi.baseUrl()).apiKey(openAi.apiKey())
            .modelName("gpt-4o-mini").listeners(galileo.chatModelListener()).build())
        .tools(new Archive())
        .build();
    CompletableFuture<ChatResponse> done = new CompletableFuture<>();

    Span trace = tracing.tracer().traceBuilder("ask").start();
    try (Scope scope = trace.makeCurrent()) {
      assistant.chat("Where did Galileo work?")
          .onPartialResponse(p -> {}).onCompleteResponse(done::complete).onError(done::completeExceptionally)
          .start();
    }
    assertThat(done.get(10, TimeUnit.SECONDS).aiMessage().text()).isEqualTo("Galileo worked in Padua.");
    trace.end();

    SpanData invocation = awaitType(SpanType.AGENT);
    assertThat(invocation.parentId()).isEqualTo(trace.context().spanId());
    assertThat(invocation.output()).isEqualTo(Content.message(Message.assistant("Galileo worked in Padua.")));
    List<SpanData> llm = ofType(SpanType.LLM);
    assertThat(llm).hasSize(2).allSatisfy(s -> assertThat(s.parentId()).isEqualTo(invocation.spanId()));
    assertThat(llm.get(1).llm().inputTokens()).isEqualTo(31L);
    SpanData tool = only(SpanType.TOOL);
    assertThat(tool.parentId()).isEqualTo(invocation.spanId());
    assertThat(tool.output()).isEqualTo(Content.text("Galileo worked in Padua"));
  }

  @Test
  void retrievalWithOpenAiEmbeddingsIsARetrieverSpanWithTheDocumentsAndScores() {
    OpenAiEmbeddingModel embeddings = OpenAiEmbeddingModel.builder().baseUrl(openAi.baseUrl())
        .apiKey(openAi.apiKey()).modelName("text-embedding-3-small").build();
    InMemoryEmbeddingStore<TextSegment> store = new InMemoryEmbeddingStore<>();
    TextSegment pendulum = TextSegment.from("Galileo studied the pendulum.", Metadata.from("source", "notes.txt"));
    TextSegment padua = TextSegment.from("Galileo taught mathematics in Padua.", Metadata.from("source", "letters.txt"));
    store.addAll(embeddings.embedAll(List.of(pendulum, padua)).content(), List.of(pendulum, padua));
    openAi.enqueue(Reply.text("He studied the pendulum."));
    Assistant assistant = AiServices.builder(Assistant.class).chatModel(chatModel())
        .contentRetriever(EmbeddingStoreContentRetriever.builder()
            .embeddingStore(store.addListener(galileo.embeddingStoreListener()))
            .embeddingModel(embeddings).maxResults(2).build()
            .addListener(galileo.contentRetrieverListener()))
        .build();

    assistant.chat("What did Galileo study about the pendulum?");

    SpanData invocation = only(SpanType.WORKFLOW);
    SpanData retrieve = tracing.span("retrieve");
    assertThat(retrieve.parentId()).isEqualTo(invocation.spanId());
    assertThat(retrieve.input()).isEqualTo(Content.text("What did Galileo study about the pendulum?"));
    List<Document> docs = ((Content.Documents) retrieve.output()).documents();
    assertThat(docs).hasSize(2);
    assertThat(docs).extracting(Document::content)
        .containsExactlyInAnyOrder("Galileo studied the pendulum.", "Galileo taught mathematics in Padua.");
    assertThat(docs).allSatisfy(d -> assertThat(d.metadata()).containsKeys("source", "score", "embedding_id"));
    assertThat((Double) docs.get(0).metadata().get("score"))
        .isGreaterThanOrEqualTo((Double) docs.get(1).metadata().get("score"));
    SpanData search = tracing.span("search embedding store");
    assertThat(search.parentId()).isEqualTo(retrieve.spanId());
    assertThat(search.metadata()).containsEntry("max_results", "2");
    SpanData llm = only(SpanType.LLM);
    assertThat(llm.parentId()).isEqualTo(invocation.spanId());
    assertThat(llm.input().asText()).contains("Galileo studied the pendulum.");
  }

  private SpanData awaitType(SpanType type) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (ofType(type).isEmpty() && System.nanoTime() < deadline) {
      Thread.sleep(5);
    }
    return only(type);
  }
}
