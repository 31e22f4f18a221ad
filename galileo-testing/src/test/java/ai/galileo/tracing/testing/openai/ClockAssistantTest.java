package ai.galileo.tracing.testing.openai;

// galileo-testing's README example, verbatim below this line: if it stops compiling or passing, so does the README.
import static ai.galileo.tracing.testing.openai.FakeOpenAi.call;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.galileo.tracing.testing.openai.FakeOpenAi;
import dev.langchain4j.agent.tool.Tool;
import dev.langchain4j.model.openai.OpenAiChatModel;
import dev.langchain4j.service.AiServices;
import org.junit.jupiter.api.Test;

class ClockAssistantTest {
  interface Assistant { String chat(String question); }

  static class Clock {
    @Tool("The time now in Pisa") String timeInPisa() { return "noon"; }
  }

  @Test
  void theAssistantCallsTheToolThenAnswersWithItsResult() {
    try (FakeOpenAi openAi = FakeOpenAi.start()) {               // 127.0.0.1, a free port
      openAi.toolCalls(call("timeInPisa", "{}"))                  // the model asks for the tool,
          .thenAnswer("It is noon in Pisa.").usage(42, 6);        // then answers, with these token counts
      Assistant assistant = AiServices.builder(Assistant.class).tools(new Clock())
          .chatModel(OpenAiChatModel.builder().baseUrl(openAi.baseUrl())
              .apiKey(openAi.apiKey()).modelName("gpt-4o-mini").build())
          .build();

      assertEquals("It is noon in Pisa.", assistant.chat("What time is it in Pisa?"));
      assertEquals("noon", openAi.lastRequest().json().at("/messages/2/content").asText()); // the tool ran
    }
  }
}
