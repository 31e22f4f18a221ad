package ai.galileo.tracing.springai;

import static org.assertj.core.api.Assertions.assertThat;

import ai.galileo.tracing.Scope;
import ai.galileo.tracing.Span;
import ai.galileo.tracing.core.SpanData;
import ai.galileo.tracing.openaifake.OpenAiFake;
import ai.galileo.tracing.openaifake.Reply;
import ai.galileo.tracing.openaifake.ToolCall;
import ai.galileo.tracing.testing.GalileoTracingExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.ai.tool.annotation.Tool;

class ChatClientTest {
  @RegisterExtension
  final GalileoTracingExtension tracing = GalileoTracingExtension.create();

  private static OpenAiFake openAi;
  private static SpringAiApp app;

  @BeforeAll
  static void start() {
    openAi = OpenAiFake.start();
    app = SpringAiApp.start(openAi);
  }

  @AfterAll
  static void stop() {
    app.close();
    openAi.close();
  }

  @BeforeEach
  void reset() {
    openAi.reset();
  }

  static final class Archive {
    @Tool(description = "Tells where a person worked")
    String workplace(String person) {
      return person + " worked in Padua";
    }
  }

  @Test
  void probe() {
    openAi.enqueue(
        Reply.toolCalls(ToolCall.of("call_1", "workplace", "{\"person\":\"Galileo\"}")).usage(20, 7),
        Reply.text("Galileo worked in Padua.").usage(31, 6));
    Span trace = tracing.tracer().traceBuilder("ask").start();
    try (Scope scope = trace.makeCurrent()) {
      String answer = app.chatClient().prompt().system("Be brief.").user("Where did Galileo work?")
          .tools(new Archive()).call().content();
      assertThat(answer).isEqualTo("Galileo worked in Padua.");
    } finally {
      trace.end();
    }
    for (SpanData s : tracing.spans()) {
      System.err.println(s.type() + " | " + s.name() + " | id=" + s.spanId() + " parent=" + s.parentId()
          + "\n   in=" + s.input() + "\n   out=" + s.output() + "\n   meta=" + s.metadata() + " status=" + s.statusCode() + " llm=" + s.llm());
    }
  }
}
