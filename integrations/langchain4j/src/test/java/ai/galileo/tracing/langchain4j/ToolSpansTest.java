package ai.galileo.tracing.langchain4j;

import static org.assertj.core.api.Assertions.assertThat;

import ai.galileo.tracing.AgentType;
import ai.galileo.tracing.Content;
import ai.galileo.tracing.Galileo;
import ai.galileo.tracing.Message;
import ai.galileo.tracing.Role;
import ai.galileo.tracing.Scope;
import ai.galileo.tracing.Span;
import ai.galileo.tracing.SpanType;
import ai.galileo.tracing.core.SpanData;
import ai.galileo.tracing.testing.openai.FakeOpenAi;
import ai.galileo.tracing.testing.openai.Reply;
import ai.galileo.tracing.testing.openai.ToolCall;
import ai.galileo.tracing.testing.GalileoTracingExtension;
import dev.langchain4j.agent.tool.P;
import dev.langchain4j.agent.tool.Tool;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.openai.OpenAiChatModel;
import dev.langchain4j.model.openai.OpenAiStreamingChatModel;
import dev.langchain4j.service.AiServices;
import dev.langchain4j.service.TokenStream;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Tools own their work: each execution is one TOOL span, current on the thread that runs the tool
 * (the caller's, an executor's, the streaming client's), so what the tool does nests under it;
 * concurrent tools each have their own; a tool that throws ends its span with the error and the
 * agent goes on; the user's own tool hooks change none of it. Over LangChain4j's real OpenAI client
 * and the loopback fake.
 */
class ToolSpansTest {
  @RegisterExtension
  final GalileoTracingExtension tracing = GalileoTracingExtension.create();

  private final FakeOpenAi openAi = FakeOpenAi.start();
  private final ExecutorService pool = Executors.newFixedThreadPool(2, r -> new Thread(r, "tool-pool"));

  @AfterEach
  void stop() {
    pool.shutdownNow();
    openAi.close();
  }

  interface Assistant {
    String chat(String question);
  }

  interface StreamingAssistant {
    TokenStream chat(String question);
  }

  /** Tools that note the span current while they run and start one of their own under it. */
  static class Library {
    final Map<String, Span> currentInTool = new ConcurrentHashMap<>();
    final Map<String, Thread> threadOfTool = new ConcurrentHashMap<>();

    void noteAndWork(String tool) {
      currentInTool.put(tool, Span.current());
      threadOfTool.put(tool, Thread.currentThread());
      Galileo.tracer().spanBuilder("work of " + tool, SpanType.WORKFLOW).start().end("done");
    }

    @Tool("Finds a book's author")
    String author(@P(name = "title", description = "the book's title") String title) {
      noteAndWork("author");
      return "Galileo Galilei";
    }

    @Tool("Finds a book's year")
    String year(@P(name = "title", description = "the book's title") String title) {
      noteAndWork("year");
      return "1610";
    }
  }

  private OpenAiChatModel model() {
    return OpenAiChatModel.builder().baseUrl(openAi.baseUrl()).apiKey(openAi.apiKey())
        .modelName("gpt-4o-mini").maxRetries(0).build();
  }

  /** The one span of this name that is not a trace (a call outside any trace makes its own). */
  private SpanData span(String name) {
    List<SpanData> found = tracing.spans(name).stream().filter(s -> s.type() != SpanType.TRACE).toList();
    assertThat(found).as("spans named %s", name).hasSize(1);
    return found.get(0);
  }

  private List<SpanData> ofType(SpanType type) {
    return tracing.spans().stream().filter(s -> s.type() == type).toList();
  }

  private void assertToolOwnsItsWork(Library library, String tool) {
    SpanData span = span(tool);
    assertThat(span.type()).isEqualTo(SpanType.TOOL);
    assertThat(library.currentInTool.get(tool).context().spanId()).isEqualTo(span.spanId());
    assertThat(span("work of " + tool).parentId()).isEqualTo(span.spanId());
  }

  @Test
  void aToolRunOnTheCallersThreadIsCurrentThereAndItsWorkNestsUnderIt() {
    openAi.enqueue(Reply.toolCalls(ToolCall.of("call_a", "author", "{\"title\":\"Sidereus Nuncius\"}")),
        Reply.text("Galileo wrote it."));
    Library library = new Library();
    Assistant assistant = AiServices.builder(Assistant.class).chatModel(model()).tools(library).build();

    assertThat(assistant.chat("Who wrote Sidereus Nuncius?")).isEqualTo("Galileo wrote it.");

    SpanData agent = span("Assistant.chat");
    assertThat(agent.type()).isEqualTo(SpanType.AGENT);
    assertThat(agent.agentType()).isEqualTo(AgentType.REACT);
    SpanData tool = span("author");
    assertThat(tool.parentId()).isEqualTo(agent.spanId());
    assertThat(tool.toolCallId()).isEqualTo("call_a");
    assertThat(tool.input()).isEqualTo(Content.text("{\"title\":\"Sidereus Nuncius\"}"));
    assertThat(tool.output()).isEqualTo(Content.text("Galileo Galilei"));
    assertThat(ofType(SpanType.TOOL)).hasSize(1);
    assertToolOwnsItsWork(library, "author");
  }

  @Test
  void concurrentToolsEachHaveTheirOwnSpanCurrentOnTheThreadThatRunsThem() {
    CyclicBarrier bothRunning = new CyclicBarrier(2);
    Library library = new Library() {
      @Override
      void noteAndWork(String tool) {
        super.noteAndWork(tool);
        try {
          bothRunning.await(10, TimeUnit.SECONDS); // the two really overlap
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
      }
    };
    openAi.enqueue(Reply.toolCalls(
            ToolCall.of("call_a", "author", "{\"title\":\"Sidereus Nuncius\"}"),
            ToolCall.of("call_y", "year", "{\"title\":\"Sidereus Nuncius\"}")),
        Reply.text("Galileo, 1610."));
    Assistant assistant = AiServices.builder(Assistant.class).chatModel(model()).tools(library)
        .executeToolsConcurrently(pool).build();

    assertThat(assistant.chat("Who wrote Sidereus Nuncius, and when?")).isEqualTo("Galileo, 1610.");

    SpanData agent = span("Assistant.chat");
    List<SpanData> tools = ofType(SpanType.TOOL);
    assertThat(tools).extracting(SpanData::name).containsExactlyInAnyOrder("author", "year");
    assertThat(tools).allSatisfy(t -> assertThat(t.parentId()).isEqualTo(agent.spanId()));
    assertThat(span("author").toolCallId()).isEqualTo("call_a");
    assertThat(span("year").toolCallId()).isEqualTo("call_y");
    assertThat(library.threadOfTool.values()).allSatisfy(t -> assertThat(t.getName()).isEqualTo("tool-pool"));
    assertThat(library.threadOfTool.get("author")).isNotSameAs(library.threadOfTool.get("year"));
    assertToolOwnsItsWork(library, "author");
    assertToolOwnsItsWork(library, "year");
  }

  static final class Broken {
    @Tool("Reads the archive")
    String archive(@P(name = "shelf") String shelf) {
      Galileo.tracer().spanBuilder("open archive", SpanType.WORKFLOW).start().end();
      throw new IllegalStateException("the archive is closed");
    }
  }

  @Test
  void aToolThatThrowsEndsItsSpanWithTheErrorAndTheAgentGoesOnAsLangChain4jDoes() {
    openAi.enqueue(Reply.toolCalls(ToolCall.of("call_b", "archive", "{\"shelf\":\"B\"}")),
        Reply.text("The archive is closed today."));
    Assistant assistant = AiServices.builder(Assistant.class).chatModel(model()).tools(new Broken()).build();

    assertThat(assistant.chat("What is on shelf B?")).isEqualTo("The archive is closed today.");

    SpanData tool = span("archive");
    assertThat(tool.statusCode()).isEqualTo(500);
    assertThat(tool.metadata()).containsEntry("error.type", IllegalStateException.class.getName())
        .containsEntry("error.message", "the archive is closed");
    assertThat(tool.toolCallId()).isEqualTo("call_b");
    assertThat(span("open archive").parentId()).isEqualTo(tool.spanId());
    // LangChain4j handed the model the error, and the invocation ended well.
    List<SpanData> llm = ofType(SpanType.LLM);
    assertThat(llm).hasSize(2);
    assertThat(((Content.Messages) llm.get(1).input()).messages())
        .contains(Message.tool("the archive is closed", "call_b"));
    SpanData agent = span("Assistant.chat");
    assertThat(agent.statusCode()).isNull();
    assertThat(agent.output()).isEqualTo(Content.text("The archive is closed today."));
  }

  @Test
  void theUsersOwnToolHooksStillRunAndTheToolIsLoggedOnce() {
    openAi.enqueue(Reply.toolCalls(ToolCall.of("call_a", "author", "{\"title\":\"Dialogue\"}")),
        Reply.text("Galileo."));
    List<String> hooks = new CopyOnWriteArrayList<>();
    Library library = new Library();
    Assistant assistant = AiServices.builder(Assistant.class).chatModel(model()).tools(library)
        .beforeToolExecution(b -> hooks.add("before " + b.request().name()))
        .afterToolExecution(a -> hooks.add("after " + a.request().name() + " " + a.result()))
        .build();

    assistant.chat("Who wrote the Dialogue?");

    assertThat(hooks).containsExactly("before author", "after author Galileo Galilei");
    assertThat(ofType(SpanType.TOOL)).hasSize(1);
    assertToolOwnsItsWork(library, "author");
  }

  @Test
  void aStreamingAiServicesToolRunsUnderItsSpanOnTheClientsThread() throws Exception {
    openAi.enqueue(Reply.toolCalls(ToolCall.of("call_s", "author", "{\"title\":\"Il Saggiatore\"}")),
        Reply.text("Galileo wrote it."));
    Library library = new Library();
    StreamingAssistant assistant = AiServices.builder(StreamingAssistant.class)
        .streamingChatModel(OpenAiStreamingChatModel.builder().baseUrl(openAi.baseUrl())
            .apiKey(openAi.apiKey()).modelName("gpt-4o-mini").build())
        .tools(library)
        .build();
    CompletableFuture<ChatResponse> done = new CompletableFuture<>();

    Span trace = tracing.tracer().traceBuilder("ask").start();
    try (Scope scope = trace.makeCurrent()) {
      assistant.chat("Who wrote Il Saggiatore?").onPartialResponse(p -> {})
          .onCompleteResponse(done::complete).onError(done::completeExceptionally).start();
    }
    assertThat(done.get(10, TimeUnit.SECONDS).aiMessage().text()).isEqualTo("Galileo wrote it.");
    trace.end();

    SpanData agent = awaitSpan("StreamingAssistant.chat");
    assertThat(agent.parentId()).isEqualTo(trace.context().spanId());
    SpanData tool = span("author");
    assertThat(tool.parentId()).isEqualTo(agent.spanId());
    assertThat(tool.toolCallId()).isEqualTo("call_s");
    assertThat(library.threadOfTool.get("author")).isNotSameAs(Thread.currentThread());
    assertToolOwnsItsWork(library, "author");
    assertThat(ofType(SpanType.TOOL)).hasSize(1);
  }

  interface Librarian {
    String find(String question);
  }

  @Test
  void anAiServiceCalledInsideAToolIsItsOwnAgentUnderTheTool() {
    // The outer agent asks for its tool; the tool asks an inner agent, which uses a tool of its own.
    openAi.enqueue(
        Reply.toolCalls(ToolCall.of("call_o", "askLibrarian", "{\"question\":\"Who wrote it?\"}")),
        Reply.toolCalls(ToolCall.of("call_i", "author", "{\"title\":\"Sidereus Nuncius\"}")),
        Reply.text("Galileo Galilei."),
        Reply.text("The librarian says Galileo."));
    Librarian librarian = AiServices.builder(Librarian.class).chatModel(model()).tools(new Library()).build();
    AtomicInteger asked = new AtomicInteger();
    Object desk = new Object() {
      @Tool("Asks the librarian")
      String askLibrarian(@P(name = "question") String question) {
        asked.incrementAndGet();
        return librarian.find(question);
      }
    };
    Assistant assistant = AiServices.builder(Assistant.class).chatModel(model()).tools(desk).build();

    assertThat(assistant.chat("Who wrote Sidereus Nuncius?")).isEqualTo("The librarian says Galileo.");

    assertThat(asked).hasValue(1);
    SpanData outer = span("Assistant.chat");
    SpanData outerTool = span("askLibrarian");
    SpanData inner = span("Librarian.find");
    SpanData innerTool = span("author");
    assertThat(outerTool.parentId()).isEqualTo(outer.spanId());
    assertThat(inner.parentId()).isEqualTo(outerTool.spanId());
    assertThat(inner.type()).isEqualTo(SpanType.AGENT);
    assertThat(innerTool.parentId()).isEqualTo(inner.spanId());
    assertThat(innerTool.toolCallId()).isEqualTo("call_i");
    assertThat(tracing.spans().stream().filter(s -> s.type() == SpanType.LLM && s.parentId().equals(inner.spanId())))
        .hasSize(2);
    assertThat(outerTool.output()).isEqualTo(Content.text("Galileo Galilei."));
    assertThat(tracing.assertSingleTrace()).hasSize(10); // the trace the call made, and nine spans
  }

  @Test
  void aToolTheModelMadeUpIsNoSpanOfTheHookButStillLoggedOnce() {
    // LangChain4j answers a hallucinated tool name with an error message and goes on.
    openAi.enqueue(Reply.toolCalls(ToolCall.of("call_x", "noSuchTool", "{}")), Reply.text("Sorry."));
    Assistant assistant = AiServices.builder(Assistant.class).chatModel(model()).tools(new Library())
        .hallucinatedToolNameStrategy(r -> dev.langchain4j.data.message.ToolExecutionResultMessage.from(
            r, "There is no tool " + r.name()))
        .build();

    assertThat(assistant.chat("Anything?")).isEqualTo("Sorry.");

    SpanData tool = span("noSuchTool");
    assertThat(tool.type()).isEqualTo(SpanType.TOOL);
    assertThat(tool.toolCallId()).isEqualTo("call_x");
    assertThat(tool.output()).isEqualTo(Content.text("There is no tool noSuchTool"));
    assertThat(ofType(SpanType.TOOL)).hasSize(1);
    assertThat(ofType(SpanType.LLM).get(1).input()).isInstanceOf(Content.Messages.class);
    assertThat(((Content.Messages) ofType(SpanType.LLM).get(1).input()).messages())
        .extracting(Message::role).contains(Role.TOOL);
  }

  private SpanData awaitSpan(String name) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (tracing.spans(name).isEmpty() && System.nanoTime() < deadline) {
      Thread.sleep(5);
    }
    return span(name);
  }
}
