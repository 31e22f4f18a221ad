package ai.galileo.tracing.core.export;

import static org.assertj.core.api.Assertions.assertThat;

import ai.galileo.tracing.Context;
import ai.galileo.tracing.Scope;
import ai.galileo.tracing.Span;
import ai.galileo.tracing.SpanType;
import ai.galileo.tracing.core.GalileoConfig;
import ai.galileo.tracing.core.GalileoTracer;
import ai.galileo.tracing.core.Mode;
import ai.galileo.tracing.core.transport.ClientSpan;
import ai.galileo.tracing.core.transport.ClientTracing;
import ai.galileo.tracing.galileoapifake.GalileoApiFake;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@code GALILEO_INGEST_PARENTS_FIRST}: an outgoing call waits for its own trace and ancestors to
 * be in the backend, and for nothing else. In particular it must not send other open traces' spans
 * that wait for a parent not posted yet, nor release other traces' held completions early. {@link
 * OrderCheckingProxy} refuses nothing but records any span that arrives before its parent.
 */
class ParentsFirstTest {
  private final GalileoApiFake api = GalileoApiFake.start();
  private final OrderCheckingProxy proxy;
  private GalileoTracer tracer;

  ParentsFirstTest() throws IOException {
    proxy = new OrderCheckingProxy(api.baseUrl());
  }

  @AfterEach
  void close() {
    if (tracer != null) {
      tracer.shutdown(Duration.ofMillis(100));
    }
    proxy.close();
    api.close();
  }

  private GalileoTracer parentsFirstTracer() {
    GalileoConfig config = GalileoConfig.builder()
        .mode(Mode.DISTRIBUTED)
        .apiUrl(URI.create(proxy.baseUrl()))
        .apiKey(api.apiKey())
        .project("parents-first")
        .serviceName("svc")
        .ingestParentsFirst(true)
        .set("GALILEO_EXPORT_MAX_IN_FLIGHT", "4")
        .set("GALILEO_EXPORT_DELAY_MS", "60000") // only the calls' waits and the flushes send
        .set("GALILEO_SHUTDOWN_TIMEOUT_MS", "10000") // a call waits at most this long
        .build();
    tracer = GalileoTracer.builder().config(config).shutdownHook(false).build();
    return tracer;
  }

  @Test
  void aCallInOneTrace_doesNotSendAnotherTracesSpanBeforeItsParent() {
    GalileoTracer tracer = parentsFirstTracer();
    Span traceA = tracer.traceBuilder("a").setInput("q").start();
    Span agentA = tracer.spanBuilder("agent", SpanType.AGENT).setParent(Context.root().with(traceA)).start();
    Span toolA = tracer.spanBuilder("tool", SpanType.TOOL).setParent(Context.root().with(agentA)).start();
    toolA.end("ok"); // waits in the exporter for the agent, which is neither ended nor posted

    Span traceB = tracer.traceBuilder("b").setInput("q").start();
    try (Scope s = traceB.makeCurrent()) {
      tracer.tracingHeaders(); // parents first: trace b is posted open, and the call waits for it
    }

    assertThat(api.tracesById()).as("the call's own trace is in before its headers leave")
        .containsKey(traceB.context().traceId());
    assertThat(api.spansById()).as("another trace's span, still waiting for its parent")
        .doesNotContainKey(toolA.context().spanId());

    agentA.end("done");
    traceA.end("a");
    traceB.end("b");
    DeliveryReceipt receipt = tracer.flush(Duration.ofSeconds(10));

    assertThat(receipt.completed()).as("%s", receipt).isTrue();
    assertThat(receipt.sent()).as("%s", receipt).isEqualTo(4);
    assertThat(receipt.failed() + receipt.dropped() + receipt.pending()).as("%s", receipt).isZero();
    assertThat(proxy.violations()).isEmpty();
    api.assertNoViolations();
    assertThat(api.childrenOf(agentA.context().spanId()))
        .extracting(n -> n.path("id").asText()).containsExactly(toolA.context().spanId().toString());
    assertThat(api.postCount(toolA.context().spanId())).isEqualTo(1);
  }

  @Test
  void aCallUnderASpanWhoseParentAlreadyEnded_postsThatParentBeforeTheCallingSpan() {
    GalileoTracer tracer = parentsFirstTracer();
    Span trace = tracer.traceBuilder("t").setInput("q").start();
    Span workflow = tracer.spanBuilder("w", SpanType.WORKFLOW).setParent(Context.root().with(trace)).start();
    Span agent = tracer.spanBuilder("agent", SpanType.AGENT).setParent(Context.root().with(workflow)).start();
    Span tool = tracer.spanBuilder("tool", SpanType.TOOL).setParent(Context.root().with(agent)).start();
    agent.end("returned"); // its tool goes on in the background, and calls out
    try (Scope s = tool.makeCurrent()) {
      tracer.tracingHeaders(); // posted open: trace, workflow, tool; the agent goes complete
    }

    assertThat(api.spansById()).as("the chain is in before the headers leave")
        .containsKeys(workflow.context().spanId(), agent.context().spanId(), tool.context().spanId());
    assertThat(proxy.violations()).as("the tool is posted after the agent it hangs under").isEmpty();

    tool.end("ok");
    workflow.end("w");
    trace.end("a");
    DeliveryReceipt receipt = tracer.flush(Duration.ofSeconds(10));

    assertThat(receipt.completed()).as("%s", receipt).isTrue();
    assertThat(receipt.sent()).as("%s", receipt).isEqualTo(4);
    assertThat(receipt.failed() + receipt.dropped() + receipt.pending()).as("%s", receipt).isZero();
    assertThat(proxy.violations()).isEmpty();
    api.assertNoViolations();
    assertThat(api.spansById().get(tool.context().spanId()).path("output").asText()).isEqualTo("ok");
  }

  @Test
  void aCallInOneTrace_leavesAnotherTracesHeldCompletionHeld() {
    GalileoTracer tracer = parentsFirstTracer();
    ClientTracing calls = ClientTracing.create(tracer, false);
    Span traceA = tracer.traceBuilder("a").setInput("q").start();
    ClientSpan callA;
    try (Scope s = traceA.makeCurrent()) {
      callA = calls.startHttp(Context.current(), "POST", URI.create("http://127.0.0.1/slow"));
      calls.inject(callA.context(), new HashMap<String, String>(), Map::put, Map::remove);
    }
    traceA.end("a"); // its completion is held while the call to the slow service is out
    UUID a = traceA.context().traceId();

    Span traceB = tracer.traceBuilder("b").setInput("q").start();
    try (Scope s = traceB.makeCurrent()) {
      tracer.tracingHeaders();
    }

    assertThat(api.tracesById()).containsKey(traceB.context().traceId());
    assertThat(api.tracesById().get(a).path("is_complete").asBoolean())
        .as("trace a stays open while its call is out, whatever other traces' calls wait for").isFalse();

    callA.end(200, null);
    traceB.end("b");
    DeliveryReceipt receipt = tracer.flush(Duration.ofSeconds(10));

    assertThat(receipt.completed()).as("%s", receipt).isTrue();
    assertThat(receipt.sent()).as("%s", receipt).isEqualTo(2);
    assertThat(receipt.failed() + receipt.dropped() + receipt.pending()).as("%s", receipt).isZero();
    assertThat(api.tracesById().get(a).path("is_complete").asBoolean()).isTrue();
    assertThat(proxy.violations()).isEmpty();
    api.assertNoViolations();
  }
}
