package ai.galileo.tracing.core.internal.redaction;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.galileo.tracing.Content;
import ai.galileo.tracing.Document;
import ai.galileo.tracing.LlmEvent;
import ai.galileo.tracing.Message;
import ai.galileo.tracing.Role;
import ai.galileo.tracing.SpanType;
import ai.galileo.tracing.ToolCall;
import ai.galileo.tracing.core.GalileoConfig;
import ai.galileo.tracing.core.SpanData;
import ai.galileo.tracing.core.redaction.RedactionMode;
import ai.galileo.tracing.core.redaction.Redactor;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;

/** The modes, the hand-set values, the plug-ins chosen by name and a redactor that fails. */
class RedactionTest {
  private static final String EMAIL = "ada@example.com";
  private static final String CARD = "4111 1111 1111 1111";
  private static final UUID TRACE = UUID.randomUUID();
  private static final ClassLoader LOADER = RedactionTest.class.getClassLoader();

  private static Redaction redaction(RedactionMode mode, String redactors) {
    GalileoConfig config = GalileoConfig.builder()
        .redaction(mode)
        .set("GALILEO_REDACTORS", redactors)
        .build();
    return Redaction.fromConfig(config, LOADER);
  }

  private static SpanData span(SpanType type, Content input, Content output,
      Map<String, String> metadata, SpanData.LlmData llm) {
    return new SpanData(type, "s", TRACE, UUID.randomUUID(), TRACE, false, null, input, output,
        metadata, List.of(), null, 1L, 5L, SpanData.State.ENDED, llm);
  }

  private static SpanData withHandSet(SpanData s, Content redactedIn, Content redactedOut) {
    return new SpanData(s.type(), s.name(), s.traceId(), s.spanId(), s.parentId(),
        s.remoteParent(), s.sessionId(), s.input(), s.output(), s.metadata(), s.tags(),
        s.statusCode(), s.startEpochNanos(), s.durationNanos(), s.state(), s.llm(),
        s.agentType(), s.toolCallId(), redactedIn, redactedOut);
  }

  @Test
  void maskReplacesEveryTextOfAnLlmSpanMessagesToolArgumentsEventsAndMetadata() {
    Content input = Content.messages(
        Message.system("You help."),
        Message.user("I am " + EMAIL + ", card " + CARD),
        new Message(Role.ASSISTANT, "", null,
            List.of(new ToolCall("c1", "lookup", "{\"email\":\"" + EMAIL + "\"}"))),
        Message.tool("found " + EMAIL, "c1"));
    SpanData.LlmData llm = new SpanData.LlmData("m", null, 1L, 1L, 2L, null, "stop", List.of(),
        List.of(LlmEvent.Reasoning.of("the user " + EMAIL + " asked"),
            new LlmEvent.McpCall("e1", "srv", "t", "{\"to\":\"" + EMAIL + "\"}", "\"ok\"", null,
                LlmEvent.Status.COMPLETED)),
        null, null, null, null);
    SpanData s = span(SpanType.LLM, input, Content.message(Message.assistant("Mail " + EMAIL)),
        Map.of("user", EMAIL, "plain", "nothing"), llm);

    SpanData masked = redaction(RedactionMode.MASK, "builtin").apply(s);

    String everything = masked.toString();
    assertThat(everything).doesNotContain(EMAIL).doesNotContain(CARD);
    Content.Messages messages = (Content.Messages) masked.input();
    assertThat(messages.messages().get(0)).isSameAs(((Content.Messages) input).messages().get(0));
    assertThat(messages.messages().get(1).content()).isEqualTo("I am [EMAIL], card [CARD]");
    assertThat(messages.messages().get(2).toolCalls().get(0).arguments())
        .isEqualTo("{\"email\":\"[EMAIL]\"}");
    assertThat(messages.messages().get(3).toolCallId()).isEqualTo("c1");
    assertThat(masked.metadata()).containsEntry("user", "[EMAIL]").containsEntry("plain", "nothing");
    assertThat(((LlmEvent.McpCall) masked.llm().events().get(1)).argumentsJson())
        .isEqualTo("{\"to\":\"[EMAIL]\"}");
    assertThat(masked.redactedInput()).isNull();
  }

