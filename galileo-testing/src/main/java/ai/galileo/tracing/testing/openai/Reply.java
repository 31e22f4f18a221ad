package ai.galileo.tracing.testing.openai;

import java.time.Duration;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * What the fake answers to one call, queued with {@link FakeOpenAi#enqueue(Reply...)}: an answer
 * (text, tool calls, or both) or an error. Immutable; each method returns a changed copy.
 *
 * <pre>{@code
 * fake.enqueue(Reply.text("Paris.").usage(12, 2));
 * fake.enqueue(Reply.toolCall("get_weather", "{\"city\":\"Pisa\"}"), Reply.text("Sunny in Pisa."));
 * fake.enqueue(Reply.rateLimited(Duration.ZERO), 2);              // the next two calls get 429
 * fake.enqueue(Reply.text("slow").delay(Duration.ofMillis(300)).noUsage().finishReason("length"));
 * }</pre>
 *
 * <p>An answer serves chat completions and the Responses API, streaming or not; an error serves
 * every endpoint, embeddings included. {@link #on(Endpoint...)} narrows either.
 *
 * @since 0.1.0
 */
public final class Reply {
  /** Chat completions' finish reasons; the Responses API maps them to a status. */
  public static final Set<String> FINISH_REASONS =
      Set.of("stop", "length", "tool_calls", "content_filter", "function_call");

  private final String text;
  private final List<ToolCall> toolCalls;
  private final long promptTokens;
  private final long completionTokens;
  private final boolean usage;
  private final String finishReason;
  private final Duration delay;
  private final int status;
  private final String errorType;
  private final String errorCode;
  private final String errorMessage;
  private final Map<String, String> headers;
  private final Set<Endpoint> endpoints;
  private final Extras extras;

  /**
   * What an answer carries beyond text, calls and counts: Responses API output items, and the
   * audio and image parts of the token counts (-1: not reported).
   */
  private record Extras(List<OutputItem> items, long audioPromptTokens, long audioCompletionTokens,
      long imagePromptTokens) {
    static final Extras NONE = new Extras(List.of(), -1, -1, -1);
  }

  private Reply(String text, List<ToolCall> toolCalls, long promptTokens, long completionTokens,
      boolean usage, String finishReason, Duration delay, int status, String errorType,
      String errorCode, String errorMessage, Map<String, String> headers, Set<Endpoint> endpoints,
      Extras extras) {
    this.text = text;
    this.toolCalls = toolCalls;
    this.promptTokens = promptTokens;
    this.completionTokens = completionTokens;
    this.usage = usage;
    this.finishReason = finishReason;
    this.delay = delay;
    this.status = status;
    this.errorType = errorType;
    this.errorCode = errorCode;
    this.errorMessage = errorMessage;
    this.headers = headers;
    this.endpoints = endpoints;
    this.extras = extras;
  }

  private static Reply answer(String text, List<ToolCall> toolCalls) {
    return new Reply(text, toolCalls, -1, -1, true, null, Duration.ZERO, 200, null, null, null,
        Map.of(), Collections.unmodifiableSet(EnumSet.of(Endpoint.CHAT_COMPLETIONS, Endpoint.RESPONSES)), Extras.NONE);
  }

  /** An answer with this text; streamed word by word. */
  public static Reply text(String text) {
    return answer(Objects.requireNonNull(text, "text"), List.of());
  }

  /** An answer that asks for one function call (and has no text). */
  public static Reply toolCall(String name, String arguments) {
    return toolCalls(ToolCall.of(name, arguments));
  }

  /** An answer that asks for these function calls, in this order (and has no text). */
  public static Reply toolCalls(ToolCall... calls) {
    if (calls.length == 0) {
      throw new IllegalArgumentException("at least one tool call");
    }
    return answer(null, List.copyOf(Arrays.asList(calls)));
  }

  /**
   * An error answer with OpenAI's error body, {@code {"error":{"message","type","param":null,"code"}}}.
   *
   * @param status an HTTP status of 400 or more
   * @param type such as {@code invalid_request_error}, {@code server_error}, {@code requests}
   * @param code such as {@code rate_limit_exceeded}, or null (the real API often sends null)
   * @param message the human-readable message
   */
  public static Reply error(int status, String type, String code, String message) {
    if (status < 400 || status > 599) {
      throw new IllegalArgumentException("an error status is 400 to 599, not " + status);
    }
    return new Reply(null, List.of(), -1, -1, true, null, Duration.ZERO, status,
        Objects.requireNonNull(type, "type"), code, Objects.requireNonNull(message, "message"),
        Map.of(), Collections.unmodifiableSet(EnumSet.allOf(Endpoint.class)), Extras.NONE);
  }

  /**
   * 429 as OpenAI sends it for a request rate limit: type {@code requests}, code
   * {@code rate_limit_exceeded}, and a {@code Retry-After} header in whole seconds (rounded up),
   * which OpenAI's clients wait for before retrying.
   */
  public static Reply rateLimited(Duration retryAfter) {
    long seconds = (retryAfter.toMillis() + 999) / 1000;
    return error(429, "requests", "rate_limit_exceeded",
        "Rate limit reached for requests. Please try again in " + seconds + "s.")
        .header("Retry-After", Long.toString(seconds));
  }

  /** 500 with the message and type OpenAI uses for its own failures. */
  public static Reply serverError() {
    return error(500, "server_error", null,
        "The server had an error while processing your request. Sorry about that!");
  }

  /** This answer with text too (beside its tool calls, or instead of its text). */
  public Reply withText(String text) {
    requireAnswer("withText");
    return new Reply(Objects.requireNonNull(text, "text"), toolCalls, promptTokens, completionTokens,
        usage, finishReason, delay, status, errorType, errorCode, errorMessage, headers, endpoints, extras);
  }

  /** This answer with these tool calls too (beside its text, or instead of its calls). */
  public Reply withToolCalls(ToolCall... calls) {
    requireAnswer("withToolCalls");
    return new Reply(text, List.copyOf(Arrays.asList(calls)), promptTokens, completionTokens,
        usage, finishReason, delay, status, errorType, errorCode, errorMessage, headers, endpoints, extras);
  }

  /**
   * The token counts to report; without this, the fake counts words (the prompt's across all
   * messages, the completion's in the answer and the tool calls' arguments).
   */
  public Reply usage(long promptTokens, long completionTokens) {
    requireAnswer("usage");
    if (promptTokens < 0 || completionTokens < 0) {
      throw new IllegalArgumentException("token counts are 0 or more");
    }
    return new Reply(text, toolCalls, promptTokens, completionTokens, true, finishReason, delay,
        status, errorType, errorCode, errorMessage, headers, endpoints, extras);
  }

  /**
   * No usage at all: {@code usage} is left out of a chat completion (and no usage chunk is
   * streamed, even when asked for), and is null in a Responses API response; as some
   * OpenAI-compatible servers do.
   */
  public Reply noUsage() {
    requireAnswer("noUsage");
    return new Reply(text, toolCalls, -1, -1, false, finishReason, delay, status, errorType,
        errorCode, errorMessage, headers, endpoints, extras);
  }

  /**
   * The finish reason, one of {@link #FINISH_REASONS}; by default {@code tool_calls} when there
   * are tool calls, else {@code stop}. In the Responses API {@code length} and
   * {@code content_filter} make the response {@code incomplete}, with that reason.
   */
  public Reply finishReason(String finishReason) {
    requireAnswer("finishReason");
    if (!FINISH_REASONS.contains(finishReason)) {
      throw new IllegalArgumentException("finish reason " + finishReason + " is not one of " + FINISH_REASONS);
    }
    return new Reply(text, toolCalls, promptTokens, completionTokens, usage, finishReason, delay,
        status, errorType, errorCode, errorMessage, headers, endpoints, extras);
  }

  /**
   * This answer with these Responses API output items too (reasoning, web search, MCP calls, ...;
   * see {@link OutputItem}), in this order, before its message and function calls, as the real API
   * orders them. Chat completions have no such items and leave them out.
   */
  public Reply withItems(OutputItem... items) {
    requireAnswer("withItems");
    return withExtras(new Extras(List.copyOf(Arrays.asList(items)), extras.audioPromptTokens(),
        extras.audioCompletionTokens(), extras.imagePromptTokens()));
  }

  /**
   * The audio tokens among the usage's counts: chat completions'
   * {@code prompt_tokens_details.audio_tokens} and {@code completion_tokens_details.audio_tokens}
   * (0 unless set, as the real API sends them). The Responses API's usage has no audio counts.
   */
  public Reply audioTokens(long promptTokens, long completionTokens) {
    requireAnswer("audioTokens");
    if (promptTokens < 0 || completionTokens < 0) {
      throw new IllegalArgumentException("token counts are 0 or more");
    }
    return withExtras(new Extras(extras.items(), promptTokens, completionTokens, extras.imagePromptTokens()));
  }

  /**
   * The image tokens among the prompt's: chat completions' {@code prompt_tokens_details.image_tokens}
   * (left out unless set). The Responses API's usage has no image counts.
   */
  public Reply imageTokens(long promptTokens) {
    requireAnswer("imageTokens");
    if (promptTokens < 0) {
      throw new IllegalArgumentException("token counts are 0 or more");
    }
    return withExtras(new Extras(extras.items(), extras.audioPromptTokens(), extras.audioCompletionTokens(),
        promptTokens));
  }

  private Reply withExtras(Extras extras) {
    return new Reply(text, toolCalls, promptTokens, completionTokens, usage, finishReason, delay,
        status, errorType, errorCode, errorMessage, headers, endpoints, extras);
  }

  /** Waits this long before answering (before the status line, also when streaming). */
  public Reply delay(Duration delay) {
    if (delay.isNegative()) {
      throw new IllegalArgumentException("negative delay");
    }
    return new Reply(text, toolCalls, promptTokens, completionTokens, usage, finishReason, delay,
        status, errorType, errorCode, errorMessage, headers, endpoints, extras);
  }

  /** A response header to send as well. */
  public Reply header(String name, String value) {
    Map<String, String> h = new LinkedHashMap<>(headers);
    h.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, "value"));
    return new Reply(text, toolCalls, promptTokens, completionTokens, usage, finishReason, delay,
        status, errorType, errorCode, errorMessage, Collections.unmodifiableMap(h), endpoints, extras);
  }

  /**
   * Only calls to these endpoints take this reply; others pass it by. An answer cannot serve
   * embeddings.
   */
  public Reply on(Endpoint... endpoints) {
    if (endpoints.length == 0) {
      throw new IllegalArgumentException("at least one endpoint");
    }
    EnumSet<Endpoint> set = EnumSet.copyOf(Arrays.asList(endpoints));
    if (!isError() && set.contains(Endpoint.EMBEDDINGS)) {
      throw new IllegalArgumentException("an answer cannot serve embeddings; only an error can");
    }
    return new Reply(text, toolCalls, promptTokens, completionTokens, usage, finishReason, delay,
        status, errorType, errorCode, errorMessage, headers, Collections.unmodifiableSet(set), extras);
  }

  private void requireAnswer(String method) {
    if (isError()) {
      throw new IllegalStateException(method + " applies to answers, not to errors");
    }
  }

  /** Whether this is an error reply. */
  public boolean isError() {
    return status >= 400;
  }

  /** The answer's text, or null (tool calls only, or an error). */
  public String text() {
    return text;
  }

  public List<ToolCall> toolCalls() {
    return toolCalls;
  }

  /** Whether usage is reported. */
  public boolean hasUsage() {
    return usage;
  }

  /** The prompt tokens to report, or -1 to count them. */
  public long promptTokens() {
    return promptTokens;
  }

  /** The completion tokens to report, or -1 to count them. */
  public long completionTokens() {
    return completionTokens;
  }

  /** The Responses API output items of this answer beside its message and calls; never null. */
  public List<OutputItem> items() {
    return extras.items();
  }

  /** The prompt's audio tokens to report, or -1 for 0. */
  public long audioPromptTokens() {
    return extras.audioPromptTokens();
  }

  /** The completion's audio tokens to report, or -1 for 0. */
  public long audioCompletionTokens() {
    return extras.audioCompletionTokens();
  }

  /** The prompt's image tokens to report, or -1 to leave them out. */
  public long imagePromptTokens() {
    return extras.imagePromptTokens();
  }

  /** The finish reason: the one set, or the default for this answer. */
  public String finishReason() {
    if (finishReason != null) {
      return finishReason;
    }
    return toolCalls.isEmpty() ? "stop" : "tool_calls";
  }

  public Duration delay() {
    return delay;
  }

  /** The HTTP status: 200 for an answer. */
  public int status() {
    return status;
  }

  public String errorType() {
    return errorType;
  }

  public String errorCode() {
    return errorCode;
  }

  public String errorMessage() {
    return errorMessage;
  }

  public Map<String, String> headers() {
    return headers;
  }

  public Set<Endpoint> endpoints() {
    return endpoints;
  }

  @Override
  public String toString() {
    if (isError()) {
      return "Reply[" + status + " " + errorType + ": " + errorMessage + "]";
    }
    return "Reply[text=" + text + ", toolCalls=" + toolCalls + (extras.items().isEmpty() ? "" : ", items=" + extras.items())
        + ", finishReason=" + finishReason() + "]";
  }
}
