package com.example.jackson;

import static ai.galileo.tracing.testing.openai.FakeOpenAi.call;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.galileo.tracing.SpanType;
import ai.galileo.tracing.ToolDefinition;
import ai.galileo.tracing.core.SpanData;
import ai.galileo.tracing.openai.GalileoOpenAI;
import ai.galileo.tracing.testing.GalileoTracingExtension;
import ai.galileo.tracing.testing.openai.FakeOpenAi;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import dev.langchain4j.agent.tool.P;
import dev.langchain4j.agent.tool.Tool;
import dev.langchain4j.model.openai.OpenAiChatModel;
import dev.langchain4j.service.AiServices;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Every Jackson user of this project on the one Jackson the build resolved: galileo-core (its
 * streaming writer checks the tools' JSON schemas), galileo-testing's FakeOpenAi (databind),
 * LangChain4j's and the OpenAI SDK's clients (databind, modules). The first test fails on any
 * mix of versions, as the enforcer does before it; the others use Jackson along the SDK's paths.
 */
class OneJacksonTest {
  @RegisterExtension
  static final GalileoTracingExtension tracing = GalileoTracingExtension.create();

  interface Assistant {
    String chat(String question);
  }

  static class Clock {
    @Tool("The time now in a city")
    String timeIn(@P("the city") String city) {
      return "noon in " + city;
    }
  }

  @Test
  void jacksonCoreAndDatabindAreTheVersionJacksonsBomManages() {
    String expected = System.getProperty("expected.jackson.version"); // the BOM's, from the pom
    assertEquals(expected, com.fasterxml.jackson.core.json.PackageVersion.VERSION.toString());
    assertEquals(expected, com.fasterxml.jackson.databind.cfg.PackageVersion.VERSION.toString());
  }

  @Test
  void aLangChain4jAgentCallingAToolIsTracedWithItsToolSchema() {
    try (FakeOpenAi openAi = FakeOpenAi.start()) {
      openAi.toolCalls(call("timeIn", "{\"city\":\"Pisa\"}")).thenAnswer("It is noon in Pisa.");
      Assistant assistant = AiServices.builder(Assistant.class).tools(new Clock())
          .chatModel(OpenAiChatModel.builder().baseUrl(openAi.baseUrl()).apiKey(openAi.apiKey())
              .modelName("gpt-4o-mini").build())
          .build();

      assertEquals("It is noon in Pisa.", assistant.chat("What time is it in Pisa?"));

      List<SpanData> llmCalls = tracing.spans(SpanType.LLM);
      assertEquals(2, llmCalls.size(), "the tool call, then the answer");
      ToolDefinition offered = llmCalls.get(0).llm().tools().get(0);
      assertEquals("timeIn", offered.name());
      assertTrue(offered.parametersJson().contains("\"city\""), offered.parametersJson());
      assertEquals(1, tracing.spans(SpanType.TOOL).size(), "the tool ran inside the trace");
    }
  }

  @Test
  void anOpenAiClientCallIsTracedWithTheModelsTokenCounts() {
    try (FakeOpenAi openAi = FakeOpenAi.start()) {
      openAi.answer("Pendulums and falling bodies.").usage(12, 4);
      OpenAIClient client = GalileoOpenAI.create().wrap(OpenAIOkHttpClient.builder()
          .baseUrl(openAi.baseUrl()).apiKey(openAi.apiKey()).responseValidation(true).build());
      try {
        ChatCompletion completion = client.chat().completions().create(ChatCompletionCreateParams
            .builder().model("gpt-4o-mini").addUserMessage("What did Galileo study?").build());

        assertEquals("Pendulums and falling bodies.",
            completion.choices().get(0).message().content().orElseThrow());
        List<SpanData> llmCalls = tracing.spans(SpanType.LLM);
        assertEquals(1, llmCalls.size());
        assertEquals(4L, llmCalls.get(0).llm().outputTokens());
      } finally {
        client.close();
      }
    }
  }
}
