package ai.galileo.tracing.testing.openai;

import ai.galileo.tracing.testing.openai.internal.FakeHandler;
import ai.galileo.tracing.testing.openai.internal.Script;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * An OpenAI-compatible server on 127.0.0.1, for testing code that calls a model without reaching
 * OpenAI: the real clients (OpenAI's Java SDK, LangChain4j, Spring AI) call it with
 * {@link #baseUrl()} as their base URL, and the test scripts what the model answers.
 *
 * <pre>{@code
 * try (FakeOpenAi fake = FakeOpenAi.start()) {
 *   fake.toolCalls(call("get_weather", "{\"city\":\"Pisa\"}"))  // the first call asks for a tool,
 *       .thenAnswer("Sunny in Pisa.").usage(42, 4);              // the second one is answered
 *   OpenAIClient client = OpenAIOkHttpClient.builder()
 *       .baseUrl(fake.baseUrl()).apiKey(fake.apiKey()).build();
 *   // ... run the code under test ...
 *   fake.lastRequest().json().path("messages");                  // what the client sent
 * }
 * }</pre>
 *
 * <p>It serves, in the real wire formats:
 * <ul>
 *   <li>{@code POST /v1/chat/completions}: a {@code chat.completion}, or with {@code "stream": true}
 *       {@code chat.completion.chunk} events ({@code data:} lines), the usage chunk when
 *       {@code stream_options.include_usage} is true, then {@code data: [DONE]};
 *   <li>{@code POST /v1/responses}: a {@code response}, or with {@code "stream": true} the
 *       {@code event:}-named events from {@code response.created} to {@code response.completed};
 *       besides the message and function calls, the reasoning, hosted tool and MCP items a reply
 *       carries ({@link OutputItem});
 *   <li>{@code POST /v1/embeddings}: deterministic vectors (see {@link Builder#embeddingDimensions}),
 *       as float arrays or, for {@code "encoding_format": "base64"}, little-endian float32s.
 * </ul>
 *
 * <p>Each call takes the first queued {@link Reply} meant for its endpoint ({@link #enqueue});
 * with none queued, chat completions and responses get a deterministic answer derived from the
 * last user message (see {@link Builder#defaultAnswer}), with usage counted in words. Every request
 * is recorded before it is answered ({@link #requests()}), the refused ones too.
 *
 * <p>The rules of the real service it enforces, each answered with OpenAI's status and error body
 * {@code {"error":{"message","type","param","code"}}}:
 * <ul>
 *   <li>{@code Authorization: Bearer <key>} with the configured key: else 401 (code
 *       {@code invalid_api_key} for a wrong key); the key is never echoed or recorded;
 *   <li>only {@code POST} to the three paths: else 404 {@code Invalid URL (METHOD PATH)};
 *   <li>a JSON object body with a string {@code model}: else 400;
 *   <li>{@code stream_options} only with {@code "stream": true};
 *   <li>chat completions: a non-empty {@code messages} array of objects with a known
 *       {@code role}; a {@code tool} message must answer a {@code tool_calls} id of the assistant
 *       message before it, and each such id must be answered before the next other message;
 *   <li>responses: {@code input} is a string or an array; a {@code function_call_output} needs a
 *       {@code function_call} with its {@code call_id} in the same input (unless the request
 *       continues a {@code previous_response_id} or a {@code conversation}, which the fake does
 *       not keep);
 *   <li>embeddings: a non-empty {@code input} (a string, or an array of strings or tokens),
 *       {@code encoding_format} {@code float} or {@code base64}, {@code dimensions} of 1 or more.
 * </ul>
 * It does not check model names, sampling parameters or tool schemas, answers one choice whatever
 * {@code n} asks, and keeps no state between calls.
 *
 * @since 0.1.0
 */
public final class FakeOpenAi implements AutoCloseable {
  /** The key the fake accepts unless told otherwise. */
  public static final String DEFAULT_API_KEY = "sk-openai-fake";
  /** The size of embedding vectors when the request does not ask for {@code dimensions}. */
  public static final int DEFAULT_EMBEDDING_DIMENSIONS = 64;
  /** Requests kept for {@link #requests()}; older ones are let go (see {@link #requestCount()}). */
  public static final int DEFAULT_MAX_RECORDED = 10_000;

  static {
    // The JDK's HTTP server writes a response's headers and body separately: without TCP_NODELAY
    // each small answer waits for the client's delayed ACK (40 ms on Linux). Read once per JVM.
    if (System.getProperty("sun.net.httpserver.nodelay") == null) {
      System.setProperty("sun.net.httpserver.nodelay", "true");
    }
  }

  private final HttpServer server;
  private final ExecutorService executor;
  private final Script script;
  private final String apiKey;

  private FakeOpenAi(Builder b) throws IOException {
    this.apiKey = b.apiKey;
    this.script = new Script(b.maxRecorded);
    AtomicInteger threads = new AtomicInteger();
    this.executor = Executors.newCachedThreadPool(r -> {
      Thread t = new Thread(r, "openai-fake-" + threads.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
    FakeHandler handler = new FakeHandler(b.apiKey, b.embeddingDimensions, b.defaultAnswer, b.clock, script);
    HttpServer http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), b.port), 64);
    http.createContext("/", handler);
    http.setExecutor(executor);
    http.start();
    this.server = http;
  }

  /** A fake with the defaults, on a free port. */
  public static FakeOpenAi start() {
    return builder().start();
  }

  public static Builder builder() {
    return new Builder();
  }

  /**
   * {@code http://127.0.0.1:PORT/v1}: the base URL of OpenAI's Java SDK and LangChain4j
   * ({@code OPENAI_BASE_URL}).
   */
  public String baseUrl() {
    return url() + "/v1";
  }

  /**
   * {@code http://127.0.0.1:PORT}, without {@code /v1}: for clients that add the {@code /v1/...}
   * paths themselves, such as Spring AI 1.x ({@code spring.ai.openai.base-url}).
   */
  public String url() {
    return "http://127.0.0.1:" + port();
  }

  public int port() {
    return server.getAddress().getPort();
  }

  /** The key clients must send as {@code Authorization: Bearer <key>}. */
  public String apiKey() {
    return apiKey;
  }

  /** Queues replies for the next calls, in order (see {@link Reply#on} for which calls). */
  public FakeOpenAi enqueue(Reply... replies) {
    for (Reply r : replies) {
      script.enqueue(Objects.requireNonNull(r, "reply"));
    }
    return this;
  }

  /** Queues the same reply for the next {@code times} calls. */
  public FakeOpenAi enqueue(Reply reply, int times) {
    Objects.requireNonNull(reply, "reply");
    if (times < 1) {
      throw new IllegalArgumentException("times must be 1 or more, not " + times);
    }
    for (int i = 0; i < times; i++) {
      script.enqueue(reply);
    }
    return this;
  }

  /**
   * A function call for {@link #toolCalls(ToolCall...)}, its id {@code call_} and a number:
   * {@code fake.toolCalls(call("get_weather", "{\"city\":\"Pisa\"}"))}.
   *
   * @param name the function's name
   * @param argumentsJson its arguments, a JSON object as text (sent as it is)
   */
  public static ToolCall call(String name, String argumentsJson) {
    return ToolCall.of(name, argumentsJson);
  }

  /**
   * Queues an answer with this text for the next chat completion or response; a call with
   * {@code "stream": true} gets it streamed word by word, others whole.
   */
  public FakeOpenAi answer(String text) {
    return enqueue(Reply.text(text));
  }

  /**
   * Queues an answer asking for these function calls, in this order; the model's next turn is
   * scripted after it, usually with {@link #thenAnswer(String)}.
   */
  public FakeOpenAi toolCalls(ToolCall... calls) {
    return enqueue(Reply.toolCalls(calls));
  }

  /** {@link #answer(String)}, for reading a script aloud: tool calls, then an answer. */
  public FakeOpenAi thenAnswer(String text) {
    return answer(text);
  }

  /**
   * Queues a failure with OpenAI's error body for the next call to any endpoint: 429 is a rate
   * limit with {@code Retry-After: 0} (OpenAI's clients retry at once), 500 and above a server
   * error, anything else from 400 an {@code invalid_request_error}. OpenAI's clients retry 408,
   * 409, 429 and 5xx; script as many failures as the test wants them to see.
   */
  public FakeOpenAi fail(int status) {
    return enqueue(status == 429 ? Reply.rateLimited(Duration.ZERO) : failure(status));
  }

  /**
   * {@link #fail(int)} with a {@code Retry-After} header of {@code retryAfter} in whole seconds
   * (rounded up), which OpenAI's clients wait for before retrying.
   */
  public FakeOpenAi fail(int status, Duration retryAfter) {
    Objects.requireNonNull(retryAfter, "retryAfter");
    if (status == 429) {
      return enqueue(Reply.rateLimited(retryAfter));
    }
    long seconds = (retryAfter.toMillis() + 999) / 1000;
    return enqueue(failure(status).header("Retry-After", Long.toString(seconds)));
  }

  private static Reply failure(int status) {
    if (status == 500) {
      return Reply.serverError();
    }
    String type = status >= 500 ? "server_error" : "invalid_request_error";
    return Reply.error(status, type, null, "HTTP " + status + " scripted by FakeOpenAi.");
  }

  /**
   * Gives the reply queued last these token counts, instead of words counted:
   * {@code fake.answer("Paris.").usage(12, 2)}. Script before the calls start: a reply already
   * taken is not changed.
   *
   * @throws IllegalStateException when no reply is queued
   */
  public FakeOpenAi usage(long inputTokens, long outputTokens) {
    script.changeLast(last -> last.usage(inputTokens, outputTokens));
    return this;
  }

  /** The replies queued and not yet taken, in order: a test can check that all were used. */
  public List<Reply> pendingReplies() {
    return script.pending();
  }

  /** The requests received, oldest first (at most the last {@link Builder#maxRecorded} of them). */
  public List<RecordedRequest> requests() {
    return script.requests();
  }

  /** The requests received at one endpoint, oldest first. */
  public List<RecordedRequest> requests(Endpoint endpoint) {
    return script.requests().stream().filter(r -> r.endpoint() == endpoint).toList();
  }

  /**
   * The last request received.
   *
   * @throws IllegalStateException when there was none
   */
  public RecordedRequest lastRequest() {
    List<RecordedRequest> all = script.requests();
    if (all.isEmpty()) {
      throw new IllegalStateException("openai-fake has received no request");
    }
    return all.get(all.size() - 1);
  }

  /** How many requests were received, also those no longer kept. */
  public long requestCount() {
    return script.received();
  }

  /** Forgets the queued replies and the recorded requests. */
  public void reset() {
    script.reset();
  }

  /** Stops listening; calls in progress (a delay, a stream) are cut off. */
  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
    try {
      executor.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public String toString() {
    return "FakeOpenAi[" + baseUrl() + "]";
  }

  /**
   * Settings of a fake; {@link #start()} starts one.
   *
   * @since 0.1.0
   */
  public static final class Builder {
    private int port;
    private String apiKey = DEFAULT_API_KEY;
    private int embeddingDimensions = DEFAULT_EMBEDDING_DIMENSIONS;
    private int maxRecorded = DEFAULT_MAX_RECORDED;
    private Function<RecordedRequest, String> defaultAnswer = FakeHandler::defaultAnswer;
    private Clock clock = Clock.systemUTC();

    private Builder() {}

    /** The port on 127.0.0.1; 0 (the default) picks a free one. */
    public Builder port(int port) {
      if (port < 0 || port > 65535) {
        throw new IllegalArgumentException("port must be 0 to 65535, not " + port);
      }
      this.port = port;
      return this;
    }

    /** The only key accepted; {@value FakeOpenAi#DEFAULT_API_KEY} by default. */
    public Builder apiKey(String apiKey) {
      if (apiKey == null || apiKey.isBlank()) {
        throw new IllegalArgumentException("the API key must not be empty");
      }
      this.apiKey = apiKey;
      return this;
    }

    /** The size of embedding vectors when a request does not ask for {@code dimensions}. */
    public Builder embeddingDimensions(int dimensions) {
      if (dimensions < 1 || dimensions > 65_536) {
        throw new IllegalArgumentException("dimensions must be 1 to 65536, not " + dimensions);
      }
      this.embeddingDimensions = dimensions;
      return this;
    }

    /** How many requests {@link FakeOpenAi#requests()} keeps (the oldest go first). */
    public Builder maxRecorded(int maxRecorded) {
      if (maxRecorded < 1) {
        throw new IllegalArgumentException("maxRecorded must be 1 or more");
      }
      this.maxRecorded = maxRecorded;
      return this;
    }

    /**
     * The text answered when no reply is queued, from the request (its
     * {@link RecordedRequest#lastUserMessage()}, its {@link RecordedRequest#json()}). By default: the
     * (at most two) sentences of the prompt that share the most words with the question, the last
     * user message's last sentence ending with "?"; candidates are the rest of that message, the
     * system or developer instructions and the tool results after it. With no word in common it is
     * {@code "You asked: "} and the question.
     */
    public Builder defaultAnswer(Function<RecordedRequest, String> defaultAnswer) {
      this.defaultAnswer = Objects.requireNonNull(defaultAnswer, "defaultAnswer");
      return this;
    }

    /** The same text answered whenever no reply is queued. */
    public Builder defaultAnswer(String text) {
      Objects.requireNonNull(text, "text");
      return defaultAnswer(request -> text);
    }

    /** The clock for {@code created} and {@code created_at}. */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * Starts listening.
     *
     * @throws UncheckedIOException when the port cannot be bound
     */
    public FakeOpenAi start() {
      try {
        return new FakeOpenAi(this);
      } catch (IOException e) {
        throw new UncheckedIOException("openai-fake cannot listen on 127.0.0.1:" + port + ": " + e.getMessage(), e);
      }
    }
  }
}
