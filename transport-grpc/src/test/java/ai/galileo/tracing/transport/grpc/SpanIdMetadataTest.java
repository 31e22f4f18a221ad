package ai.galileo.tracing.transport.grpc;

import ai.galileo.tracing.testing.RecordingBackend;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.galileo.tracing.Scope;
import ai.galileo.tracing.Span;
import ai.galileo.tracing.SpanType;
import ai.galileo.tracing.Tracer;
import ai.galileo.tracing.core.SpanData;
import ai.galileo.tracing.core.transport.TrustPolicy;
import ai.galileo.tracing.testing.GalileoTracingExtension;
import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.ClientInterceptors;
import io.grpc.ForwardingServerCall;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Server;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.ServerServiceDefinition;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.MetadataUtils;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.ServerCalls;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code x-galileo-span-id} over real loopback calls: the server names its span in the headers it
 * sends (or the trailers of a trailers-only answer) only when it continued the caller's trace, and
 * the client reads it and ends every call it started, so that, in distributed mode, the caller's
 * trace completes once the named span is delivered and never waits for a call that is over.
 */
class SpanIdMetadataTest {
  private static final Metadata.Key<String> SPAN_ID =
      Metadata.Key.of("x-galileo-span-id", Metadata.ASCII_STRING_MARSHALLER);
  private static final Metadata.Key<String> TRACE_ID =
      Metadata.Key.of("x-galileo-trace-id", Metadata.ASCII_STRING_MARSHALLER);
  private static final Metadata.Key<String> PARENT_ID =
      Metadata.Key.of("x-galileo-parent-id", Metadata.ASCII_STRING_MARSHALLER);
  /** Sends one message, then waits for the client to cancel. */
  private static final MethodDescriptor<String, String> TRICKLE =
      GrpcTestServices.method("Trickle", MethodDescriptor.MethodType.SERVER_STREAMING);

  @RegisterExtension
  final GalileoTracingExtension tracing = GalileoTracingExtension.create();

  private final List<AutoCloseable> toClose = new ArrayList<>();
  private final CountDownLatch trickleCancelled = new CountDownLatch(1);

  @AfterEach
  void closeEverything() throws Exception {
    for (int i = toClose.size() - 1; i >= 0; i--) {
      toClose.get(i).close();
    }
  }

  /** A server on 127.0.0.1 with the test services, behind the given interceptors (outermost first). */
  private int startServer(Tracer tracer, ServerInterceptor... interceptors) throws IOException {
    ServerServiceDefinition services = new GrpcTestServices(tracer).definition();
    ServerServiceDefinition.Builder all = ServerServiceDefinition.builder(GrpcTestServices.SERVICE);
    services.getMethods().forEach(all::addMethod);
    all.addMethod(TRICKLE, ServerCalls.asyncServerStreamingCall((request, response) -> {
      ((ServerCallStreamObserver<String>) response).setOnCancelHandler(trickleCancelled::countDown);
      response.onNext("first");
    }));
    ExecutorService executor = Executors.newFixedThreadPool(4);
    List<ServerInterceptor> inner = new ArrayList<>(List.of(interceptors));
    Collections.reverse(inner); // intercept() makes the last one outermost
    Server server = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
        .executor(executor)
        .addService(ServerInterceptors.intercept(all.build(), inner))
        .build()
        .start();
    toClose.add(() -> {
      executor.shutdownNow();
      executor.awaitTermination(5, TimeUnit.SECONDS);
    });
    toClose.add(() -> {
      server.shutdownNow();
      server.awaitTermination(5, TimeUnit.SECONDS);
    });
    return server.getPort();
  }

  private Channel channel(int port, ClientInterceptor... interceptors) {
    ManagedChannel channel = NettyChannelBuilder.forAddress("127.0.0.1", port).usePlaintext().build();
    toClose.add(() -> {
      channel.shutdownNow();
      channel.awaitTermination(5, TimeUnit.SECONDS);
    });
    return ClientInterceptors.intercept(channel, interceptors);
  }

  /** What a plain client, sending Galileo's metadata when trace is set, got back from a call. */
  private record Answer(Status status, Metadata headers, Metadata trailers) {}

  private Answer plainCall(int port, MethodDescriptor<String, String> method, UUID trace) {
    Metadata sent = new Metadata();
    if (trace != null) {
      sent.put(TRACE_ID, trace.toString());
      sent.put(PARENT_ID, UUID.randomUUID().toString());
    }
    AtomicReference<Metadata> headers = new AtomicReference<>();
    AtomicReference<Metadata> trailers = new AtomicReference<>();
    Channel channel = channel(port, MetadataUtils.newCaptureMetadataInterceptor(headers, trailers),
        MetadataUtils.newAttachHeadersInterceptor(sent));
    Status status = Status.OK;
    try {
      ClientCalls.blockingUnaryCall(channel, method, CallOptions.DEFAULT, "q");
    } catch (StatusRuntimeException e) {
      status = e.getStatus();
    }
    return new Answer(status, headers.get() == null ? new Metadata() : headers.get(),
        trailers.get() == null ? new Metadata() : trailers.get());
  }

