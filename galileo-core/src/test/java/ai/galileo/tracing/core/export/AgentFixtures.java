package ai.galileo.tracing.core.export;

import ai.galileo.tracing.LlmEvent;
import ai.galileo.tracing.ToolDefinition;
import java.util.List;

/** Tools and events as a model provider's SDK hands them to an integration. */
public final class AgentFixtures {
  public static final String WEATHER_SCHEMA = "{\"type\":\"object\",\"properties\":{"
      + "\"city\":{\"type\":\"string\",\"description\":\"City name, e.g. Pisa\"},"
      + "\"unit\":{\"type\":\"string\",\"enum\":[\"celsius\",\"fahrenheit\"]}},"
      + "\"required\":[\"city\"],\"additionalProperties\":false}";

  public static final ToolDefinition WEATHER =
      ToolDefinition.of("get_weather", "Current weather in a city", WEATHER_SCHEMA);

  /** A reasoning block of the kind OpenAI's Responses API and Anthropic's thinking return. */
  public static final LlmEvent.Reasoning REASONING = new LlmEvent.Reasoning("rs_1",
      "The user asks about the weather in Pisa; I should call get_weather with city=Pisa.",
      "Decided to call get_weather.", LlmEvent.Status.COMPLETED);

  private AgentFixtures() {}

  /** Ten tools with schemas of the size and shape real agents offer. */
  public static List<ToolDefinition> tenTools() {
    return List.of(
        WEATHER,
        ToolDefinition.of("search_documents", "Full-text search over the knowledge base",
            "{\"type\":\"object\",\"properties\":{\"query\":{\"type\":\"string\"},"
                + "\"top_k\":{\"type\":\"integer\",\"minimum\":1,\"maximum\":50,\"default\":5},"
                + "\"filters\":{\"type\":\"object\",\"properties\":{\"source\":{\"type\":\"string\"},"
                + "\"after\":{\"type\":\"string\",\"format\":\"date\"}}}},\"required\":[\"query\"]}"),
        ToolDefinition.of("send_email", "Send an email on the user's behalf",
            "{\"type\":\"object\",\"properties\":{\"to\":{\"type\":\"array\",\"items\":"
                + "{\"type\":\"string\",\"format\":\"email\"}},\"subject\":{\"type\":\"string\"},"
                + "\"body\":{\"type\":\"string\"}},\"required\":[\"to\",\"subject\",\"body\"]}"),
        ToolDefinition.of("create_calendar_event", "Create an event in the user's calendar",
            "{\"type\":\"object\",\"properties\":{\"title\":{\"type\":\"string\"},"
                + "\"start\":{\"type\":\"string\",\"format\":\"date-time\"},"
                + "\"end\":{\"type\":\"string\",\"format\":\"date-time\"},"
                + "\"attendees\":{\"type\":\"array\",\"items\":{\"type\":\"string\"}}},"
                + "\"required\":[\"title\",\"start\"]}"),
        ToolDefinition.of("convert_currency", "Convert an amount between currencies",
            "{\"type\":\"object\",\"properties\":{\"amount\":{\"type\":\"number\"},"
                + "\"from\":{\"type\":\"string\",\"pattern\":\"^[A-Z]{3}$\"},"
                + "\"to\":{\"type\":\"string\",\"pattern\":\"^[A-Z]{3}$\"}},"
                + "\"required\":[\"amount\",\"from\",\"to\"]}"),
        ToolDefinition.of("get_stock_price", "Latest price of a listed share",
            "{\"type\":\"object\",\"properties\":{\"ticker\":{\"type\":\"string\"}},"
                + "\"required\":[\"ticker\"]}"),
        ToolDefinition.of("run_sql", "Run a read-only SQL query on the analytics database",
            "{\"type\":\"object\",\"properties\":{\"sql\":{\"type\":\"string\"},"
                + "\"timeout_seconds\":{\"type\":\"integer\",\"default\":30}},\"required\":[\"sql\"]}"),
        ToolDefinition.of("translate", "Translate text into another language",
            "{\"type\":\"object\",\"properties\":{\"text\":{\"type\":\"string\"},"
                + "\"target_language\":{\"type\":\"string\",\"enum\":[\"en\",\"it\",\"de\",\"fr\","
                + "\"es\"]}},\"required\":[\"text\",\"target_language\"]}"),
        ToolDefinition.of("get_current_time", "The current time in a time zone",
            "{\"type\":\"object\",\"properties\":{\"timezone\":{\"type\":\"string\","
                + "\"description\":\"IANA name, e.g. Europe/Rome\"}}}"),
        ToolDefinition.of("calculator", null,
            "{\"type\":\"object\",\"properties\":{\"expression\":{\"type\":\"string\"}},"
                + "\"required\":[\"expression\"]}"));
  }
}
