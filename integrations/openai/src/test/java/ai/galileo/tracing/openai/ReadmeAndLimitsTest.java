package ai.galileo.tracing.openai;

import static org.assertj.core.api.Assertions.assertThat;

import ai.galileo.tracing.LlmEvent;
import ai.galileo.tracing.Scope;
import ai.galileo.tracing.Span;
import ai.galileo.tracing.ToolDefinition;
import ai.galileo.tracing.core.SpanData;
import ai.galileo.tracing.core.internal.export.GalileoJson;
import ai.galileo.tracing.core.internal.export.SpanNode;
import ai.galileo.tracing.testing.GalileoTracingExtension;
import com.openai.client.OpenAIClient;
import com.openai.client.OpenAIClientAsync;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.client.okhttp.OpenAIOkHttpClientAsync;
import com.openai.core.JsonValue;
import com.openai.models.FunctionDefinition;
import com.openai.models.FunctionParameters;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionFunctionTool;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class ReadmeAndLimitsTest {
  @RegisterExtension
  final GalileoTracingExtension tracing = GalileoTracingExtension.create();

  @Test
  void theReadmesSetUpIsExactlyWhatThisTestBuilds() throws Exception {
    String key = "sk-not-used";
    // README:begin
    GalileoOpenAI tracing = GalileoOpenAI.create();

    // One LLM span per chat completion or Responses API call: sync, async, streaming.
    OpenAIClient client = tracing.wrap(OpenAIOkHttpClient.builder().apiKey(key).build());
    OpenAIClientAsync async = tracing.wrap(OpenAIOkHttpClientAsync.builder().apiKey(key).build());
    // README:end

    try {
      assertThat(Proxy.isProxyClass(client.getClass())).isTrue();
      assertThat(Proxy.isProxyClass(async.getClass())).isTrue();
      assertThat(Proxy.isProxyClass(client.async().responses().getClass())).isTrue();
      assertThat(firstJavaBlock(Path.of("README.md"))).isEqualTo(between(
          Path.of("src/test/java/ai/galileo/tracing/openai/ReadmeAndLimitsTest.java")));
    } finally {
      client.close();
      async.close();
    }
  }

  @Test
  void longMessagesAreHandedOverWholeAndCutByGalileoMaxFieldCharsWhenExported() {
    String question = "Why? ".repeat(2_000);
    OpenAIClient client = GalileoOpenAI.create().wrap(Stubs.client(params -> Stubs.completion("gpt-4o-mini", "Because.")));
    Span trace = tracing.tracer().traceBuilder("ask").start();
    try (Scope scope = trace.makeCurrent()) {
      client.chat().completions().create(ChatCompletionCreateParams.builder().model("gpt-4o-mini")
          .addUserMessage(question).build());
    } finally {
      trace.end();
    }
    SpanData llm = Fakes.llmSpan(this.tracing);
    SpanData root = this.tracing.span("ask");
    assertThat(llm.input().asText()).isEqualTo("user: " + question);

    // The exporter's writer, as GALILEO_MAX_FIELD_CHARS=100 configures it.
    String body = new String(new GalileoJson("test", 100).tracesIngest(null, null,
        List.of(new SpanNode(root, List.of(SpanNode.leaf(llm)))), true), StandardCharsets.UTF_8);
    assertThat(body).doesNotContain(question.substring(0, 200))
        .contains(question.substring(0, 100) + "\u2026[truncated " + (question.length() - 100) + " of " + question.length());
    assertThat(body).contains("Because.");
  }

  @Test
  void longToolSchemasAndReasoningAreHandedOverWholeForTheCoresWriterToCut() {
    String description = "Looks things up. ".repeat(1_000);
    String thinking = "Hmm. ".repeat(5_000);
    Map<String, Object> properties = new java.util.LinkedHashMap<>();
    for (int i = 0; i < 500; i++) {
      properties.put("field" + i, Map.of("type", "string", "description", "the field number " + i));
    }
    ChatCompletion plain = Stubs.completion("gpt-4o-mini", "Found.");
    ChatCompletion.Choice choice = plain.choices().get(0);
    ChatCompletion reasoned = plain.toBuilder().choices(List.of(choice.toBuilder().message(choice.message().toBuilder()
        .putAdditionalProperty("reasoning_content", JsonValue.from(thinking)).build()).build())).build();
    OpenAIClient client = GalileoOpenAI.create().wrap(Stubs.client(params -> reasoned));

    client.chat().completions().create(ChatCompletionCreateParams.builder().model("gpt-4o-mini")
        .addUserMessage("Look it up.")
        .addTool(ChatCompletionFunctionTool.builder().function(FunctionDefinition.builder().name("lookup")
            .description(description)
            .parameters(FunctionParameters.builder().putAdditionalProperty("type", JsonValue.from("object"))
                .putAdditionalProperty("properties", JsonValue.from(properties)).build())
            .build()).build())
        .build());

    SpanData llm = Fakes.llmSpan(tracing);
    ToolDefinition tool = llm.llm().tools().get(0);
    assertThat(tool.description()).isEqualTo(description);
    assertThat(tool.parametersJson()).hasSizeGreaterThan(20_000).startsWith("{\"type\":\"object\"")
        .contains("\"field499\"");
    assertThat(llm.llm().events()).containsExactly(LlmEvent.Reasoning.of(thinking));
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
