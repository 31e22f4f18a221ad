package ai.galileo.tracing.openai.internal;

import ai.galileo.tracing.Context;
import com.openai.client.OpenAIClient;
import com.openai.client.OpenAIClientAsync;
import com.openai.core.RequestOptions;
import com.openai.core.http.AsyncStreamResponse;
import com.openai.core.http.StreamResponse;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.responses.Response;
import com.openai.models.responses.ResponseCreateParams;
import com.openai.models.responses.ResponseStreamEvent;
import com.openai.services.async.ResponseServiceAsync;
import com.openai.services.async.chat.ChatCompletionServiceAsync;
import com.openai.services.blocking.ResponseService;
import com.openai.services.blocking.chat.ChatCompletionService;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The traced calls: chat completions and the Responses API, blocking, asynchronous and streamed.
 * Each starts an {@code LLM} span under the context current when the call is made, calls the
 * SDK, and ends the span with the answer or the error on whichever thread sees the end. The
 * caller gets exactly what the SDK returned or threw.
 *
 * <p>Internal: not part of the public API and may change without notice.
 */
public final class Tracing {
  private final TracerRef tracer;

  public Tracing(TracerRef tracer) {
    this.tracer = tracer;
  }

  /** The client, with chat completions and the Responses API traced. */
  public OpenAIClient wrap(OpenAIClient client) {
    return TracingHandler.wrap(OpenAIClient.class, client, this);
  }

  /** The asynchronous client, with chat completions and the Responses API traced. */
  public OpenAIClientAsync wrap(OpenAIClientAsync client) {
    return TracingHandler.wrap(OpenAIClientAsync.class, client, this);
  }

  ChatCompletion chat(ChatCompletionService service, ChatCompletionCreateParams params,
      RequestOptions options) {
    String where = "chat.completions.create";
    LlmCall call = start(where, () -> ChatCompletions.request(params, false));
    return blocking(call, where, () -> service.create(params, options), ChatCompletions::result);
  }

  StreamResponse<ChatCompletionChunk> chatStreaming(ChatCompletionService service,
      ChatCompletionCreateParams params, RequestOptions options) {
    String where = "chat.completions.createStreaming";
    LlmCall call = start(where, () -> ChatCompletions.request(params, true));
    return streaming(call, where, () -> service.createStreaming(params, options),
        call == null ? null : new ChatStream(call));
  }

  CompletableFuture<ChatCompletion> chat(ChatCompletionServiceAsync service,
      ChatCompletionCreateParams params, RequestOptions options) {
    String where = "async chat.completions.create";
    LlmCall call = start(where, () -> ChatCompletions.request(params, false));
    return async(call, where, () -> service.create(params, options), ChatCompletions::result);
  }

  AsyncStreamResponse<ChatCompletionChunk> chatStreaming(ChatCompletionServiceAsync service,
      ChatCompletionCreateParams params, RequestOptions options) {
    String where = "async chat.completions.createStreaming";
    LlmCall call = start(where, () -> ChatCompletions.request(params, true));
    return asyncStreaming(call, where, () -> service.createStreaming(params, options),
        call == null ? null : new ChatStream(call));
  }

  Response response(ResponseService service, ResponseCreateParams params, RequestOptions options) {
    String where = "responses.create";
    LlmCall call = start(where, () -> Responses.request(params, false));
    return blocking(call, where, () -> service.create(params, options), Responses::result);
  }

  StreamResponse<ResponseStreamEvent> responseStreaming(ResponseService service,
      ResponseCreateParams params, RequestOptions options) {
    String where = "responses.createStreaming";
    LlmCall call = start(where, () -> Responses.request(params, true));
    return streaming(call, where, () -> service.createStreaming(params, options),
        call == null ? null : new ResponseStream(call));
  }

  CompletableFuture<Response> response(ResponseServiceAsync service, ResponseCreateParams params,
      RequestOptions options) {
    String where = "async responses.create";
    LlmCall call = start(where, () -> Responses.request(params, false));
    return async(call, where, () -> service.create(params, options), Responses::result);
  }

  AsyncStreamResponse<ResponseStreamEvent> responseStreaming(ResponseServiceAsync service,
      ResponseCreateParams params, RequestOptions options) {
    String where = "async responses.createStreaming";
    LlmCall call = start(where, () -> Responses.request(params, true));
    return asyncStreaming(call, where, () -> service.createStreaming(params, options),
        call == null ? null : new ResponseStream(call));
  }

  /** The span of a call about to be made, under what is current now; null if it cannot start. */
  private LlmCall start(String where, Supplier<LlmRequest> request) {
    return LlmCall.start(tracer, Context.current(), where, request);
  }

  private static <R> R blocking(LlmCall call, String where, Supplier<R> invoke,
      Function<R, LlmResult> describe) {
    if (call == null) {
      return invoke.get();
    }
    R result;
    try {
      result = invoke.get();
    } catch (Throwable e) { // Kotlin code may throw checked exceptions undeclared
      call.fail(where, e, null);
      throw e;
    }
    call.succeed(where, () -> describe.apply(result));
    return result;
  }

  private static <T> StreamResponse<T> streaming(LlmCall call, String where,
      Supplier<StreamResponse<T>> invoke, StreamObserver<T> observer) {
    if (call == null) {
      return invoke.get();
    }
    StreamResponse<T> stream;
    try {
      stream = invoke.get();
    } catch (Throwable e) {
      call.fail(where, e, null);
      throw e;
    }
    if (stream == null) {
      call.fail(where, new IllegalStateException("the OpenAI client returned no stream"), null);
      return null;
    }
    return new TracedStreamResponse<>(stream, call, observer, where);
  }

  /**
   * The SDK's future, completed the same way once the span has ended, so that what the caller
   * chains on it runs after the span is recorded. Cancelling it cancels the SDK's future too.
   */
  private static <R> CompletableFuture<R> async(LlmCall call, String where,
      Supplier<CompletableFuture<R>> invoke, Function<R, LlmResult> describe) {
    if (call == null) {
      return invoke.get();
    }
    CompletableFuture<R> source;
    try {
      source = invoke.get();
    } catch (Throwable e) {
      call.fail(where, e, null);
      throw e;
    }
    if (source == null) {
      call.fail(where, new IllegalStateException("the OpenAI client returned no future"), null);
      return null;
    }
    CompletableFuture<R> result = new CompletableFuture<>();
    source.whenComplete((value, error) -> {
      try {
        if (error == null) {
          call.succeed(where, () -> describe.apply(value));
        } else {
          call.fail(where, error, null);
        }
      } finally {
        if (error == null) {
          result.complete(value);
        } else {
          result.completeExceptionally(error);
        }
      }
    });
    result.whenComplete((value, error) -> {
      if (result.isCancelled()) {
        source.cancel(false);
      }
    });
    return result;
  }

  private static <T> AsyncStreamResponse<T> asyncStreaming(LlmCall call, String where,
      Supplier<AsyncStreamResponse<T>> invoke, StreamObserver<T> observer) {
    if (call == null) {
      return invoke.get();
    }
    AsyncStreamResponse<T> stream;
    try {
      stream = invoke.get();
    } catch (Throwable e) {
      call.fail(where, e, null);
      throw e;
    }
    if (stream == null) {
      call.fail(where, new IllegalStateException("the OpenAI client returned no stream"), null);
      return null;
    }
    try {
      return new TracedAsyncStreamResponse<>(stream, call, observer, where);
    } catch (RuntimeException | LinkageError e) {
      Guard.failed(where, e);
      call.closedEarly(where, observer::result);
      return stream;
    }
  }
}