  @Test
  void maskReplacesRetrievedDocumentsAndTheirTextMetadata() {
    Content docs = Content.documents(
        Document.of("Contact " + EMAIL, Map.of("author", EMAIL, "page", 3)),
        Document.of("Nothing here"));
    SpanData masked = redaction(RedactionMode.MASK, "builtin")
        .apply(span(SpanType.RETRIEVER, Content.text("who is " + EMAIL), docs, Map.of(), null));

    List<Document> out = ((Content.Documents) masked.output()).documents();
    assertThat(out.get(0).content()).isEqualTo("Contact [EMAIL]");
    assertThat(out.get(0).metadata()).containsEntry("author", "[EMAIL]").containsEntry("page", 3);
    assertThat(out.get(1)).isSameAs(((Content.Documents) docs).documents().get(1));
    assertThat(masked.input()).isEqualTo(Content.text("who is [EMAIL]"));
  }

  @Test
  void aSpanWithNothingToRedactIsTheSameInstanceInEveryMode() {
    SpanData s = span(SpanType.WORKFLOW, Content.text("What did Galileo research?"),
        Content.text("Pendulums."), Map.of("service.name", "orchestrator"), null);
    for (RedactionMode mode : RedactionMode.values()) {
      assertThat(redaction(mode, "builtin").apply(s)).as(mode.name()).isSameAs(s);
    }
  }

  @Test
  void fieldsKeepsTheOriginalAndAddsTheRedactedCopyOnlyWhereSomethingWasFound() {
    SpanData s = span(SpanType.WORKFLOW, Content.text("mail " + EMAIL), Content.text("done"),
        Map.of("user", EMAIL), null);

    SpanData fields = redaction(RedactionMode.FIELDS, "builtin").apply(s);

    assertThat(fields.input()).isSameAs(s.input());
    assertThat(fields.redactedInput()).isEqualTo(Content.text("mail [EMAIL]"));
    assertThat(fields.redactedOutput()).isNull();
    assertThat(fields.metadata()).isSameAs(s.metadata()); // Galileo has no redacted metadata
  }

  @Test
  void offSendsTheOriginalAndAnythingSetByHand() {
    SpanData s = withHandSet(span(SpanType.TOOL, Content.text(EMAIL), null, Map.of(), null),
        Content.text("a user"), null);
    assertThat(Redaction.off().apply(s)).isSameAs(s);
  }

  @Test
  void handSetRedactedValuesWinInFieldsAndAreTheMaskedValueInMask() {
    SpanData s = withHandSet(
        span(SpanType.TOOL, Content.text("mail " + EMAIL), Content.text("sent to " + EMAIL),
            Map.of(), null),
        Content.text("mail someone"), null);

    SpanData fields = redaction(RedactionMode.FIELDS, "builtin").apply(s);
    assertThat(fields.redactedInput()).isEqualTo(Content.text("mail someone"));
    assertThat(fields.redactedOutput()).isEqualTo(Content.text("sent to [EMAIL]"));

    SpanData masked = redaction(RedactionMode.MASK, "builtin").apply(s);
    assertThat(masked.input()).isEqualTo(Content.text("mail someone"));
    assertThat(masked.output()).isEqualTo(Content.text("sent to [EMAIL]"));
    assertThat(masked.redactedInput()).isNull();
  }

  @Test
  void aUserRedactorIsFoundByNameAndRunsAfterTheChosenBuiltIns() {
    Redaction r = redaction(RedactionMode.MASK, "email, employee-id");
    assertThat(r.names()).containsExactly("email", "Employee-ID");
    assertThat(r.text("EMP-123456 is " + EMAIL + ", card " + CARD))
        .isEqualTo("[EMPLOYEE] is [EMAIL], card " + CARD); // card was not chosen
  }

