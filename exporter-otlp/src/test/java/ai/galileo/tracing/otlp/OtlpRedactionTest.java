package ai.galileo.tracing.otlp;

import static org.assertj.core.api.Assertions.assertThat;

import ai.galileo.tracing.Content;
import ai.galileo.tracing.Message;
import ai.galileo.tracing.Scope;
import ai.galileo.tracing.Span;
import ai.galileo.tracing.SpanType;
import ai.galileo.tracing.core.GalileoTracer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** GALILEO_REDACTION=mask reaches the otlp exporter too: the raw protobuf holds no secret. */
class OtlpRedactionTest {
  private static final String EMAIL = "ada@example.com";
  private static final String CARD = "4111 1111 1111 1111";
  OtlpReceiver receiver;

  @BeforeEach
  void start() throws Exception {
    receiver = new OtlpReceiver();
  }

  @AfterEach
  void stop() {
    receiver.close();
    assertThat(receiver.errors).isEmpty();
  }

  private String sendTrace(String redaction) {
    try (GalileoTracer tracer = OtlpExporterTest.tracer(java.util.Map.of(
        "OTEL_EXPORTER_OTLP_ENDPOINT", receiver.baseUrl(), "GALILEO_REDACTION", redaction))) {
      Span trace = tracer.traceBuilder("answer").setInput("I am " + EMAIL).start();
      try (Scope s = trace.makeCurrent()) {
        Span llm = tracer.spanBuilder("chat", SpanType.LLM)
            .setInput(Content.messages(Message.user("card " + CARD)))
            .setMetadata("customer", EMAIL).start();
        llm.end(Content.message(Message.assistant("Charged " + CARD)));
      }
      trace.end("Mailed " + EMAIL);
      tracer.flush(Duration.ofSeconds(10));
    }
    StringBuilder raw = new StringBuilder();
    receiver.received.forEach(r -> raw.append(new String(r.rawBody(), StandardCharsets.UTF_8)));
    return raw.toString();
  }

  @ParameterizedTest
  @ValueSource(strings = {"mask"})
  void maskSendsNeitherTheAddressNorTheCardOverOtlp(String mode) {
    String raw = sendTrace(mode);
    assertThat(raw).contains("[EMAIL]").contains("[CARD]");
    assertThat(raw).doesNotContain(EMAIL).doesNotContain(CARD);
  }

  @ParameterizedTest
  @ValueSource(strings = {"off", "fields"})
  void offAndFieldsSendTheOriginalOverOtlp(String mode) {
    // Documented: OTLP has no redacted field; fields mode keeps the original, as for Galileo.
    String raw = sendTrace(mode);
    assertThat(raw).contains(EMAIL).doesNotContain("[EMAIL]");
  }
}
