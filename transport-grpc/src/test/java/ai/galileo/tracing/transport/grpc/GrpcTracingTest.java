package ai.galileo.tracing.transport.grpc;

import static ai.galileo.tracing.transport.grpc.GrpcTestServices.ids;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.galileo.tracing.Context;
import ai.galileo.tracing.Scope;
import ai.galileo.tracing.Span;
import ai.galileo.tracing.SpanType;
import ai.galileo.tracing.core.SpanData;
import ai.galileo.tracing.core.transport.ServerExclusions;
import ai.galileo.tracing.core.transport.TransportProvider;
import ai.galileo.tracing.core.transport.Transports;
import ai.galileo.tracing.core.transport.TrustPolicy;
import ai.galileo.tracing.testing.GalileoTracingExtension;
import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientInterceptor;
import io.grpc.ClientInterceptors;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Server;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.MetadataUtils;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Real calls over loopback: a Netty server on 127.0.0.1, a free port, and a plaintext channel. */
class GrpcTracingTest {
  private static final Metadata.Key<String> TRACE_ID =
      Metadata.Key.of("x-galileo-trace-id", Metadata.ASCII_STRING_MARSHALLER);
  private static final Metadata.Key<String> PARENT_ID =
      Metadata.Key.of("x-galileo-parent-id", Metadata.ASCII_STRING_MARSHALLER);
  private static final Metadata.Key<String> TRACEPARENT =
      Metadata.Key.of("traceparent", Metadata.ASCII_STRING_MARSHALLER);

  @RegisterExtension
  final GalileoTracingExtension tracing = GalileoTracingExtension.create();

  private GrpcTestServices services;
  private final List<Runnable> closers = new ArrayList<>();
  /** The metadata of each call as it reached the server, before the tracing interceptor. */
  private final List<Metadata> received = new CopyOnWriteArrayList<>();

  @BeforeEach
  void setUp() {
    services = new GrpcTestServices(tracing.tracer());
  }

  @AfterEach
  void closeEverything() {
    for (int i = closers.size() - 1; i >= 0; i--) {
      closers.get(i).run();
    }
  }

