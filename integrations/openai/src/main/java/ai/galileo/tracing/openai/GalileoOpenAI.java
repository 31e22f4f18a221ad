package ai.galileo.tracing.openai;

import ai.galileo.tracing.Galileo;
import ai.galileo.tracing.Tracer;
import ai.galileo.tracing.openai.internal.OpenAiIntegration;
import ai.galileo.tracing.openai.internal.TracerRef;
import ai.galileo.tracing.openai.internal.Tracing;
import com.openai.client.OpenAIClient;
import com.openai.client.OpenAIClientAsync;
import java.util.Objects;

/**
 * Galileo tracing for the OpenAI Java SDK: a wrapped client logs each chat completion and each
 * Responses API call as an {@code LLM} span.
 *
 * <pre>{@code
 * GalileoOpenAI tracing = GalileoOpenAI.create();
 * OpenAIClient client = tracing.wrap(OpenAIOkHttpClient.fromEnv());
 *
 * // One LLM span per call, under the span current when it is made: sync, async, streaming.
 * ChatCompletion answer = client.chat().completions().create(params);
 * }</pre>
 *
 * <p>The wrapped client is the SDK's own with the two APIs watched: every other service and
 * method goes straight to it, and what a call returns or throws reaches the caller unchanged
 * (streams still stream, item by item). A span's parent is the context current when the call is
 * made; an asynchronous or streamed call's span ends on whichever thread delivers the end. A
 * failure of the wrapper itself is logged and never reaches the call.
 *
 * @since 0.1.0
 */
public final class GalileoOpenAI {
  private final Tracing tracing;

  private GalileoOpenAI(TracerRef tracer) {
    this.tracing = new Tracing(tracer);
  }

  /**
   * Tracing with the tracer {@link Galileo#tracer()} returns at each call, so a client wrapped
   * before the application installs its tracer still logs with it.
   */
  public static GalileoOpenAI create() {
    return new GalileoOpenAI(TracerRef.global());
  }

  /** Tracing with the given tracer. */
  public static GalileoOpenAI create(Tracer tracer) {
    return new GalileoOpenAI(TracerRef.of(Objects.requireNonNull(tracer, "tracer")));
  }

  /**
   * The client with {@code chat().completions().create(...)}, {@code createStreaming(...)} and
   * the same two of {@code responses()} traced, also when reached through {@code async()} or
   * {@code withOptions(...)}. A client that is already traced is returned as it is, so a call is
   * never logged twice.
   */
  public OpenAIClient wrap(OpenAIClient client) {
    OpenAiIntegration.setUp();
    return tracing.wrap(Objects.requireNonNull(client, "client"));
  }

  /**
   * The asynchronous client with chat completions and the Responses API traced, also when
   * reached through {@code sync()} or {@code withOptions(...)}.
   */
  public OpenAIClientAsync wrap(OpenAIClientAsync client) {
    OpenAiIntegration.setUp();
    return tracing.wrap(Objects.requireNonNull(client, "client"));
  }
}
