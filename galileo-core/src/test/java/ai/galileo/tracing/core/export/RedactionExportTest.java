package ai.galileo.tracing.core.export;

import static org.assertj.core.api.Assertions.assertThat;

import ai.galileo.tracing.Content;
import ai.galileo.tracing.Document;
import ai.galileo.tracing.Message;
import ai.galileo.tracing.Role;
import ai.galileo.tracing.Scope;
import ai.galileo.tracing.Span;
import ai.galileo.tracing.SpanType;
import ai.galileo.tracing.ToolCall;
import ai.galileo.tracing.core.GalileoConfig;
import ai.galileo.tracing.core.GalileoTracer;
import ai.galileo.tracing.core.Mode;
import ai.galileo.tracing.core.internal.export.LoggingExporter;
import ai.galileo.tracing.core.redaction.RedactionMode;
import ai.galileo.tracing.galileoapifake.GalileoApiFake;
import ai.galileo.tracing.galileoapifake.RecordedRequest;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * GALILEO_REDACTION through the real exporters: the Galileo route (to the fake API, which checks
 * every body against the spec, redacted_input and redacted_output included) and the logging one.
 */
class RedactionExportTest {
  private static final String EMAIL = "ada@example.com";
  private static final String CARD = "4111 1111 1111 1111";
  private static final String QUESTION = "I am " + EMAIL + "; charge card " + CARD + ", please.";
  private static final String MASKED = "I am [EMAIL]; charge card [CARD], please.";

  private final GalileoApiFake api = GalileoApiFake.start();

  @AfterEach
  void close() {
    api.close();
  }

  private GalileoTracer tracer(Mode mode, RedactionMode redaction) {
    GalileoConfig config = GalileoConfig.builder()
        .mode(mode)
        .apiUrl(URI.create(api.baseUrl()))
        .apiKey(api.apiKey())
        .project("redaction")
        .logStream("tests")
        .redaction(redaction)
        .set("GALILEO_EXPORT_DELAY_MS", "20")
        .build();
    return GalileoTracer.builder().config(config).shutdownHook(false).build();
  }

  /** A RAG trace whose every kind of text holds the e-mail address, most the card too. */
  record Run(UUID trace, UUID workflow, UUID retriever, UUID llm, UUID tool) {}

  static Run rag(GalileoTracer tracer) {
    Span trace = tracer.traceBuilder("answer question").setInput(QUESTION).start();
    Span workflow;
    Span retriever;
    Span llm;
    Span tool;
    try (Scope t = trace.makeCurrent()) {
      workflow = tracer.spanBuilder("plan", SpanType.WORKFLOW).setInput(QUESTION)
          .setMetadata("customer", EMAIL).start();
      try (Scope w = workflow.makeCurrent()) {
        tracer.tracingHeaders(); // a call leaves: in distributed mode the chain is posted open
        retriever = tracer.spanBuilder("retrieve", SpanType.RETRIEVER).setInput(QUESTION).start();
        retriever.end(Content.documents(
            Document.of("Account of " + EMAIL, Map.of("owner", EMAIL, "score", 0.9))));
        llm = tracer.spanBuilder("chat", SpanType.LLM).setModel("gpt-4o-mini")
            .setInput(Content.messages(Message.system("Be brief."), Message.user(QUESTION)))
            .start();
        llm.end(Content.message(new Message(Role.ASSISTANT, "Charging " + CARD, null,
            List.of(new ToolCall("call_1", "charge", "{\"card\":\"" + CARD + "\"}")))));
        tool = tracer.spanBuilder("charge", SpanType.TOOL).setToolCallId("call_1")
            .setInput("{\"card\":\"" + CARD + "\"}").start();
        tool.end("receipt sent to " + EMAIL);
      }
      workflow.end("Done for " + EMAIL);
    }
    trace.end("Charged " + CARD);
    return new Run(trace.context().traceId(), workflow.context().spanId(),
        retriever.context().spanId(), llm.context().spanId(), tool.context().spanId());
  }

