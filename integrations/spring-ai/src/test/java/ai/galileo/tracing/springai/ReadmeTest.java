package ai.galileo.tracing.springai;

import static org.assertj.core.api.Assertions.assertThat;

import ai.galileo.tracing.SpanType;
import ai.galileo.tracing.testing.GalileoTracingExtension;
import io.micrometer.observation.ObservationRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.ai.chat.client.ChatClient;
import org.springframework.ai.chat.messages.AssistantMessage;
import org.springframework.ai.chat.model.ChatModel;
import org.springframework.ai.chat.model.ChatResponse;
import org.springframework.ai.chat.model.Generation;

class ReadmeTest {
  /** The module's folder: the working directory here, and a sibling of tests/spring-ai-2's. */
  private static final Path MODULE = Files.exists(Path.of("README.md")) && Files.exists(Path.of("src/test/java"))
      ? Path.of("") : Path.of("../../integrations/spring-ai");

  @RegisterExtension
  final GalileoTracingExtension galileo = GalileoTracingExtension.create();

  @Test
  void theReadmesSetUpWithoutSpringBootIsExactlyWhatThisTestRuns() throws Exception {
    ChatModel chatModel = prompt -> new ChatResponse(List.of(new Generation(new AssistantMessage("Padua."))));
    // README:begin
    GalileoSpringAi tracing = GalileoSpringAi.create();
    ObservationRegistry registry = ObservationRegistry.create();
    registry.observationConfig().observationHandler(tracing.observationHandler());

    // Give the registry to what Spring AI observes: each model's builder (.observationRegistry(registry)),
    // ChatClient, vector stores (SimpleVectorStore.builder(embeddingModel).observationRegistry(registry)).
    ChatClient chatClient = ChatClient.create(chatModel, registry);
    // README:end

    assertThat(chatClient.prompt().user("Where did Galileo teach?").call().content()).isEqualTo("Padua.");
    assertThat(galileo.spans("ChatClient.call")).extracting(s -> s.type())
        .containsExactlyInAnyOrder(SpanType.WORKFLOW, SpanType.TRACE);
    assertThat(firstJavaBlock(MODULE.resolve("README.md")))
        .isEqualTo(between(MODULE.resolve("src/test/java/ai/galileo/tracing/springai/ReadmeTest.java")));
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
