package ai.galileo.tracing.benchmarks.load;

import static ai.galileo.tracing.benchmarks.load.SpanShape.*;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.util.Collection;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * The OpenTelemetry SDK as its documentation sets it up for production: always-on sampling, a
 * {@code BatchSpanProcessor} with its defaults and {@code OtlpHttpSpanExporter} (protobuf) with its
 * defaults. The spans carry the shape's content as OpenInference's attributes, as an OpenInference
 * instrumentation writes them (our {@code otlp} exporter writes those and GenAI's as well).
 *
 * <p>This class compiles against the SDK the JMH benchmarks pin, but the runner starts it with
 * OpenTelemetry 1.68's jars (target/load-otel) and this module's own classes alone on the class
 * path; the exporter is found by name because the pinned SDK's jars do not include it.
 */
final class OtelSubject implements Subject {
  static final String EXPORTER = "io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter";

  private static final AttributeKey<String> KIND = AttributeKey.stringKey("openinference.span.kind");
  private static final AttributeKey<String> IN = AttributeKey.stringKey("input.value");
  private static final AttributeKey<String> OUT = AttributeKey.stringKey("output.value");
  private static final AttributeKey<String> A1 = AttributeKey.stringKey(K1);
  private static final AttributeKey<String> A2 = AttributeKey.stringKey(K2);
  private static final AttributeKey<String> A3 = AttributeKey.stringKey(K3);
  private static final AttributeKey<String> MODEL_NAME = AttributeKey.stringKey("llm.model_name");
  private static final AttributeKey<Long> PROMPT_TOKENS = AttributeKey.longKey("llm.token_count.prompt");
  private static final AttributeKey<Long> COMPLETION_TOKENS = AttributeKey.longKey("llm.token_count.completion");
  private static final AttributeKey<Long> TOTAL_TOKENS = AttributeKey.longKey("llm.token_count.total");
  private static final AttributeKey<String> TOOL = AttributeKey.stringKey("tool.name");
  private static final AttributeKey<String> ROLE_0 = AttributeKey.stringKey("llm.input_messages.0.message.role");
  private static final AttributeKey<String> CONTENT_0 = AttributeKey.stringKey("llm.input_messages.0.message.content");
  private static final AttributeKey<String> ROLE_1 = AttributeKey.stringKey("llm.input_messages.1.message.role");
  private static final AttributeKey<String> CONTENT_1 = AttributeKey.stringKey("llm.input_messages.1.message.content");
  private static final AttributeKey<String> OUT_ROLE = AttributeKey.stringKey("llm.output_messages.0.message.role");
  private static final AttributeKey<String> OUT_CONTENT = AttributeKey.stringKey("llm.output_messages.0.message.content");
  private static final AttributeKey<String> DOC_0 = AttributeKey.stringKey("retrieval.documents.0.document.content");
  private static final AttributeKey<String> DOC_1 = AttributeKey.stringKey("retrieval.documents.1.document.content");
  private static final AttributeKey<String> DOC_2 = AttributeKey.stringKey("retrieval.documents.2.document.content");

  private final CountingExporter exporter;
  private final SdkTracerProvider provider;
  private final Tracer tracer;

  /** @param endpoint the OTLP/HTTP traces URL, or null to export nothing (the baseline) */
  OtelSubject(String endpoint) {
    exporter = new CountingExporter(endpoint == null ? new NoExporter() : otlpHttp(endpoint));
    provider = SdkTracerProvider.builder()
        .setResource(Resource.getDefault().merge(Resource.create(
            Attributes.of(AttributeKey.stringKey("service.name"), "load-generator"))))
        .addSpanProcessor(BatchSpanProcessor.builder(exporter).build())
        .build();
    tracer = provider.get("load-generator");
  }

  private static SpanExporter otlpHttp(String endpoint) {
    try {
      Object builder = Class.forName(EXPORTER).getMethod("builder").invoke(null);
      builder.getClass().getMethod("setEndpoint", String.class).invoke(builder, endpoint);
      return (SpanExporter) builder.getClass().getMethod("build").invoke(builder);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("OpenTelemetry's OTLP exporter is not on the class path", e);
    }
  }

  @Override
  public void trace(EndTimes ends) {
    Span trace = tracer.spanBuilder("rag-request").setAttribute(KIND, "CHAIN").setAttribute(IN, QUESTION)
        .setAttribute(A1, V1).setAttribute(A2, V2).setAttribute(A3, V3).startSpan();
    Span workflow = tracer.spanBuilder("answer-question").setParent(Context.root().with(trace))
        .setAttribute(KIND, "CHAIN").setAttribute(IN, QUESTION)
        .setAttribute(A1, V1).setAttribute(A2, V2).setAttribute(A3, V3).startSpan();
    Context inWorkflow = Context.root().with(workflow);

    Span retriever = tracer.spanBuilder("search").setParent(inWorkflow).setAttribute(KIND, "RETRIEVER")
        .setAttribute(IN, QUESTION).setAttribute(A1, V1).setAttribute(A2, V2).setAttribute(A3, V3).startSpan();
    retriever.setAttribute(DOC_0, DOCUMENTS.get(0)).setAttribute(DOC_1, DOCUMENTS.get(1))
        .setAttribute(DOC_2, DOCUMENTS.get(2));
    end(retriever, ends);

    Span llm = tracer.spanBuilder("chat").setParent(inWorkflow).setAttribute(KIND, "LLM")
        .setAttribute(MODEL_NAME, MODEL).setAttribute(ROLE_0, "system").setAttribute(CONTENT_0, SYSTEM)
        .setAttribute(ROLE_1, "user").setAttribute(CONTENT_1, USER)
        .setAttribute(A1, V1).setAttribute(A2, V2).setAttribute(A3, V3).startSpan();
    llm.setAttribute(OUT_ROLE, "assistant").setAttribute(OUT_CONTENT, ANSWER)
        .setAttribute(PROMPT_TOKENS, INPUT_TOKENS).setAttribute(COMPLETION_TOKENS, OUTPUT_TOKENS)
        .setAttribute(TOTAL_TOKENS, INPUT_TOKENS + OUTPUT_TOKENS);
    end(llm, ends);

    Span tool = tracer.spanBuilder(TOOL_NAME).setParent(inWorkflow).setAttribute(KIND, "TOOL")
        .setAttribute(TOOL, TOOL_NAME).setAttribute(IN, TOOL_INPUT)
        .setAttribute(A1, V1).setAttribute(A2, V2).setAttribute(A3, V3).startSpan();
    tool.setAttribute(OUT, TOOL_OUTPUT);
    end(tool, ends);

    workflow.setAttribute(OUT, ANSWER);
    end(workflow, ends);
    trace.setAttribute(OUT, ANSWER);
    end(trace, ends);
  }

  private static void end(Span span, EndTimes ends) {
    long t0 = System.nanoTime();
    span.end();
    ends.since(t0);
  }

  @Override
  public Delivery settle(int seconds) {
    CompletableResultCode done = provider.forceFlush().join(seconds, TimeUnit.SECONDS);
    return new Delivery(exporter.sent.sum(), -1, exporter.failed.sum(), done.isDone() ? 0 : -1,
        "exporter results (SDK " + sdkVersion() + ")");
  }

  @Override
  public Delivery drain(int seconds) {
    CompletableResultCode done = provider.shutdown().join(seconds, TimeUnit.SECONDS);
    return new Delivery(exporter.sent.sum(), -1, exporter.failed.sum(), done.isDone() ? 0 : -1,
        "exporter results (SDK " + sdkVersion() + ")");
  }

  /** Where the SDK was loaded from, so a report shows which release ran. */
  static String sdkVersion() {
    String v = SdkTracerProvider.class.getPackage().getImplementationVersion();
    if (v != null) {
      return v;
    }
    java.security.CodeSource source = SdkTracerProvider.class.getProtectionDomain().getCodeSource();
    return source == null ? "unknown" : source.getLocation().getPath().replaceAll(".*/", "");
  }

  /**
   * Whether OpenTelemetry's incubating API is on the class path: the SDK then makes its extended
   * tracers. An application with the SDK and the OTLP exporter alone does not have it, so neither
   * must this child (the benchmarks jar holds an older release of it, which is why that jar is not
   * on this child's class path).
   */
  static boolean incubatorLoaded() {
    try {
      Class.forName("io.opentelemetry.api.incubator.trace.ExtendedTracer", false, OtelSubject.class.getClassLoader());
      return true;
    } catch (ClassNotFoundException e) {
      return false;
    }
  }

  /** Counts what the real exporter reports: spans of successful exports, and of failed ones. */
  static final class CountingExporter implements SpanExporter {
    final LongAdder sent = new LongAdder();
    final LongAdder failed = new LongAdder();
    private final SpanExporter delegate;

    CountingExporter(SpanExporter delegate) {
      this.delegate = delegate;
    }

    @Override
    public CompletableResultCode export(Collection<SpanData> spans) {
      int n = spans.size();
      CompletableResultCode result = delegate.export(spans);
      result.whenComplete(() -> (result.isSuccess() ? sent : failed).add(n));
      return result;
    }

    @Override
    public CompletableResultCode flush() {
      return delegate.flush();
    }

    @Override
    public CompletableResultCode shutdown() {
      return delegate.shutdown();
    }
  }

  /** The baseline's exporter: every batch succeeds at once and goes nowhere. */
  static final class NoExporter implements SpanExporter {
    @Override
    public CompletableResultCode export(Collection<SpanData> spans) {
      return CompletableResultCode.ofSuccess();
    }

    @Override
    public CompletableResultCode flush() {
      return CompletableResultCode.ofSuccess();
    }

    @Override
    public CompletableResultCode shutdown() {
      return CompletableResultCode.ofSuccess();
    }
  }
}