  @Test
  void builtinStandsForEveryBuiltInRedactor() {
    Redaction r = redaction(RedactionMode.MASK, "builtin");
    assertThat(r.names()).containsExactlyElementsOf(Redaction.BUILTIN_NAMES);
    assertThat(Redaction.available(LOADER)).containsKeys(Redaction.BUILTIN_NAMES.toArray(String[]::new));
  }

  @Test
  void anUnknownRedactorIsAClearErrorAtStartUp() {
    assertThatThrownBy(() -> redaction(RedactionMode.MASK, "email,company"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Unknown redactor 'company' in GALILEO_REDACTORS=email,company")
        .hasMessageContaining("Available: api-key, bearer, card")
        .hasMessageContaining("META-INF/services");
  }

  @Test
  void nothingIsLoadedWhenRedactionIsOff() {
    assertThat(redaction(RedactionMode.OFF, "company")).isSameAs(Redaction.off());
  }

  @Test
  void aBadModeIsAClearErrorAtStartUp() {
    assertThatThrownBy(() -> GalileoConfig.builder().set("GALILEO_REDACTION", "hide").build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Invalid GALILEO_REDACTION \"hide\"")
        .hasMessageContaining("allowed values are off, fields, mask");
    assertThat(GalileoConfig.builder().set("GALILEO_REDACTION", " MASK ").build().redaction())
        .isEqualTo(RedactionMode.MASK);
    assertThat(GalileoConfig.builder().build().redaction()).isEqualTo(RedactionMode.OFF);
  }

  @Test
  void aRedactorThatThrowsFailsClosedIsCountedAndLoggedOnceWithoutTheValue() {
    List<LogRecord> logs = new ArrayList<>();
    Handler handler = new Handler() {
      @Override public void publish(LogRecord r) { logs.add(r); }
      @Override public void flush() {}
      @Override public void close() {}
    };
    Logger logger = Logger.getLogger(Redaction.class.getName());
    logger.addHandler(handler);
    try {
      Redaction r = redaction(RedactionMode.MASK, "builtin,explodes,returns-null");
      SpanData s = span(SpanType.WORKFLOW, Content.text("boom secret " + EMAIL),
          Content.text("void secret"), Map.of("k", "fine"), null);

      SpanData masked = r.apply(s);
      r.apply(s);

      assertThat(masked.input()).isEqualTo(Content.text(Redaction.FAILED));
      assertThat(masked.output()).isEqualTo(Content.text(Redaction.FAILED));
      assertThat(masked.metadata()).containsEntry("k", "fine");
      assertThat(r.failures()).isEqualTo(4);
      assertThat(logs).hasSize(1);
      assertThat(logs.get(0).getMessage()).contains("explodes")
          .contains("IllegalStateException").doesNotContain("secret");
    } finally {
      logger.removeHandler(handler);
    }
  }

  @Test
  void inFieldsModeAFailingRedactorGivesAFailedCopyNotTheOriginal() {
    Redaction r = redaction(RedactionMode.FIELDS, "explodes");
    SpanData fields = r.apply(span(SpanType.TOOL, Content.text("boom"), null, Map.of(), null));
    assertThat(fields.redactedInput()).isEqualTo(Content.text(Redaction.FAILED));
    assertThat(fields.input()).isEqualTo(Content.text("boom"));
  }

  @Test
  void aRedactorListedByHandIsUsedAsGiven() {
    Redactor upper = new Redactor() {
      @Override public String name() { return "upper"; }
      @Override public String redact(String text) { return text.toUpperCase(); }
    };
    Redaction r = Redaction.of(RedactionMode.MASK, List.of(new BuiltInRedactor.Email(), upper));
    assertThat(r.text("to " + EMAIL)).isEqualTo("TO [EMAIL]");
  }
}