  /** A server on 127.0.0.1 with the tracing interceptor, behind one that records raw metadata. */
  private int startServer(ServerInterceptor tracingInterceptor, ExecutorService executor) throws IOException {
    ServerInterceptor capture = new ServerInterceptor() {
      @Override
      public <Q, R> ServerCall.Listener<Q> interceptCall(
          ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
        received.add(headers);
        return next.startCall(call, headers);
      }
    };
    Server server = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
        .executor(executor)
        .addService(ServerInterceptors.intercept(services.definition(), tracingInterceptor, capture))
        .addService(ServerInterceptors.intercept(services.health(), tracingInterceptor, capture))
        .build()
        .start();
    closers.add(() -> {
      executor.shutdownNow();
      awaitQuietly(executor);
    });
    closers.add(() -> {
      server.shutdownNow();
      try {
        server.awaitTermination(5, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    });
    return server.getPort();
  }

  private int startServer(ServerInterceptor tracingInterceptor) throws IOException {
    return startServer(tracingInterceptor, Executors.newFixedThreadPool(4));
  }

  private Channel channel(int port, ClientInterceptor... interceptors) {
    ManagedChannel channel = NettyChannelBuilder.forAddress("127.0.0.1", port).usePlaintext().build();
    closers.add(() -> {
      channel.shutdownNow();
      try {
        channel.awaitTermination(5, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    });
    return ClientInterceptors.intercept(channel, interceptors);
  }

  private static void awaitQuietly(ExecutorService executor) {
    try {
      executor.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static String unary(Channel channel, String request) {
    return ClientCalls.blockingUnaryCall(channel, GrpcTestServices.UNARY, CallOptions.DEFAULT, request);
  }

  /** The server (WORKFLOW) spans of a method that have ended, waiting up to 5 s for the first. */
  private List<SpanData> awaitServerSpans(String fullMethodName, Predicate<SpanData> which)
      throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (true) {
      List<SpanData> found = new ArrayList<>();
      for (SpanData s : tracing.spans(fullMethodName)) {
        if (s.type() == SpanType.WORKFLOW && which.test(s)) {
          found.add(s);
        }
      }
      if (!found.isEmpty() || System.nanoTime() > deadline) {
        if (found.isEmpty()) {
          throw new AssertionError("no span named " + fullMethodName + " among " + tracing.spans());
        }
        return found;
      }
      Thread.sleep(5);
    }
  }

  private SpanData awaitServerSpan(String fullMethodName) throws InterruptedException {
    List<SpanData> spans = awaitServerSpans(fullMethodName, SpanData::remoteParent);
    assertThat(spans).hasSize(1);
    return spans.get(0);
  }

  /** The one server span of a call made outside any trace: it has a trace of its own. */
  private SpanData awaitOwnTraceServerSpan(String fullMethodName) throws InterruptedException {
    List<SpanData> spans = awaitServerSpans(fullMethodName, s -> !s.remoteParent());
    assertThat(spans).hasSize(1);
    return spans.get(0);
  }

  @Test
  void theTransportIsListedWithItsVersionAndBothSides() {
    TransportProvider grpc = Transports.installed(getClass().getClassLoader()).stream()
        .filter(t -> t.name().equals("grpc")).findFirst().orElseThrow();
    assertThat(grpc.version()).isEqualTo(System.getProperty("project.version", "0.1.0-SNAPSHOT"));
    assertThat(grpc.client()).isTrue();
    assertThat(grpc.server()).isTrue();
    assertThat(grpc.description()).contains("grpc-java 1.");
  }

  @Test
  void aUnaryCallsServerSpanNestsUnderTheCallersSpanInTheSameTrace() throws Exception {
    GrpcTracing grpc = GrpcTracing.create(tracing.tracer());
    Channel channel = channel(startServer(grpc.serverInterceptor()), grpc.clientInterceptor());
    Span trace = tracing.tracer().traceBuilder("answer").start();
    Span retrieval = tracing.tracer().spanBuilder("call retrieval", SpanType.WORKFLOW).setParent(Context.root().with(trace)).start();
    String seen;
    try (Scope scope = retrieval.makeCurrent()) {
      seen = unary(channel, "what did Galileo study?");
    }
    retrieval.end();
    trace.end();

    SpanData server = awaitServerSpan("test.Echo/Unary");
    assertThat(server.traceId()).isEqualTo(trace.context().traceId());
    assertThat(server.parentId()).isEqualTo(retrieval.context().spanId());
    assertThat(server.statusCode()).isEqualTo(200);
    assertThat(server.metadata())
        .containsEntry("rpc.system", "grpc")
        .containsEntry("rpc.service", "test.Echo")
        .containsEntry("rpc.method", "Unary")
        .containsEntry("rpc.grpc.status", "OK")
        .containsEntry("rpc.grpc.status_code", "0");
    assertThat(seen).as("the handler ran with the server span current")
        .isEqualTo(server.traceId() + "/" + server.spanId());
    assertThat(tracing.span("work").parentId()).isEqualTo(server.spanId());
    assertThat(tracing.assertSingleTrace()).hasSize(4);
  }

  @Test
  void theClientSendsGalileosLowerCaseMetadataAndW3c() throws Exception {
    GrpcTracing grpc = GrpcTracing.create(tracing.tracer());
    Channel channel = channel(startServer(grpc.serverInterceptor()), grpc.clientInterceptor());
    Span trace = tracing.tracer().traceBuilder("answer").start();
    try (Scope scope = trace.makeCurrent()) {
      unary(channel, "q");
    }
    trace.end();
    Metadata sent = received.get(0);
    assertThat(sent.keys()).contains("x-galileo-trace-id", "x-galileo-parent-id", "traceparent");
    assertThat(sent.getAll(TRACE_ID)).containsExactly(trace.context().traceIdString());
    assertThat(sent.getAll(PARENT_ID))
        .as("directly under the trace, the parent is the trace itself, as Galileo's SDK sends it")
        .containsExactly(trace.context().traceIdString());
    assertThat(sent.get(TRACEPARENT)).startsWith("00-" + trace.context().traceIdString().replace("-", ""));
    SpanData server = awaitServerSpan("test.Echo/Unary");
    assertThat(server.parentId()).isEqualTo(trace.context().traceId());
  }

  @Test
  void staleTracingMetadataIsReplacedNotDuplicated() throws Exception {
    GrpcTracing grpc = GrpcTracing.create(tracing.tracer());
    Metadata stale = new Metadata();
    stale.put(TRACE_ID, UUID.randomUUID().toString());
    stale.put(PARENT_ID, UUID.randomUUID().toString());
    stale.put(Metadata.Key.of("x-request-id", Metadata.ASCII_STRING_MARSHALLER), "kept");
    // The last interceptor runs first: the stale values are in the metadata before ours runs.
    Channel channel = channel(startServer(grpc.serverInterceptor()),
        grpc.clientInterceptor(), MetadataUtils.newAttachHeadersInterceptor(stale));
    Span trace = tracing.tracer().traceBuilder("answer").start();
    try (Scope scope = trace.makeCurrent()) {
      unary(channel, "q");
    }
    trace.end();
    Metadata sent = received.get(0);
    assertThat(sent.getAll(TRACE_ID)).containsExactly(trace.context().traceIdString());
    assertThat(sent.getAll(PARENT_ID)).containsExactly(trace.context().spanIdString());
    assertThat(sent.get(Metadata.Key.of("x-request-id", Metadata.ASCII_STRING_MARSHALLER))).isEqualTo("kept");
    assertThat(awaitServerSpan("test.Echo/Unary").traceId()).isEqualTo(trace.context().traceId());
  }

  @Test
  void outsideAnyTraceNothingIsSentAndTheServerStartsATraceOfItsOwn() throws Exception {
    GrpcTracing grpc = GrpcTracing.create(tracing.tracer());
    Channel channel = channel(startServer(grpc.serverInterceptor()), grpc.clientInterceptor());
    String seen = unary(channel, "q");
    assertThat(received.get(0).keys()).doesNotContain("x-galileo-trace-id", "x-galileo-parent-id", "traceparent");
    SpanData server = awaitOwnTraceServerSpan("test.Echo/Unary");
    assertThat(server.parentId()).isEqualTo(server.traceId());
    assertThat(seen).isEqualTo(server.traceId() + "/" + server.spanId());
  }

  @Test
  void galileoPythonSdkMetadataIsContinuedExactly() throws Exception {
    GrpcTracing grpc = GrpcTracing.create(tracing.tracer());
    int port = startServer(grpc.serverInterceptor());
    UUID traceId = UUID.randomUUID();
    UUID parentId = UUID.randomUUID();
    Metadata python = new Metadata();
    python.put(TRACE_ID, traceId.toString());
    python.put(PARENT_ID, parentId.toString());
    unary(channel(port, MetadataUtils.newAttachHeadersInterceptor(python)), "q");
    SpanData server = awaitServerSpan("test.Echo/Unary");
    assertThat(server.traceId()).isEqualTo(traceId);
    assertThat(server.parentId()).isEqualTo(parentId);
    assertThat(server.remoteParent()).isTrue();
  }

  @Test
  void galileoPythonSdkMetadataWithTheTraceAsParentAttachesDirectlyUnderTheTrace() throws Exception {
    GrpcTracing grpc = GrpcTracing.create(tracing.tracer());
    int port = startServer(grpc.serverInterceptor());
    UUID traceId = UUID.randomUUID();
    Metadata python = new Metadata();
    python.put(TRACE_ID, traceId.toString());
    python.put(PARENT_ID, traceId.toString());
    unary(channel(port, MetadataUtils.newAttachHeadersInterceptor(python)), "q");
    SpanData server = awaitServerSpan("test.Echo/Unary");
    assertThat(server.traceId()).isEqualTo(traceId);
    assertThat(server.parentId()).isEqualTo(traceId);
  }

  @Test
  void malformedMetadataStartsAFreshTraceAndTheCallStillSucceeds() throws Exception {
    GrpcTracing grpc = GrpcTracing.create(tracing.tracer());
    int port = startServer(grpc.serverInterceptor());
    Metadata junk = new Metadata();
    junk.put(TRACE_ID, "not-a-uuid");
    junk.put(PARENT_ID, "0000");
    junk.put(TRACEPARENT, "00-zz-yy-01");
    String seen = unary(channel(port, MetadataUtils.newAttachHeadersInterceptor(junk)), "q");
    SpanData server = awaitOwnTraceServerSpan("test.Echo/Unary");
    assertThat(server.parentId()).isEqualTo(server.traceId());
    assertThat(server.statusCode()).isEqualTo(200);
    assertThat(seen).isEqualTo(server.traceId() + "/" + server.spanId());
  }

  @Test
  void everyServerListenerCallbackRunsInTheServerSpanOnWhicheverThread() throws Exception {
    GrpcTracing grpc = GrpcTracing.create(tracing.tracer());
    Channel channel = channel(startServer(grpc.serverInterceptor()), grpc.clientInterceptor());
    Span trace = tracing.tracer().traceBuilder("chat").start();
    List<String> answers = new CopyOnWriteArrayList<>();
    List<Span> clientCallbackSpans = new CopyOnWriteArrayList<>();
    CountDownLatch done = new CountDownLatch(1);
    try (Scope scope = trace.makeCurrent()) {
      StreamObserver<String> requests = ClientCalls.asyncBidiStreamingCall(
          channel.newCall(GrpcTestServices.CHAT, CallOptions.DEFAULT), new StreamObserver<>() {
            @Override
            public void onNext(String value) {
              answers.add(value);
              clientCallbackSpans.add(Span.current());
            }

            @Override
            public void onError(Throwable t) {
              done.countDown();
            }

            @Override
            public void onCompleted() {
              clientCallbackSpans.add(Span.current());
              done.countDown();
            }
          });
      requests.onNext("one");
      requests.onNext("two");
      requests.onCompleted();
    }
    trace.end();
    assertThat(done.await(5, TimeUnit.SECONDS)).isTrue();
    assertThat(services.chatDone.await(5, TimeUnit.SECONDS)).isTrue();

    SpanData server = awaitServerSpan("test.Echo/Chat");
    String serverIds = server.traceId() + "/" + server.spanId();
    assertThat(answers).containsExactly(serverIds, serverIds);
    assertThat(services.callbacks).containsKeys("startCall", "onMessage", "onHalfClose", "onComplete");
    services.callbacks.forEach((callback, spans) ->
        assertThat(spans).as(callback).isNotEmpty().allSatisfy(span -> assertThat(ids(span)).isEqualTo(serverIds)));
    assertThat(services.callbacks.get("onMessage")).hasSize(2);
    assertThat(clientCallbackSpans).as("the client's callbacks run in the caller's context")
        .hasSize(3).allSatisfy(span -> assertThat(span).isSameAs(trace));
  }

  @Test
  void aServerStreamingCallIsOneServerSpanCurrentForEveryMessage() throws Exception {
    GrpcTracing grpc = GrpcTracing.create(tracing.tracer());
    Channel channel = channel(startServer(grpc.serverInterceptor()), grpc.clientInterceptor());
    Span trace = tracing.tracer().traceBuilder("stream").start();
    List<String> answers = new ArrayList<>();
    try (Scope scope = trace.makeCurrent()) {
      Iterator<String> it = ClientCalls.blockingServerStreamingCall(
          channel, GrpcTestServices.STREAM, CallOptions.DEFAULT, "q");
      it.forEachRemaining(answers::add);
    }
    trace.end();
    SpanData server = awaitServerSpan("test.Echo/Stream");
    assertThat(server.traceId()).isEqualTo(trace.context().traceId());
    assertThat(server.statusCode()).isEqualTo(200);
    assertThat(answers).hasSize(3).containsOnly(server.traceId() + "/" + server.spanId());
  }

  @Test
  void aHandlerExceptionEndsTheServerSpanOnceAsAnError() throws Exception {
    GrpcTracing grpc = GrpcTracing.create(tracing.tracer());
    Channel channel = channel(startServer(grpc.serverInterceptor()), grpc.clientInterceptor());
    Span trace = tracing.tracer().traceBuilder("answer").start();
    try (Scope scope = trace.makeCurrent()) {
      assertThatThrownBy(() -> ClientCalls.blockingUnaryCall(channel, GrpcTestServices.FAIL, CallOptions.DEFAULT, "q"))
          .isInstanceOfSatisfying(StatusRuntimeException.class,
              e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNKNOWN));
    }
    trace.end();
    SpanData server = awaitServerSpan("test.Echo/Fail");
    assertThat(server.statusCode()).isEqualTo(500);
    assertThat(server.metadata())
        .containsEntry("error.type", "java.lang.IllegalStateException")
        .containsEntry("error.message", "the index is gone")
        .containsEntry("rpc.grpc.status", "UNKNOWN");
    Thread.sleep(100); // room for a second end, which must not come
    assertThat(tracing.spans("test.Echo/Fail")).hasSize(1);
  }

  @Test
  void anExceptionFromStartCallStillEndsTheServerSpan() throws Exception {
    GrpcTracing grpc = GrpcTracing.create(tracing.tracer());
    Channel channel = channel(startServer(grpc.serverInterceptor()), grpc.clientInterceptor());
    Span trace = tracing.tracer().traceBuilder("answer").start();
    try (Scope scope = trace.makeCurrent()) {
      assertThatThrownBy(() -> ClientCalls.blockingUnaryCall(channel, GrpcTestServices.BROKEN, CallOptions.DEFAULT, "q"))
          .isInstanceOf(StatusRuntimeException.class);
    }
    trace.end();
    SpanData server = awaitServerSpan("test.Echo/Broken");
    assertThat(server.traceId()).isEqualTo(trace.context().traceId());
    assertThat(server.statusCode()).isEqualTo(500);
    assertThat(server.metadata()).containsEntry("error.type", "java.lang.IllegalStateException");
    Thread.sleep(100);
    assertThat(tracing.spans("test.Echo/Broken")).hasSize(1);
  }

  @Test
  void anErrorStatusIsRecordedOnTheServerAndClientSpans() throws Exception {
    GrpcTracing grpc = GrpcTracing.builder(tracing.tracer()).clientSpans(true).build();
    Channel channel = channel(startServer(grpc.serverInterceptor()), grpc.clientInterceptor());
    Span trace = tracing.tracer().traceBuilder("answer").start();
    try (Scope scope = trace.makeCurrent()) {
      assertThatThrownBy(() -> ClientCalls.blockingUnaryCall(channel, GrpcTestServices.MISSING, CallOptions.DEFAULT, "q"))
          .isInstanceOfSatisfying(StatusRuntimeException.class,
              e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND));
    }
    trace.end();
    SpanData server = awaitServerSpan("test.Echo/Missing");
    SpanData client = awaitServerSpans("test.Echo/Missing", s -> !s.remoteParent()).get(0);
    assertThat(client.parentId()).isEqualTo(trace.context().spanId());
    assertThat(server.parentId()).as("under the client span").isEqualTo(client.spanId());
    for (SpanData span : List.of(server, client)) {
      assertThat(span.statusCode()).isEqualTo(404);
      assertThat(span.metadata())
          .containsEntry("rpc.grpc.status", "NOT_FOUND")
          .containsEntry("rpc.grpc.status_description", "no such document")
          .doesNotContainKey("error.type");
    }
  }

  @Test
  void aCancelledCallStillEndsTheServerSpanWithItsStatus() throws Exception {
    GrpcTracing grpc = GrpcTracing.builder(tracing.tracer()).clientSpans(true).build();
    Channel channel = channel(startServer(grpc.serverInterceptor()), grpc.clientInterceptor());
    Span trace = tracing.tracer().traceBuilder("answer").start();
    Future<String> answer;
    try (Scope scope = trace.makeCurrent()) {
      answer = ClientCalls.futureUnaryCall(channel.newCall(GrpcTestServices.HANG, CallOptions.DEFAULT), "q");
    }
    assertThat(services.hangStarted.await(5, TimeUnit.SECONDS)).isTrue();
    answer.cancel(true);
    assertThat(services.hangCancelled.await(5, TimeUnit.SECONDS)).isTrue();
    trace.end();

    SpanData server = awaitServerSpan("test.Echo/Hang");
    assertThat(server.statusCode()).isEqualTo(499);
    assertThat(server.metadata()).containsEntry("rpc.grpc.status", "CANCELLED");
    assertThat(ids(services.currentInOnCancel)).isEqualTo(server.traceId() + "/" + server.spanId());
    SpanData client = awaitServerSpans("test.Echo/Hang", s -> !s.remoteParent()).get(0);
    assertThat(client.metadata()).containsEntry("rpc.grpc.status", "CANCELLED");
    assertThat(server.parentId()).isEqualTo(client.spanId());
  }

  @Test
  void aCallPastItsDeadlineStillEndsTheServerSpan() throws Exception {
    GrpcTracing grpc = GrpcTracing.create(tracing.tracer());
    Channel channel = channel(startServer(grpc.serverInterceptor()), grpc.clientInterceptor());
    Span trace = tracing.tracer().traceBuilder("answer").start();
    try (Scope scope = trace.makeCurrent()) {
      assertThatThrownBy(() -> ClientCalls.blockingUnaryCall(channel, GrpcTestServices.HANG,
              CallOptions.DEFAULT.withDeadlineAfter(200, TimeUnit.MILLISECONDS), "q"))
          .isInstanceOfSatisfying(StatusRuntimeException.class,
              e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.DEADLINE_EXCEEDED));
    }
    trace.end();
    assertThat(services.hangCancelled.await(5, TimeUnit.SECONDS)).isTrue();
    SpanData server = awaitServerSpan("test.Echo/Hang");
    // The server's own deadline and the client's reset race; either way the span ends, once.
    assertThat(server.metadata().get("rpc.grpc.status")).isIn("DEADLINE_EXCEEDED", "CANCELLED");
    assertThat(server.statusCode()).isIn(504, 499);
  }

  @Test
  void aPooledServerThreadIsBackToTheRootContextAfterEachCall() throws Exception {
    GrpcTracing grpc = GrpcTracing.create(tracing.tracer());
    ExecutorService oneThread = Executors.newSingleThreadExecutor();
    Channel channel = channel(startServer(grpc.serverInterceptor(), oneThread), grpc.clientInterceptor());
    Span trace = tracing.tracer().traceBuilder("answer").start();
    try (Scope scope = trace.makeCurrent()) {
      unary(channel, "first");
    }
    trace.end();
    awaitServerSpan("test.Echo/Unary");
    assertThat(oneThread.submit(Context::current).get(5, TimeUnit.SECONDS)).isSameAs(Context.root());

    String second = unary(channel, "second, outside any trace");
    SpanData own = awaitOwnTraceServerSpan("test.Echo/Unary");
    assertThat(own.traceId()).isNotEqualTo(trace.context().traceId());
    assertThat(second).isEqualTo(own.traceId() + "/" + own.spanId());
    assertThat(oneThread.submit(Context::current).get(5, TimeUnit.SECONDS)).isSameAs(Context.root());
  }

  @Test
  void aScopeLeakedByOneHandlerDoesNotReachTheNextCallOnTheSameThread() throws Exception {
    GrpcTracing grpc = GrpcTracing.create(tracing.tracer());
    Channel channel = channel(startServer(grpc.serverInterceptor(), Executors.newSingleThreadExecutor()),
        grpc.clientInterceptor());
    String leaked = ClientCalls.blockingUnaryCall(channel, GrpcTestServices.LEAK, CallOptions.DEFAULT, "q");

    String seen = unary(channel, "next call, no trace");
    SpanData next = awaitOwnTraceServerSpan("test.Echo/Unary");
    assertThat(seen).isEqualTo(next.traceId() + "/" + next.spanId());
    assertThat(next.traceId().toString()).isNotEqualTo(leaked.substring(0, 36));
    assertThat(tracing.span("work").parentId()).isEqualTo(next.spanId());
  }

  @Test
  void hundredConcurrentCallsNeverCrossTraces() throws Exception {
    GrpcTracing grpc = GrpcTracing.create(tracing.tracer());
    Channel channel = channel(startServer(grpc.serverInterceptor()), grpc.clientInterceptor());
    ExecutorService callers = Executors.newFixedThreadPool(16);
    closers.add(() -> {
      callers.shutdownNow();
      awaitQuietly(callers);
    });
    Map<UUID, String> answers = new ConcurrentHashMap<>();
    CountDownLatch go = new CountDownLatch(1);
    List<Future<?>> calls = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      int n = i;
      calls.add(callers.submit(() -> {
        go.await();
        Span trace = tracing.tracer().traceBuilder("caller " + n).start();
        try (Scope scope = trace.makeCurrent()) {
          answers.put(trace.context().traceId(), unary(channel, "q" + n));
        } finally {
          trace.end();
        }
        return null;
      }));
    }
    go.countDown();
    for (Future<?> call : calls) {
      call.get(30, TimeUnit.SECONDS);
    }
    assertThat(answers).hasSize(100);
    answers.forEach((traceId, answer) -> assertThat(answer).startsWith(traceId + "/"));
    Map<UUID, List<SpanData>> traces = tracing.traces();
    assertThat(traces).hasSize(100);
    traces.forEach((traceId, spans) -> {
      assertThat(spans).extracting(SpanData::name).containsExactlyInAnyOrder(
          spans.stream().filter(SpanData::isTrace).findFirst().orElseThrow().name(), "test.Echo/Unary", "work");
      SpanData server = spans.stream().filter(s -> s.name().equals("test.Echo/Unary")).findFirst().orElseThrow();
      SpanData work = spans.stream().filter(s -> s.name().equals("work")).findFirst().orElseThrow();
      assertThat(server.parentId()).isEqualTo(traceId);
      assertThat(work.parentId()).isEqualTo(server.spanId());
      assertThat(answers.get(traceId)).isEqualTo(traceId + "/" + server.spanId());
    });
  }

  @Test
  void aServerThatDoesNotTrustCallersLinksTheirTraceInstead() throws Exception {
    GrpcTracing grpc = GrpcTracing.create(tracing.tracer());
    Channel channel = channel(startServer(grpc.serverInterceptor(TrustPolicy.LINK)), grpc.clientInterceptor());
    Span trace = tracing.tracer().traceBuilder("answer").start();
    try (Scope scope = trace.makeCurrent()) {
      unary(channel, "q");
    }
    trace.end();
    SpanData server = awaitOwnTraceServerSpan("test.Echo/Unary");
    assertThat(server.traceId()).isNotEqualTo(trace.context().traceId());
    assertThat(server.metadata())
        .containsEntry(TrustPolicy.LINK_TRACE_ID, trace.context().traceIdString())
        .containsEntry(TrustPolicy.LINK_PARENT_ID, trace.context().spanIdString());
  }

  @Test
  void theTrustPolicyComesFromConfigurationUnlessTheBuilderSetsOne() {
    assertThat(GrpcTracing.create().trustPolicy()).isEqualTo(TrustPolicy.CONTINUE);
    assertThat(GrpcTracing.builder().trustPolicy(TrustPolicy.IGNORE).build().trustPolicy())
        .isEqualTo(TrustPolicy.IGNORE);
  }

  @Test
  void tracestateSentAsTwoMetadataValuesReachesThePropagatorAsOneListInOrder() throws Exception {
    GrpcTracing grpc = GrpcTracing.create(tracing.tracer());
    int port = startServer(grpc.serverInterceptor());
    Metadata.Key<String> tracestate = Metadata.Key.of("tracestate", Metadata.ASCII_STRING_MARSHALLER);
    String traceparent = "00-12345678901234567890123456789012-1234567890123456-01";
    Metadata sent = new Metadata();
    sent.put(TRACEPARENT, traceparent);
    sent.put(tracestate, "rojo=1,foo=2");
    sent.put(tracestate, "congo=3");
    unary(channel(port, MetadataUtils.newAttachHeadersInterceptor(sent)), "q");

    Metadata arrived = received.get(0);
    assertThat(MetadataCarrier.GETTER.getAll(arrived, "TraceState")).containsExactly("rojo=1,foo=2", "congo=3");
    Context extracted = tracing.tracer().propagator().extract(Context.root(), arrived, MetadataCarrier.GETTER);
    assertThat(tracing.tracer().propagator().injectHeaders(extracted))
        .containsEntry("traceparent", traceparent)
        .containsEntry("tracestate", "rojo=1,foo=2,congo=3");
  }

  @Test
  void metadataKeysAreMatchedWhateverTheCaseOfTheFieldName() {
    Metadata metadata = new Metadata();
    MetadataCarrier.SETTER.set(metadata, "X-Galileo-Trace-ID", "a");
    MetadataCarrier.SETTER.set(metadata, "X-GALILEO-TRACE-ID", "b");
    assertThat(metadata.keys()).containsExactly("x-galileo-trace-id");
    assertThat(MetadataCarrier.GETTER.get(metadata, "X-Galileo-Trace-Id")).isEqualTo("b");
    assertThat(MetadataCarrier.GETTER.getAll(metadata, "x-galileo-trace-id")).containsExactly("b");
    assertThat(MetadataCarrier.GETTER.get(metadata, "broken-bin")).isNull();
    assertThat(MetadataCarrier.GETTER.get(metadata, "no spaces allowed")).isNull();
  }

  @Test
  void healthChecksRunOutsideAnyTraceEvenFromATracedCaller() throws Exception {
    GrpcTracing grpc = GrpcTracing.create(tracing.tracer());
    Channel channel = channel(startServer(grpc.serverInterceptor()), grpc.clientInterceptor());
    Span trace = tracing.tracer().traceBuilder("answer").start();
    String health;
    String work;
    try (Scope scope = trace.makeCurrent()) {
      health = ClientCalls.blockingUnaryCall(channel, GrpcTestServices.HEALTH_CHECK, CallOptions.DEFAULT, "");
      work = unary(channel, "q");
    }
    trace.end();
    assertThat(health).isEqualTo(GrpcTestServices.ids(Span.invalid()));
    assertThat(work).startsWith(trace.context().traceIdString());
  }

  @Test
  void configuredExclusionsNameMethodsAsServiceSlashMethod() throws Exception {
    GrpcTracing grpc = GrpcTracing.builder(tracing.tracer())
        .exclusions(ServerExclusions.of(List.of("/test.Echo/**"), false)).build();
    Channel channel = channel(startServer(grpc.serverInterceptor()), grpc.clientInterceptor());
    Span trace = tracing.tracer().traceBuilder("answer").start();
    String health;
    String work;
    try (Scope scope = trace.makeCurrent()) {
      health = ClientCalls.blockingUnaryCall(channel, GrpcTestServices.HEALTH_CHECK, CallOptions.DEFAULT, "");
      work = unary(channel, "q");
    }
    trace.end();
    assertThat(work).isEqualTo(GrpcTestServices.ids(Span.invalid()));
    assertThat(health).startsWith(trace.context().traceIdString()); // the defaults are off
  }
}