  private String allBodies() {
    StringBuilder all = new StringBuilder();
    for (RecordedRequest r : api.requests()) {
      all.append(r.bodyText()).append('\n');
    }
    return all.toString();
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void maskSendsNeitherTheAddressNorTheCardToGalileo(Mode mode) {
    DeliveryReceipt receipt;
    Run run;
    try (GalileoTracer tracer = tracer(mode, RedactionMode.MASK)) {
      run = rag(tracer);
      receipt = tracer.flush(Duration.ofSeconds(10));
    }
    assertThat(receipt.completed()).isTrue();
    assertThat(receipt.failed()).isZero();
    api.assertNoViolations();
    String bodies = allBodies();
    assertThat(bodies).contains("[EMAIL]").contains("[CARD]");
    assertThat(bodies).doesNotContain(EMAIL).doesNotContain(CARD).doesNotContain("4111111111111111");
    ObjectNode trace = api.tracesById().get(run.trace());
    assertThat(trace.path("input").asText()).isEqualTo(MASKED);
    assertThat(trace.has("redacted_input")).isFalse();
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void fieldsSendsTheOriginalAndTheMaskedCopyInRedactedInputForEverySpanType(Mode mode) {
    Run run;
    try (GalileoTracer tracer = tracer(mode, RedactionMode.FIELDS)) {
      run = rag(tracer);
      tracer.flush(Duration.ofSeconds(10));
    }
    api.assertNoViolations(); // the spec's shape of redacted_* for each record type
    ObjectNode trace = api.tracesById().get(run.trace());
    assertThat(trace.path("input").asText()).isEqualTo(QUESTION);
    assertThat(trace.path("redacted_input").asText()).isEqualTo(MASKED);
    Map<UUID, ObjectNode> spans = api.spansById();
    assertThat(spans.get(run.workflow()).path("redacted_input").asText()).isEqualTo(MASKED);
    assertThat(spans.get(run.retriever()).path("redacted_input").asText()).isEqualTo(MASKED);
    ObjectNode llm = spans.get(run.llm());
    assertThat(llm.path("input").path(1).path("content").asText()).isEqualTo(QUESTION);
    assertThat(llm.path("redacted_input").path(1).path("content").asText()).isEqualTo(MASKED);
    assertThat(spans.get(run.tool()).path("redacted_input").asText())
        .isEqualTo("{\"card\":\"[CARD]\"}");
    if (mode == Mode.BATCH) { // distributed mode sends later outputs by PATCH, which has no redacted_*
      assertThat(trace.path("redacted_output").asText()).isEqualTo("Charged [CARD]");
      assertThat(llm.path("redacted_output").path("content").asText()).isEqualTo("Charging [CARD]");
      assertThat(llm.path("redacted_output").path("tool_calls").path(0).path("function")
          .path("arguments").asText()).isEqualTo("{\"card\":\"[CARD]\"}");
      assertThat(spans.get(run.retriever()).path("redacted_output").path(0).path("content")
          .asText()).isEqualTo("Account of [EMAIL]");
    }
  }

  @Test
  void offSendsTheOriginalAndNoRedactedFields() {
    try (GalileoTracer tracer = tracer(Mode.BATCH, RedactionMode.OFF)) {
      rag(tracer);
      tracer.flush(Duration.ofSeconds(10));
    }
    api.assertNoViolations();
    assertThat(allBodies()).contains(EMAIL).contains(CARD).doesNotContain("redacted_");
  }

  @Test
  void handSetRedactedInputAndOutputAreSentAsTheyAreInFieldsMode() {
    UUID traceId;
    try (GalileoTracer tracer = tracer(Mode.BATCH, RedactionMode.FIELDS)) {
      Span trace = tracer.traceBuilder("t").setInput(QUESTION).start();
      trace.setRedactedInput("a customer's question").setRedactedOutput("an answer");
      trace.end("the answer");
      traceId = trace.context().traceId();
      tracer.flush(Duration.ofSeconds(10));
    }
    api.assertNoViolations();
    ObjectNode trace = api.tracesById().get(traceId);
    assertThat(trace.path("redacted_input").asText()).isEqualTo("a customer's question");
    assertThat(trace.path("redacted_output").asText()).isEqualTo("an answer");
  }

  @Test
  void theLoggingExporterPrintsTheMaskedText() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
    GalileoConfig config = GalileoConfig.builder().redaction(RedactionMode.MASK).build();
    try (GalileoTracer tracer = GalileoTracer.builder().config(config)
        .exporter(new LoggingExporter(out)).shutdownHook(false).build()) {
      rag(tracer);
      tracer.flush(Duration.ofSeconds(10));
    }
    String printed = bytes.toString(StandardCharsets.UTF_8);
    assertThat(printed).contains("[EMAIL]").doesNotContain(EMAIL).doesNotContain(CARD);
  }
}