  private SpanData awaitServerSpan(String fullMethodName, UUID traceId) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (System.nanoTime() < deadline) {
      for (SpanData s : tracing.spans(fullMethodName)) {
        if (s.type() == SpanType.WORKFLOW && s.traceId().equals(traceId)) {
          return s;
        }
      }
      Thread.sleep(5);
    }
    throw new AssertionError("no span " + fullMethodName + " in " + traceId + " among " + tracing.spans());
  }

  // ---- the server names its span ----

  @Test
  void aServerContinuingTheCallersTraceNamesItsSpanInTheHeadersItSends() throws Exception {
    int port = startServer(tracing.tracer(), GrpcTracing.create(tracing.tracer()).serverInterceptor());
    UUID trace = UUID.randomUUID();
    Answer answer = plainCall(port, GrpcTestServices.UNARY, trace);

    SpanData server = awaitServerSpan("test.Echo/Unary", trace);
    assertThat(answer.status().isOk()).isTrue();
    assertThat(answer.headers().getAll(SPAN_ID)).containsExactly(server.spanId().toString());
    assertThat(answer.trailers().containsKey(SPAN_ID)).as("once is enough").isFalse();
  }

  @Test
  void aCallClosedWithoutHeadersNamesTheSpanInItsTrailers() throws Exception {
    int port = startServer(tracing.tracer(), GrpcTracing.create(tracing.tracer()).serverInterceptor());
    UUID trace = UUID.randomUUID();
    Answer answer = plainCall(port, GrpcTestServices.MISSING, trace);

    SpanData server = awaitServerSpan("test.Echo/Missing", trace);
    assertThat(answer.status().getCode()).isEqualTo(Status.Code.NOT_FOUND);
    assertThat(answer.trailers().getAll(SPAN_ID)).containsExactly(server.spanId().toString());
  }

  @Test
  void aServerInATraceOfItsOwnNamesNoSpan() throws Exception {
    int port = startServer(tracing.tracer(), GrpcTracing.create(tracing.tracer()).serverInterceptor());
    for (MethodDescriptor<String, String> method : List.of(GrpcTestServices.UNARY, GrpcTestServices.MISSING)) {
      Answer answer = plainCall(port, method, null);
      assertThat(answer.headers().containsKey(SPAN_ID)).as(method.getFullMethodName()).isFalse();
      assertThat(answer.trailers().containsKey(SPAN_ID)).as(method.getFullMethodName()).isFalse();
    }
  }

  @Test
  void aServerThatLinksOrIgnoresTheCallersTraceNamesNoSpan() throws Exception {
    for (TrustPolicy policy : List.of(TrustPolicy.LINK, TrustPolicy.IGNORE)) {
      int port = startServer(tracing.tracer(),
          GrpcTracing.builder(tracing.tracer()).trustPolicy(policy).build().serverInterceptor());
      for (MethodDescriptor<String, String> method : List.of(GrpcTestServices.UNARY, GrpcTestServices.MISSING)) {
        Answer answer = plainCall(port, method, UUID.randomUUID());
        assertThat(answer.headers().containsKey(SPAN_ID)).as("%s %s", policy, method.getFullMethodName()).isFalse();
        assertThat(answer.trailers().containsKey(SPAN_ID)).as("%s %s", policy, method.getFullMethodName()).isFalse();
      }
    }
  }

  @Test
  void malformedSpanIdsInHeadersAndTrailersAreIgnoredAndTheCallSucceeds() throws Exception {
    ServerInterceptor odd = new ServerInterceptor() { // an untraced server with odd answers
      @Override
      public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
          ServerCallHandler<Q, R> next) {
        return next.startCall(new ForwardingServerCall.SimpleForwardingServerCall<>(call) {
          @Override
          public void sendHeaders(Metadata responseHeaders) {
            responseHeaders.put(SPAN_ID, "not-a-uuid");
            responseHeaders.put(SPAN_ID, "0123456789abcdef0123456789abcdef");
            super.sendHeaders(responseHeaders);
          }

          @Override
          public void close(Status status, Metadata trailers) {
            trailers.put(SPAN_ID, "zzzzzzzz-zzzz-zzzz-zzzz-zzzzzzzzzzzz");
            super.close(status, trailers);
          }
        }, headers);
      }
    };
    GrpcTracing grpc = GrpcTracing.builder(tracing.tracer()).clientSpans(true).build();
    Channel channel = channel(startServer(tracing.tracer(), odd), grpc.clientInterceptor());
    Span trace = tracing.tracer().traceBuilder("answer").start();
    try (Scope scope = trace.makeCurrent()) {
      assertThat(ClientCalls.blockingUnaryCall(channel, GrpcTestServices.UNARY, CallOptions.DEFAULT, "q"))
          .isNotEmpty();
    }
    trace.end();
    SpanData client = awaitServerSpan("test.Echo/Unary", trace.context().traceId());
    assertThat(client.parentId()).isEqualTo(trace.context().spanId());
    assertThat(client.statusCode()).isEqualTo(200);
    assertThat(client.metadata()).doesNotContainKey("error.type");
  }

  // ---- the client reads it, and ends every call (distributed mode) ----

  @Test
  void theCallersTraceCompletesOnceTheSpanTheServerNamedIsDelivered() throws Exception {
    try (RecordingBackend backend = new RecordingBackend("grpc-test")) {
      GrpcTracing grpc = GrpcTracing.create(backend.tracer());
      Channel channel = channel(startServer(backend.tracer(), grpc.serverInterceptor()), grpc.clientInterceptor());
      for (MethodDescriptor<String, String> method : List.of(GrpcTestServices.UNARY, GrpcTestServices.MISSING)) {
        Span trace = backend.tracer().traceBuilder("caller").start();
        try (Scope scope = trace.makeCurrent()) {
          try {
            ClientCalls.blockingUnaryCall(channel, method, CallOptions.DEFAULT, "q");
          } catch (StatusRuntimeException expected) {
            // NOT_FOUND: answered with trailers only
          }
        }
        trace.end();
        backend.awaitCompleted(trace.context().traceId());
        SpanData server = backend.finals(method.getFullMethodName()).get(0);
        assertThat(backend.lookedUp()).as(method.getFullMethodName()).contains(server.spanId());
        assertThat(backend.finalIndex(server.spanId())).isBetween(0, backend.finalIndex(trace.context().traceId()));
      }
    }
  }

  @Test
  void everyCallEndsWithOrWithoutClientSpansWhateverItsOutcome() throws Exception {
    try (RecordingBackend backend = new RecordingBackend("grpc-test")) {
      int port = startServer(backend.tracer(), GrpcTracing.create(backend.tracer()).serverInterceptor());
      int refused;
      try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
        refused = socket.getLocalPort();
      }
      for (boolean clientSpans : new boolean[] {false, true}) {
        ClientInterceptor client = GrpcTracing.builder(backend.tracer()).clientSpans(clientSpans).build()
            .clientInterceptor();
        Channel channel = channel(port, client);
        Channel nowhere = channel(refused, client);
        Span trace = backend.tracer().traceBuilder("caller").start();
        try (Scope scope = trace.makeCurrent()) {
          ClientCalls.blockingUnaryCall(channel, GrpcTestServices.UNARY, CallOptions.DEFAULT, "ok");
          assertThatThrownBy(() -> ClientCalls.blockingUnaryCall(channel, GrpcTestServices.MISSING, CallOptions.DEFAULT, "q"))
              .isInstanceOf(StatusRuntimeException.class);
          assertThatThrownBy(() -> ClientCalls.blockingUnaryCall(channel, GrpcTestServices.FAIL, CallOptions.DEFAULT, "q"))
              .isInstanceOf(StatusRuntimeException.class);
          assertThatThrownBy(() -> ClientCalls.blockingUnaryCall(nowhere, GrpcTestServices.UNARY, CallOptions.DEFAULT, "q"))
              .isInstanceOfSatisfying(StatusRuntimeException.class,
                  e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE));
          cancelAfterFirstMessage(channel.newCall(TRICKLE, CallOptions.DEFAULT));
        }
        trace.end();
        backend.awaitCompleted(trace.context().traceId());
      }
      assertThat(trickleCancelled.await(5, TimeUnit.SECONDS)).as("the server saw the cancel").isTrue();
    }
  }

  /** A server-streaming call the client cancels once the first message is in. */
  private static void cancelAfterFirstMessage(ClientCall<String, String> call) throws InterruptedException {
    CountDownLatch first = new CountDownLatch(1);
    CountDownLatch closed = new CountDownLatch(1);
    ClientCalls.asyncServerStreamingCall(call, "q", new StreamObserver<>() {
      @Override
      public void onNext(String value) {
        first.countDown();
      }

      @Override
      public void onError(Throwable t) {
        closed.countDown();
      }

      @Override
      public void onCompleted() {
        closed.countDown();
      }
    });
    assertThat(first.await(5, TimeUnit.SECONDS)).isTrue();
    call.cancel("the caller gave up", null);
    assertThat(closed.await(5, TimeUnit.SECONDS)).isTrue();
  }
}
