package ai.galileo.tracing.openai.internal;

import ai.galileo.tracing.Content;
import ai.galileo.tracing.Context;
import ai.galileo.tracing.LlmEvent;
import ai.galileo.tracing.Span;
import ai.galileo.tracing.SpanBuilder;
import ai.galileo.tracing.SpanType;
import com.openai.errors.OpenAIServiceException;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * The {@code LLM} span of one OpenAI call. It is ended exactly once, by whichever thread sees the
 * call finish first (the caller's, the HTTP client's, a stream handler's executor): the state
 * travels with the call object, never in a thread-local.
 *
 * <p>Internal: not part of the public API and may change without notice.
 */
final class LlmCall {
  private static final Pattern API_KEY = Pattern.compile("\\bsk-[A-Za-z0-9_*\\-]+");

  private final Span span;
  private final long startNanos;
  private final AtomicBoolean ended = new AtomicBoolean();
  private final AtomicBoolean firstToken = new AtomicBoolean();

  private LlmCall(Span span, long startNanos) {
    this.span = span;
    this.startNanos = startNanos;
  }

  /** Starts the span under {@code parent}; null when the request could not be described. */
  static LlmCall start(TracerRef tracer, Context parent, String where,
      Supplier<LlmRequest> describe) {
    long startNanos = System.nanoTime();
    return Guard.get(where, () -> {
      LlmRequest request = describe.get();
      SpanBuilder b = tracer.get().spanBuilder(request.name(), SpanType.LLM)
          .setParent(parent)
          .setInput(request.input())
          .setModel(request.model());
      request.metadata().forEach(b::setMetadata);
      Span span = b.start();
      if (request.temperature() != null) {
        span.setTemperature(request.temperature());
      }
      if (!request.tools().isEmpty()) {
        span.setTools(request.tools());
      }
      return new LlmCall(span, startNanos);
    });
  }

  /** Records the time to the first generated token, the first time only. */
  void firstToken() {
    if (firstToken.compareAndSet(false, true)) {
      span.setTimeToFirstTokenNanos(System.nanoTime() - startNanos);
    }
  }

  /** The answer arrived: records it and ends the span. */
  void succeed(String where, Supplier<LlmResult> describe) {
    if (!ended.compareAndSet(false, true)) {
      return;
    }
    try {
      Guard.run(where, () -> {
        LlmResult result = describe.get();
        record(result);
        if (!result.failed()) {
          span.setStatusCode(200);
        }
      });
    } finally {
      span.end();
    }
  }

  /**
   * The call failed: records what had arrived (a stream's part), the error and the status the
   * server answered with, and ends the span.
   */
  void fail(String where, Throwable error, Supplier<LlmResult> partial) {
    if (!ended.compareAndSet(false, true)) {
      return;
    }
    try {
      Guard.run(where, () -> {
        if (partial != null) {
          record(partial.get());
        }
        Throwable cause = unwrap(error);
        OpenAIServiceException service = serviceException(cause);
        if (service != null) {
          // An error event inside a stream comes with the stream's 200: the span takes 500 then.
          if (service.statusCode() >= 400) {
            span.setStatusCode(service.statusCode());
          }
          service.code().ifPresent(code -> span.setMetadata("error.code", code));
        }
        span.recordError(cause);
        String message = cause.getMessage();
        if (message != null && API_KEY.matcher(message).find()) {
          // OpenAI's 401 names the key it refused, masked but for its last characters.
          span.setMetadata("error.message", API_KEY.matcher(message).replaceAll("sk-[redacted]"));
        }
      });
    } finally {
      span.end();
    }
  }

  /** The caller closed a stream before its end: records what had arrived and ends the span. */
  void closedEarly(String where, Supplier<LlmResult> partial) {
    if (!ended.compareAndSet(false, true)) {
      return;
    }
    try {
      Guard.run(where, () -> {
        record(partial.get());
        span.setMetadata("stream_closed_early", "true");
        span.setStatusCode(200);
      });
    } finally {
      span.end();
    }
  }

  private void record(LlmResult r) {
    if (r.output() != null) {
      span.setOutput(Content.message(r.output()));
    }
    if (r.model() != null) {
      span.setModel(r.model()); // the model that answered, such as a dated snapshot
    }
    // The API sets the two together: when the provider reported only one, neither is guessed.
    if (r.inputTokens() != null && r.outputTokens() != null) {
      span.setTokens(r.inputTokens(), r.outputTokens());
    }
    if (r.totalTokens() != null) {
      span.setTotalTokens(r.totalTokens());
    }
    ModalityTokens m = r.modalityTokens();
    if (m.hasImage()) {
      span.setImageTokens(ModalityTokens.orZero(m.imageInput()), ModalityTokens.orZero(m.imageOutput()));
    }
    if (m.hasAudio()) {
      span.setAudioTokens(ModalityTokens.orZero(m.audioInput()), ModalityTokens.orZero(m.audioOutput()));
    }
    if (r.finishReason() != null) {
      span.setFinishReason(r.finishReason());
    }
    for (LlmEvent event : r.events()) {
      span.addEvent(event);
    }
    for (Map.Entry<String, String> e : r.metadata().entrySet()) {
      span.setMetadata(e.getKey(), e.getValue());
    }
  }

  /** The error itself, out of the wrappers that futures put around it. */
  static Throwable unwrap(Throwable error) {
    Throwable t = error;
    for (int depth = 0; depth < 8 && t.getCause() != null
        && (t instanceof CompletionException || t instanceof ExecutionException); depth++) {
      t = t.getCause();
    }
    return t;
  }

  /** The OpenAI error behind {@code error} (the SDK may wrap it), or null. */
  static OpenAIServiceException serviceException(Throwable error) {
    Throwable t = error;
    for (int depth = 0; t != null && depth < 16; depth++, t = t.getCause()) {
      if (t instanceof OpenAIServiceException service) {
        return service;
      }
    }
    return null;
  }
}
