package ai.galileo.tracing.benchmarks.load;

import static ai.galileo.tracing.benchmarks.load.SpanShape.*;

import ai.galileo.tracing.Content;
import ai.galileo.tracing.Context;
import ai.galileo.tracing.Document;
import ai.galileo.tracing.Message;
import ai.galileo.tracing.Span;
import ai.galileo.tracing.SpanType;
import ai.galileo.tracing.core.GalileoTracer;
import ai.galileo.tracing.core.export.DeliveryReceipt;
import java.time.Duration;
import java.util.List;

/**
 * Our tracer configured from the environment the runner gives the child ({@code GALILEO_EXPORTER},
 * {@code GALILEO_MODE}, {@code GALILEO_API_URL}, {@code OTEL_EXPORTER_OTLP_ENDPOINT}, and whatever
 * else is set, such as {@code GALILEO_EXPORT_MAX_IN_FLIGHT}), as an application would be.
 */
final class GalileoSubject implements Subject {
  private static final Content DOCS = Content.documents(DOCUMENTS.stream().map(Document::of).toList());
  private static final Content PROMPT = Content.messages(List.of(Message.system(SYSTEM), Message.user(USER)));
  private static final Content REPLY = Content.message(Message.assistant(ANSWER));

  private final GalileoTracer tracer = GalileoTracer.builder().shutdownHook(false).build();

  @Override
  public void trace(EndTimes ends) {
    Span trace = tracer.traceBuilder("rag-request").setInput(QUESTION)
        .setMetadata(K1, V1).setMetadata(K2, V2).setMetadata(K3, V3).start();
    Span workflow = tracer.spanBuilder("answer-question", SpanType.WORKFLOW).setParent(Context.root().with(trace))
        .setInput(QUESTION).setMetadata(K1, V1).setMetadata(K2, V2).setMetadata(K3, V3).start();
    Context inWorkflow = Context.root().with(workflow);

    Span retriever = tracer.spanBuilder("search", SpanType.RETRIEVER).setParent(inWorkflow)
        .setInput(QUESTION).setMetadata(K1, V1).setMetadata(K2, V2).setMetadata(K3, V3).start();
    retriever.setOutput(DOCS);
    end(retriever, ends);

    Span llm = tracer.spanBuilder("chat", SpanType.LLM).setParent(inWorkflow).setModel(MODEL)
        .setInput(PROMPT).setMetadata(K1, V1).setMetadata(K2, V2).setMetadata(K3, V3).start();
    llm.setOutput(REPLY).setTokens(INPUT_TOKENS, OUTPUT_TOKENS).setTotalTokens(INPUT_TOKENS + OUTPUT_TOKENS);
    end(llm, ends);

    Span tool = tracer.spanBuilder(TOOL_NAME, SpanType.TOOL).setParent(inWorkflow)
        .setInput(TOOL_INPUT).setMetadata(K1, V1).setMetadata(K2, V2).setMetadata(K3, V3).start();
    tool.setOutput(TOOL_OUTPUT);
    end(tool, ends);

    workflow.setOutput(ANSWER);
    end(workflow, ends);
    trace.setOutput(ANSWER);
    end(trace, ends);
  }

  private static void end(Span span, EndTimes ends) {
    long t0 = System.nanoTime();
    span.end();
    ends.since(t0);
  }

  @Override
  public Delivery settle(int seconds) {
    DeliveryReceipt r = tracer.flush(Duration.ofSeconds(seconds));
    return new Delivery(r.sent(), r.dropped(), r.failed(), r.pending(), "receipt: " + r);
  }

  @Override
  public Delivery drain(int seconds) {
    DeliveryReceipt r = tracer.shutdown(Duration.ofSeconds(seconds));
    return new Delivery(r.sent(), r.dropped(), r.failed(), r.pending(), "receipt: " + r);
  }
}
