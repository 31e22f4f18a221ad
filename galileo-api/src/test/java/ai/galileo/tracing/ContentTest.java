package ai.galileo.tracing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ContentTest {

  @Test
  void documentMetadataAcceptsOnlyWhatGalileosSchemaAllows() {
    Map<String, Object> ok = new LinkedHashMap<>();
    ok.put("source", "wiki");
    ok.put("score", 0.93);
    ok.put("page", 4);
    ok.put("verified", true);
    assertThat(Document.of("text", ok).metadata()).containsExactlyEntriesOf(ok);

    assertThatThrownBy(() -> Document.of("text", Map.of("nested", List.of(1))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("nested")
        .hasMessageContaining("String, Boolean or Number");
  }

  @Test
  void valuesAreImmutableCopies() {
    List<Message> messages = new ArrayList<>(List.of(Message.user("hi")));
    Content content = Content.messages(messages);
    messages.add(Message.assistant("later"));
    assertThat(((Content.Messages) content).messages()).hasSize(1);
    assertThatThrownBy(() -> ((Content.Messages) content).messages().add(Message.user("x")))
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void nullTextBecomesEmptyAndAsTextRendersEachShape() {
    assertThat(Content.text(null).asText()).isEmpty();
    assertThat(Content.messages(Message.system("be brief"), Message.user("why?")).asText())
        .isEqualTo("system: be brief\nuser: why?");
    assertThat(Content.message(Message.assistant("because")).asText()).isEqualTo("because");
    assertThat(Content.documents(Document.of("a"), Document.of("b")).asText()).isEqualTo("- a\n- b");
  }

  @Test
  void messagesKeepToolCalls() {
    Message call = new Message(Role.ASSISTANT, null, null,
        List.of(new ToolCall("call-1", "search", "{\"q\":\"galileo\"}")));
    assertThat(call.content()).isEmpty();
    assertThat(call.toolCalls()).extracting(ToolCall::name).containsExactly("search");
    assertThat(Message.tool("42", "call-1").toolCallId()).isEqualTo("call-1");
    assertThat(Role.ASSISTANT.wireName()).isEqualTo("assistant");
    assertThat(SpanType.RETRIEVER.wireName()).isEqualTo("retriever");
  }
}
