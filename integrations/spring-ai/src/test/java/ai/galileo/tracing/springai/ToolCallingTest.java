package ai.galileo.tracing.springai;

import static ai.galileo.tracing.springai.SpringAiApp.SPRING_AI_2;
import static org.assertj.core.api.Assertions.assertThat;

import ai.galileo.tracing.Content;
import ai.galileo.tracing.Message;
import ai.galileo.tracing.Role;
import ai.galileo.tracing.Scope;
import ai.galileo.tracing.Span;
import ai.galileo.tracing.SpanType;
import ai.galileo.tracing.ToolCall;
import ai.galileo.tracing.core.SpanData;
import ai.galileo.tracing.testing.openai.FakeOpenAi;
import ai.galileo.tracing.testing.openai.Reply;
import ai.galileo.tracing.testing.GalileoTracingExtension;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A ChatClient whose model calls a {@code @Tool} that calls a second service over HTTP, in a server
 * of its own: the HTTP call, and the second service's spans, nest under the tool's span, because
 * the span is current on the thread that runs the tool. The whole tree is compared, and what links
 * the tool to the model's choice: the tools offered, the finish reasons and the tool call id.
 */
class ToolCallingTest {
  /** The tree on Spring AI 1.1, where the model runs the tool loop inside the "call" advisor. */
  static final String TREE_1 = """
      trace ask
        workflow ChatClient.call
          workflow advisor call
            llm chat gpt-4o-mini
            tool forecast
              workflow POST /forecast
                retriever look up forecast
            llm chat gpt-4o-mini
      """;
  /** The tree on Spring AI 2.0, where the ChatClient's tool calling advisor runs the loop. */
  static final String TREE_2 = """
      trace ask
        workflow ChatClient.call
          workflow advisor Tool Calling Advisor
            workflow advisor call
              llm chat gpt-4o-mini
            tool forecast
              workflow POST /forecast
                retriever look up forecast
            workflow advisor call
              llm chat gpt-4o-mini
      """;
  static final String TREE = SPRING_AI_2 ? TREE_2 : TREE_1;

  /** The model asks for the forecast first, then answers with the tool's result. */
  static void script(FakeOpenAi openAi) {
    openAi.enqueue(
        Reply.toolCalls(ai.galileo.tracing.testing.openai.ToolCall.of("call_w1", "forecast", "{\"city\":\"Pisa\"}"))
            .usage(25, 8),
        Reply.text("Tomorrow: sunny, 24C in Pisa.").usage(40, 9));
  }

  @RegisterExtension
  final GalileoTracingExtension tracing = GalileoTracingExtension.create();

  private static FakeOpenAi openAi;
  private static SpringAiApp app;
  private ForecastService forecastService;

  @BeforeAll
  static void startApp() {
    openAi = FakeOpenAi.start();
    app = SpringAiApp.start(openAi);
  }

  @AfterAll
  static void stopApp() {
    app.close();
    openAi.close();
  }

  @BeforeEach
  void startForecastService() throws Exception {
    openAi.reset();
    forecastService = new ForecastService(tracing.tracer());
  }

  @AfterEach
  void stopForecastService() {
    forecastService.close();
  }

