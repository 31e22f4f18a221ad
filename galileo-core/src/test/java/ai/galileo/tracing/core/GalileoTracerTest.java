package ai.galileo.tracing.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.galileo.tracing.Content;
import ai.galileo.tracing.Context;
import ai.galileo.tracing.Document;
import ai.galileo.tracing.Galileo;
import ai.galileo.tracing.Message;
import ai.galileo.tracing.Scope;
import ai.galileo.tracing.Span;
import ai.galileo.tracing.SpanBuilder;
import ai.galileo.tracing.SpanType;
import ai.galileo.tracing.internal.ThreadLocalContextStorage;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class GalileoTracerTest {
  private final RecordingProcessor recorded = new RecordingProcessor();
  private final GalileoTracer tracer = GalileoTracer.builder()
      .config(quiet().serviceName("orchestrator").build())
      .addSpanProcessor(recorded)
      .build();

  /** Configuration for tracers whose spans these tests read from a processor: no exporter. */
  static GalileoConfig.Builder quiet() {
    return GalileoConfig.builder().set("GALILEO_EXPORTER", "none");
  }

  @AfterEach
  void noLeakedScopes() {
    tracer.close();
    assertThat(ThreadLocalContextStorage.openScopes()).isZero();
  }

  @Test
  void serviceLoaderInstallsTheCoreTracer() {
    Galileo.reset();
    try {
      assertThat(Galileo.tracer()).isInstanceOf(GalileoTracer.class);
      ((GalileoTracer) Galileo.tracer()).close();
    } finally {
      Galileo.reset();
    }
  }

  @Test
  void spansNestUnderTheCurrentSpanAndTheTraceIsTheRoot() {
    try (Span trace = tracer.traceBuilder("answer").setInput("question").start();
         Scope s1 = trace.makeCurrent()) {
      try (Span workflow = tracer.spanBuilder("analyse", SpanType.WORKFLOW).start();
           Scope s2 = workflow.makeCurrent()) {
        tracer.spanBuilder("llm", SpanType.LLM).start().end("reply");
      }
    }
    SpanData trace = recorded.ended("answer");
    SpanData workflow = recorded.ended("analyse");
    SpanData llm = recorded.ended("llm");

    assertThat(trace.type()).isEqualTo(SpanType.TRACE);
    assertThat(trace.spanId()).isEqualTo(trace.traceId());
    assertThat(trace.parentId()).isNull();
    assertThat(workflow.traceId()).isEqualTo(trace.traceId());
    assertThat(workflow.parentId()).isEqualTo(trace.traceId());
    assertThat(workflow.remoteParent()).isFalse();
    assertThat(llm.traceId()).isEqualTo(trace.traceId());
    assertThat(llm.parentId()).isEqualTo(workflow.spanId());
    assertThat(recorded.ended()).extracting(SpanData::name).containsExactly("llm", "analyse", "answer");
  }

  @Test
  void tracingHeadersNameTheTraceRightAfterItStartsAndTheCurrentSpanInsideIt() {
    Span trace = tracer.traceBuilder("t").start();
    try (Scope ignored = trace.makeCurrent()) {
      Map<String, String> headers = tracer.tracingHeaders();
      assertThat(headers).containsEntry("X-Galileo-Trace-ID", trace.context().traceIdString())
          .containsEntry("X-Galileo-Parent-ID", trace.context().traceIdString());
      Span span = tracer.spanBuilder("call retrieval", SpanType.WORKFLOW).start();
      try (Scope inner = span.makeCurrent()) {
        assertThat(tracer.tracingHeaders())
            .containsEntry("X-Galileo-Trace-ID", trace.context().traceIdString())
            .containsEntry("X-Galileo-Parent-ID", span.context().spanIdString());
      }
      span.end();
    }
    trace.end();
    assertThat(tracer.tracingHeaders()).isEmpty();
  }

  @Test
  void aServerContinuingARemoteParentNestsUnderItAndNeverConcludesTheUpstreamTrace() {
    UUID upstreamTrace = UUID.randomUUID();
    UUID upstreamSpan = UUID.randomUUID();
    Context remote = tracer.extractHeaders(Map.of(
        "X-Galileo-Trace-ID", upstreamTrace.toString(),
        "X-Galileo-Parent-ID", upstreamSpan.toString()));
    try (Scope ignored = remote.makeCurrent()) {
      Span retrieve = tracer.spanBuilder("retrieve", SpanType.RETRIEVER).setInput("query").start();
      retrieve.end(Content.documents(Document.of("Galileo studied the motion of pendulums.")));
    }
    SpanData retrieve = recorded.ended("retrieve");
    assertThat(retrieve.traceId()).isEqualTo(upstreamTrace);
    assertThat(retrieve.parentId()).isEqualTo(upstreamSpan);
    assertThat(retrieve.remoteParent()).isTrue();
    assertThat(recorded.started).noneMatch(SpanData::isTrace);
    assertThat(recorded.ended).noneMatch(SpanData::isTrace);
  }

  @Test
  void aRemoteParentEqualToTheTraceAttachesDirectlyUnderTheTrace() {
    String traceId = UUID.randomUUID().toString();
    Context remote = tracer.extractHeaders(Map.of("x-galileo-trace-id", traceId, "x-galileo-parent-id", traceId));
    tracer.spanBuilder("tool", SpanType.TOOL).setParent(remote).start().end();
    SpanData tool = recorded.ended("tool");
    assertThat(tool.parentId()).isEqualTo(UUID.fromString(traceId));
    assertThat(tool.traceId()).isEqualTo(UUID.fromString(traceId));
  }

  @Test
  void aSpanOrTraceEndedWithoutOutputTakesItsLastChildsOutput() {
    Span trace = tracer.traceBuilder("t").start();
    try (Scope ignored = trace.makeCurrent()) {
      Span workflow = tracer.spanBuilder("w", SpanType.WORKFLOW).start();
      try (Scope inner = workflow.makeCurrent()) {
        tracer.spanBuilder("first", SpanType.LLM).start().end("first answer");
        tracer.spanBuilder("second", SpanType.LLM).start().end(Content.message(Message.assistant("second answer")));
        tracer.spanBuilder("silent", SpanType.TOOL).start().end();
      }
      workflow.end();
      tracer.spanBuilder("explicit", SpanType.WORKFLOW).start().end("own output");
    }
    trace.setOutput("the trace's own").end();

    assertThat(recorded.ended("w").output()).isEqualTo(Content.message(Message.assistant("second answer")));
    assertThat(recorded.ended("explicit").output()).isEqualTo(Content.text("own output"));
    assertThat(recorded.ended("t").output()).isEqualTo(Content.text("the trace's own"));

    Span t2 = tracer.traceBuilder("t2").start();
    tracer.spanBuilder("only", SpanType.WORKFLOW).setParent(Context.root().with(t2)).start().end("child says");
    t2.end();
    assertThat(recorded.ended("t2").output()).isEqualTo(Content.text("child says"));
  }

  @Test
  void aSpanWithNoParentStartsATraceOfItsOwnThatEndsWithIt() {
    Span span = tracer.spanBuilder("standalone", SpanType.LLM).setInput("hi").start();
    assertThat(recorded.started).hasSize(2);
    span.end("hello");
    SpanData trace = recorded.ended().stream().filter(SpanData::isTrace).findFirst().orElseThrow();
    SpanData llm = recorded.ended().stream().filter(s -> s.type() == SpanType.LLM).findFirst().orElseThrow();
    assertThat(trace.name()).isEqualTo("standalone");
    assertThat(llm.parentId()).isEqualTo(trace.traceId());
    assertThat(trace.output()).isEqualTo(Content.text("hello"));
    assertThat(trace.ended()).isTrue();
  }

  @Test
  void aSpanEndedAfterItsTraceWasConcludedIsStillRecordedInThatTrace() {
    Span trace = tracer.traceBuilder("t").start();
    Span late = tracer.spanBuilder("fire and forget", SpanType.TOOL).setParent(Context.root().with(trace)).start();
    trace.end();
    late.end("done later");
    SpanData lateData = recorded.ended("fire and forget");
    assertThat(lateData.traceId()).isEqualTo(trace.context().traceId());
    assertThat(lateData.parentId()).isEqualTo(trace.context().traceId());
    assertThat(lateData.output()).isEqualTo(Content.text("done later"));
  }

  @Test
  void idsAreVersion4UuidsAndUnique() {
    Set<UUID> seen = new HashSet<>();
    for (int i = 0; i < 20_000; i++) {
      Span span = tracer.traceBuilder("t").start();
      UUID id = span.context().traceId();
      assertThat(id.version()).isEqualTo(4);
      assertThat(id.variant()).isEqualTo(2);
      assertThat(seen.add(id)).isTrue();
    }
  }

  @Test
  void aSpanEndsOnceAndIgnoresChangesAfterwards() {
    Span span = tracer.traceBuilder("t").start();
    span.end("first");
    span.setOutput("changed").setName("renamed").setMetadata("k", "v");
    span.end("second");
    span.close();
    assertThat(recorded.ended).hasSize(1);
    SpanData data = recorded.ended("t");
    assertThat(data.output()).isEqualTo(Content.text("first"));
    assertThat(data.metadata()).doesNotContainKey("k");
    assertThat(span.isRecording()).isFalse();
  }

  @Test
  void theStartSnapshotIsUnendedAndTheEndSnapshotCarriesEverything() {
    Span trace = tracer.traceBuilder("t").setSessionId(UUID.fromString("11111111-2222-4333-8444-555555555555")).start();
    Span llm = tracer.spanBuilder("chat", SpanType.LLM).setParent(Context.root().with(trace))
        .setInput(Content.messages(Message.system("be brief"), Message.user("why?")))
        .setModel("local-answerer").setMetadata("k", "v").addTag("rag").start();
    llm.setTemperature(0.2).setTokens(12, 5).setTimeToFirstTokenNanos(1_000).setStatusCode(200);
    llm.end(Content.message(Message.assistant("because")));
    trace.end();

    SpanData start = recorded.started.stream().filter(s -> s.name().equals("chat")).findFirst().orElseThrow();
    assertThat(start.ended()).isFalse();
    assertThat(start.output()).isNull();
    assertThat(start.durationNanos()).isEqualTo(-1);
    assertThat(start.input()).isEqualTo(Content.messages(Message.system("be brief"), Message.user("why?")));

    SpanData end = recorded.ended("chat");
    assertThat(end.ended()).isTrue();
    assertThat(end.durationNanos()).isGreaterThanOrEqualTo(0);
    assertThat(end.sessionId()).isEqualTo(UUID.fromString("11111111-2222-4333-8444-555555555555"));
    assertThat(end.metadata()).containsEntry("service.name", "orchestrator").containsEntry("k", "v");
    assertThat(end.tags()).containsExactly("rag");
    assertThat(end.statusCode()).isEqualTo(200);
    assertThat(end.llm()).isEqualTo(new SpanData.LlmData("local-answerer", 0.2, 12L, 5L, 17L, 1_000L));
    assertThat(end.startEpochNanos()).isGreaterThanOrEqualTo(recorded.ended("t").startEpochNanos());
  }

  @Test
  void recordErrorKeepsTheErrorInMetadataAndSetsStatus500UnlessSet() {
    Span failed = tracer.traceBuilder("failed").start();
    failed.recordError(new IllegalStateException("retrieval service down")).end();
    Span set = tracer.traceBuilder("set").start();
    set.setStatusCode(503).recordError(new RuntimeException()).end();

    assertThat(recorded.ended("failed").statusCode()).isEqualTo(500);
    assertThat(recorded.ended("failed").metadata())
        .containsEntry("error.type", "java.lang.IllegalStateException")
        .containsEntry("error.message", "retrieval service down");
    assertThat(recorded.ended("set").statusCode()).isEqualTo(503);
  }

  @Test
  void explicitStartAndEndTimesGiveTheDuration() {
    Instant start = Instant.parse("2026-01-02T03:04:05.123456789Z");
    Span span = tracer.traceBuilder("logged later").setStartTimestamp(start).start();
    span.end(start.plus(Duration.ofMillis(1500)));
    SpanData data = recorded.ended("logged later");
    assertThat(data.startEpochNanos()).isEqualTo(start.getEpochSecond() * 1_000_000_000L + start.getNano());
    assertThat(data.durationNanos()).isEqualTo(1_500_000_000L);

    Span past = tracer.traceBuilder("started a second ago").setStartTimestamp(Instant.now().minusSeconds(1)).start();
    past.end();
    assertThat(recorded.ended("started a second ago").durationNanos()).isGreaterThanOrEqualTo(900_000_000L);

    Span overridden = tracer.traceBuilder("override").start();
    overridden.setDurationNanos(42).end();
    assertThat(recorded.ended("override").durationNanos()).isEqualTo(42);
  }

  @Test
  void aThrowingProcessorNeverReachesTheCallerAndIsCounted() {
    GalileoTracer broken = GalileoTracer.builder()
        .config(quiet().build())
        .addSpanProcessor(new SpanProcessor() {
          @Override
          public void onStart(SpanData span) {
            throw new IllegalStateException("boom");
          }

          @Override
          public void onEnd(SpanData span) {
            throw new IllegalStateException("boom");
          }
        })
        .addSpanProcessor(recorded)
        .build();
    broken.traceBuilder("survives").start().end();
    assertThat(broken.processorFailures()).isEqualTo(2);
    assertThat(recorded.ended("survives")).isNotNull();
    broken.close();
  }

  @Test
  void aProcessorThatNeedsNoStartsIsHandedOnlyEndsWhileOthersStillGetStarts() {
    RecordingProcessor endsOnly = new RecordingProcessor() {
      @Override
      public boolean isStartRequired() {
        return false;
      }
    };
    GalileoTracer mixed = GalileoTracer.builder()
        .config(quiet().build())
        .addSpanProcessor(endsOnly)
        .addSpanProcessor(recorded)
        .build();
    Span trace = mixed.traceBuilder("t").start();
    mixed.spanBuilder("s", SpanType.TOOL).setParent(Context.root().with(trace)).start().end();
    trace.end();
    assertThat(endsOnly.started).isEmpty();
    assertThat(endsOnly.ended).extracting(SpanData::name).containsExactly("s", "t");
    assertThat(recorded.started).extracting(SpanData::name).containsExactly("t", "s");
    assertThat(recorded.ended).extracting(SpanData::name).containsExactly("s", "t");
    mixed.close();
  }

  @Test
  void spansEndTheSameWhenNoProcessorNeedsStarts() {
    RecordingProcessor endsOnly = new RecordingProcessor() {
      @Override
      public boolean isStartRequired() {
        return false;
      }
    };
    GalileoTracer quietStarts = GalileoTracer.builder().config(quiet().build()).addSpanProcessor(endsOnly).build();
    Span trace = quietStarts.traceBuilder("t").setMetadata("k", "v").start();
    trace.setMetadata("k2", "v2").end("out");
    SpanData data = endsOnly.ended("t");
    assertThat(endsOnly.started).isEmpty();
    assertThat(data.metadata()).containsEntry("k", "v").containsEntry("k2", "v2");
    assertThat(data.output()).isEqualTo(Content.text("out"));
    quietStarts.close();
  }

  @Test
  void aBuilderStartedTwiceGivesEachSpanItsOwnMetadata() {
    SpanBuilder builder = tracer.traceBuilder("twice").setMetadata("k", "first");
    Span one = builder.start();
    builder.setMetadata("k", "second");
    Span two = builder.start();
    one.setMetadata("only", "one");
    one.end();
    two.end();
    assertThat(recorded.ended()).extracting(SpanData::metadata).containsExactly(
        Map.of("service.name", "orchestrator", "k", "first", "only", "one"),
        Map.of("service.name", "orchestrator", "k", "second"));
  }

  @Test
  void theFinalSnapshotKeepsTheMetadataTheSpanHadWhenItEnded() {
    Span span = tracer.traceBuilder("t").setMetadata("a", "1").start();
    span.setMetadata("b", "2");
    span.end();
    span.setMetadata("c", "3");
    assertThat(recorded.ended("t").metadata())
        .containsExactly(Map.entry("service.name", "orchestrator"), Map.entry("a", "1"), Map.entry("b", "2"));
    assertThat(recorded.started.peek().metadata())
        .containsExactly(Map.entry("service.name", "orchestrator"), Map.entry("a", "1"));
  }

  @Test
  void loggingDisabledRecordsNothingButStillPropagates() {
    GalileoTracer disabled = GalileoTracer.builder()
        .config(quiet().loggingDisabled(true).build())
        .addSpanProcessor(recorded)
        .build();
    Span trace = disabled.traceBuilder("t").start();
    try (Scope ignored = trace.makeCurrent()) {
      assertThat(disabled.tracingHeaders()).containsKey("X-Galileo-Trace-ID");
    }
    trace.end();
    assertThat(recorded.started).isEmpty();
    assertThat(recorded.ended).isEmpty();
    disabled.close();
  }

  @Test
  void aTraceCannotBeStartedAsASpan() {
    assertThatThrownBy(() -> tracer.spanBuilder("x", SpanType.TRACE))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("traceBuilder");
  }

  @Test
  void anInvalidModeFailsAtStartUpNamingTheSettingAndTheAllowedValues() {
    System.setProperty("galileo.mode", "distributd");
    Galileo.reset();
    try {
      assertThatThrownBy(Galileo::tracer)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("GALILEO_MODE")
          .hasMessageContaining("distributd")
          .hasMessageContaining("batch")
          .hasMessageContaining("distributed");
    } finally {
      System.clearProperty("galileo.mode");
      Galileo.reset();
    }
  }

  @Test
  void theModeComesFromTheConfiguration() {
    GalileoTracer distributed = GalileoTracer.builder()
        .config(quiet().mode(Mode.DISTRIBUTED).build()).build();
    assertThat(distributed.mode()).isEqualTo(Mode.DISTRIBUTED);
    distributed.close();
    assertThat(tracer.mode()).isEqualTo(Mode.BATCH);
  }
}
