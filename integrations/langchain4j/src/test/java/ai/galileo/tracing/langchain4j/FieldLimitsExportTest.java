package ai.galileo.tracing.langchain4j;

import static org.assertj.core.api.Assertions.assertThat;

import ai.galileo.tracing.Galileo;
import ai.galileo.tracing.core.GalileoConfig;
import ai.galileo.tracing.core.GalileoTracer;
import ai.galileo.tracing.core.Mode;
import ai.galileo.tracing.core.export.DeliveryReceipt;
import ai.galileo.tracing.galileoapifake.GalileoApiFake;
import ai.galileo.tracing.testing.openai.FakeOpenAi;
import ai.galileo.tracing.testing.openai.Reply;
import ai.galileo.tracing.testing.openai.ToolCall;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.langchain4j.agent.tool.P;
import dev.langchain4j.agent.tool.Tool;
import dev.langchain4j.model.openai.OpenAiChatModel;
import dev.langchain4j.service.AiServices;
import java.net.URI;
import java.time.Duration;
import java.util.Collection;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Oversized input from the model and the application (tool arguments, tool results, prompts, and
 * tool descriptions and schemas) reaches Galileo cut at {@code GALILEO_MAX_FIELD_CHARS} with the
 * core's marker, in bodies Galileo's spec accepts; the agent itself is unaffected.
 */
class FieldLimitsExportTest {
  private static final int LIMIT = 300;
  private static final String LONG = "Jupiter ".repeat(1_000);

  private final GalileoApiFake galileo = GalileoApiFake.start();
  private final FakeOpenAi openAi = FakeOpenAi.start();

  interface Assistant {
    String chat(String question);
  }

  static final class Verbose {
    @Tool("Notes an observation. " + "Described at great length. ")
    String note(@P(name = "text", description = "The observation, described at great length and in detail, "
        + "with every circumstance of the night, the instrument, the weather and the hour.") String text) {
      return "noted: " + text;
    }
  }

  @AfterEach
  void stop() {
    Galileo.reset();
    openAi.close();
    galileo.close();
  }

  @Test
  void oversizedToolArgumentsResultsAndPromptsArriveCutWithTheMarkerAndValid() {
    GalileoTracer tracer = GalileoTracer.builder()
        .config(GalileoConfig.builder().mode(Mode.BATCH).apiUrl(URI.create(galileo.baseUrl()))
            .apiKey(galileo.apiKey()).project("agents").logStream("limits").serviceName("limits")
            .set("GALILEO_MAX_FIELD_CHARS", String.valueOf(LIMIT))
            .set("GALILEO_EXPORT_DELAY_MS", "20")
            .build())
        .shutdownHook(false).build();
    Galileo.register(tracer);
    String arguments = "{\"text\":\"" + LONG + "\"}";
    openAi.enqueue(Reply.toolCalls(ToolCall.of("call_long", "note", arguments)), Reply.text("Noted."));
    Assistant assistant = AiServices.builder(Assistant.class)
        .chatModel(OpenAiChatModel.builder().baseUrl(openAi.baseUrl()).apiKey(openAi.apiKey())
            .modelName("gpt-4o-mini").maxRetries(0).build())
        .tools(new Verbose())
        .build();

    assertThat(assistant.chat("Note this: " + LONG)).isEqualTo("Noted.");
    DeliveryReceipt receipt = tracer.shutdown(Duration.ofSeconds(15));

    assertThat(receipt.failed()).isZero();
    galileo.assertNoViolations();
    Collection<ObjectNode> spans = galileo.spansById().values();
    ObjectNode tool = spans.stream().filter(s -> s.path("type").asText().equals("tool")).findFirst().orElseThrow();
    assertThat(tool.path("input").asText()).hasSizeLessThan(LIMIT + 60).contains("[truncated").startsWith("{\"text\":\"Jupiter");
    assertThat(tool.path("output").asText()).hasSizeLessThan(LIMIT + 60).contains("[truncated").startsWith("noted: Jupiter");
    assertThat(spans).filteredOn(s -> s.path("type").asText().equals("llm")).hasSize(2)
        .allSatisfy(llm -> assertThat(llm.toString()).doesNotContain(LONG.substring(0, LIMIT * 2)));
  }
}