  @Test
  void aToolsHttpCallAndTheOtherServicesSpansNestUnderTheToolSpanAndTheTreeIsExact() throws Exception {
    script(openAi);
    ForecastService.Weather weather = new ForecastService.Weather(tracing.tracer(), forecastService.uri());

    Span trace = tracing.tracer().traceBuilder("ask").start();
    String answer;
    try (Scope scope = trace.makeCurrent()) {
      answer = app.chatClient().prompt().user("Weather in Pisa tomorrow?").tools(weather).call().content();
    } finally {
      trace.end();
    }

    assertThat(answer).isEqualTo("Tomorrow: sunny, 24C in Pisa.");
    tracing.awaitSpan("POST /forecast", Duration.ofSeconds(10));
    Spans spans = new Spans(tracing.assertSingleTrace());
    assertThat(Trees.of(tracing.assertSingleTrace())).isEqualTo(TREE);

    SpanData tool = spans.only(SpanType.TOOL);
    SpanData server = spans.named("POST /forecast");
    assertThat(server.parentId()).isEqualTo(tool.spanId());
    assertThat(server.remoteParent()).isTrue();
    assertThat(spans.named("look up forecast").parentId()).isEqualTo(server.spanId());
    assertThat(tool.toolCallId()).isEqualTo("call_w1");
    assertThat(tool.input()).isEqualTo(Content.text("{\"city\":\"Pisa\"}"));
    assertThat(tool.output().asText()).contains("Sunny, 24C in Pisa");

    List<SpanData> llm = spans.ofType(SpanType.LLM);
    ToolCall call = new ToolCall("call_w1", "forecast", "{\"city\":\"Pisa\"}");
    assertThat(llm.get(0).output()).isEqualTo(Content.message(new Message(Role.ASSISTANT, "", null, List.of(call))));
    assertThat(llm.get(0).llm().finishReason()).isEqualTo("tool_calls");
    assertThat(llm.get(1).llm().finishReason()).isEqualTo("stop");
    assertThat(((Content.Messages) llm.get(1).input()).messages()).last()
        .satisfies(m -> assertThat(m.toolCallId()).isEqualTo("call_w1"));

    // The tools offered are the ones the model was sent, schema included.
    assertThat(openAi.requests()).allSatisfy(r -> assertThat(r.toolNames()).containsExactly("forecast"));
    ObjectMapper json = new ObjectMapper();
    var sent = openAi.requests().get(0).json().path("tools").get(0).path("function");
    assertThat(llm).allSatisfy(s -> assertThat(s.llm().tools()).singleElement().satisfies(t -> {
      assertThat(t.name()).isEqualTo("forecast");
      assertThat(t.description()).isEqualTo(sent.path("description").asText()).contains("forecast");
      assertThat(json.readTree(t.parametersJson())).isEqualTo(sent.path("parameters"));
    }));
  }

  /**
   * Streamed, Spring AI 1.1's model runs the tools on a Reactor thread where nothing is current and
   * the tool observation has no parent: the tool span takes the span of the model call whose answer
   * it executes (which Spring AI's own observations nest the next call under too).
   */
  static final String STREAMED_TREE_1 = """
      trace ask
        workflow ChatClient.stream
          workflow advisor stream
            llm chat gpt-4o-mini
              tool forecast
                workflow POST /forecast
                  retriever look up forecast
              llm chat gpt-4o-mini
      """;
  static final String STREAMED_TREE_2 = """
      trace ask
        workflow ChatClient.stream
          workflow advisor Tool Calling Advisor
            workflow advisor stream
              llm chat gpt-4o-mini
            tool forecast
              workflow POST /forecast
                retriever look up forecast
            workflow advisor stream
              llm chat gpt-4o-mini
      """;

  @Test
  void aStreamedCallsToolAndWhatItCallsStayInTheTraceUnderTheCallThatAskedForIt() throws Exception {
    script(openAi);
    ForecastService.Weather weather = new ForecastService.Weather(tracing.tracer(), forecastService.uri());

    Span trace = tracing.tracer().traceBuilder("ask").start();
    List<String> parts;
    try (Scope scope = trace.makeCurrent()) {
      parts = app.chatClient().prompt().user("Weather in Pisa tomorrow?").tools(weather).stream().content()
          .collectList().block(Duration.ofSeconds(20));
    } finally {
      trace.end();
    }

    assertThat(String.join("", parts)).isEqualTo("Tomorrow: sunny, 24C in Pisa.");
    String expected = SPRING_AI_2 ? STREAMED_TREE_2 : STREAMED_TREE_1;
    int count = (int) expected.lines().count();
    // The observations stop as Reactor finishes, which may be just after the caller has the answer.
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (tracing.spans().size() < count && System.nanoTime() < deadline) {
      Thread.onSpinWait();
    }
    assertThat(Trees.of(tracing.assertSingleTrace())).isEqualTo(expected);
    // Spring AI 1.1 runs a streamed answer's tools before that call's observation has the answer,
    // so there is no call to take the id from.
    assertThat(new Spans(tracing.assertSingleTrace()).only(SpanType.TOOL).toolCallId())
        .isEqualTo(SPRING_AI_2 ? "call_w1" : null);
  }
}
