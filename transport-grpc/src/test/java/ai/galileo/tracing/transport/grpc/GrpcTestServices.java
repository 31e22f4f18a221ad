package ai.galileo.tracing.transport.grpc;

import ai.galileo.tracing.Context;
import ai.galileo.tracing.Span;
import ai.galileo.tracing.SpanType;
import ai.galileo.tracing.Tracer;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerServiceDefinition;
import io.grpc.Status;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.ServerCalls;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;

/**
 * A hand-written gRPC service for the tests, with a UTF-8 string marshaller: no protoc, no
 * generated code. Each handler answers with what it saw as the current span, as
 * {@code traceId/spanId}.
 */
final class GrpcTestServices {
  static final String SERVICE = "test.Echo";

  static final MethodDescriptor.Marshaller<String> UTF8 = new MethodDescriptor.Marshaller<>() {
    @Override
    public InputStream stream(String value) {
      return new ByteArrayInputStream(value.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public String parse(InputStream stream) {
      try {
        return new String(stream.readAllBytes(), StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  };

  /** Answers with the current span and starts a child span "work". */
  static final MethodDescriptor<String, String> UNARY = method("Unary", MethodDescriptor.MethodType.UNARY);
  /** Answers three times. */
  static final MethodDescriptor<String, String> STREAM = method("Stream", MethodDescriptor.MethodType.SERVER_STREAMING);
  /** Throws from the handler (in onHalfClose). */
  static final MethodDescriptor<String, String> FAIL = method("Fail", MethodDescriptor.MethodType.UNARY);
  /** Answers NOT_FOUND. */
  static final MethodDescriptor<String, String> MISSING = method("Missing", MethodDescriptor.MethodType.UNARY);
  /** Never answers; waits to be cancelled. */
  static final MethodDescriptor<String, String> HANG = method("Hang", MethodDescriptor.MethodType.UNARY);
  /** Leaves a scope open on the server thread, as a buggy handler would. */
  static final MethodDescriptor<String, String> LEAK = method("Leak", MethodDescriptor.MethodType.UNARY);
  /** Throws from startCall, before any listener exists. */
  static final MethodDescriptor<String, String> BROKEN = method("Broken", MethodDescriptor.MethodType.UNARY);
  /** A raw bidi handler that records the current span in every listener callback. */
  static final MethodDescriptor<String, String> CHAT = method("Chat", MethodDescriptor.MethodType.BIDI_STREAMING);

  final Tracer tracer;
  /** Callback name to the spans that were current in it, for CHAT. */
  final Map<String, List<Span>> callbacks = new ConcurrentHashMap<>();
  final CountDownLatch chatDone = new CountDownLatch(1);
  final CountDownLatch hangStarted = new CountDownLatch(1);
  final CountDownLatch hangCancelled = new CountDownLatch(1);
  volatile Span currentInOnCancel;

  GrpcTestServices(Tracer tracer) {
    this.tracer = tracer;
  }

  static MethodDescriptor<String, String> method(String name, MethodDescriptor.MethodType type) {
    return MethodDescriptor.<String, String>newBuilder()
        .setType(type)
        .setFullMethodName(MethodDescriptor.generateFullMethodName(SERVICE, name))
        .setRequestMarshaller(UTF8)
        .setResponseMarshaller(UTF8)
        .build();
  }

  static String ids(Span span) {
    return span.context().traceIdString() + "/" + span.context().spanIdString();
  }

  /** gRPC's health service as a probe calls it, answering with the current span. */
  static final MethodDescriptor<String, String> HEALTH_CHECK = MethodDescriptor.<String, String>newBuilder()
      .setType(MethodDescriptor.MethodType.UNARY)
      .setFullMethodName("grpc.health.v1.Health/Check")
      .setRequestMarshaller(UTF8)
      .setResponseMarshaller(UTF8)
      .build();

  ServerServiceDefinition health() {
    return ServerServiceDefinition.builder("grpc.health.v1.Health")
        .addMethod(HEALTH_CHECK, ServerCalls.asyncUnaryCall((request, response) -> {
          response.onNext(ids(Span.current()));
          response.onCompleted();
        }))
        .build();
  }

  ServerServiceDefinition definition() {
    return ServerServiceDefinition.builder(SERVICE)
        .addMethod(UNARY, ServerCalls.asyncUnaryCall((request, response) -> {
          String current = ids(Span.current());
          Span work = tracer.spanBuilder("work", SpanType.TOOL).setInput(request).start();
          work.end(current);
          response.onNext(current);
          response.onCompleted();
        }))
        .addMethod(STREAM, ServerCalls.asyncServerStreamingCall((request, response) -> {
          for (int i = 0; i < 3; i++) {
            response.onNext(ids(Span.current()));
          }
          response.onCompleted();
        }))
        .addMethod(FAIL, ServerCalls.<String, String>asyncUnaryCall((request, response) -> {
          throw new IllegalStateException("the index is gone");
        }))
        .addMethod(MISSING, ServerCalls.<String, String>asyncUnaryCall((request, response) ->
            response.onError(Status.NOT_FOUND.withDescription("no such document").asRuntimeException())))
        .addMethod(HANG, ServerCalls.<String, String>asyncUnaryCall((request, response) -> {
          ((ServerCallStreamObserver<String>) response).setOnCancelHandler(() -> {
            currentInOnCancel = Span.current();
            hangCancelled.countDown();
          });
          hangStarted.countDown();
        }))
        .addMethod(LEAK, ServerCalls.asyncUnaryCall((request, response) -> {
          Span leaked = tracer.spanBuilder("leaked", SpanType.TOOL).start();
          Context.current().with(leaked).makeCurrent(); // never closed: the bug under test
          response.onNext(ids(leaked));
          response.onCompleted();
          leaked.end();
        }))
        .addMethod(BROKEN, (call, headers) -> {
          throw new IllegalStateException("no handler for you");
        })
        .addMethod(CHAT, chat())
        .build();
  }

  private ServerCallHandler<String, String> chat() {
    return (call, headers) -> {
      record("startCall");
      call.sendHeaders(new Metadata());
      call.request(1);
      return new ServerCall.Listener<>() {
        @Override
        public void onMessage(String message) {
          record("onMessage");
          call.sendMessage(ids(Span.current()));
          call.request(1);
        }

        @Override
        public void onHalfClose() {
          record("onHalfClose");
          call.close(Status.OK, new Metadata());
        }

        @Override
        public void onCancel() {
          record("onCancel");
          chatDone.countDown();
        }

        @Override
        public void onComplete() {
          record("onComplete");
          chatDone.countDown();
        }

        @Override
        public void onReady() {
          record("onReady");
        }
      };
    };
  }

  private void record(String callback) {
    callbacks.computeIfAbsent(callback, k -> new CopyOnWriteArrayList<>()).add(Span.current());
  }
}
