package ai.galileo.examples.rag;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The demo's "LLM" when no {@code OPENAI_API_KEY} is set: a small deterministic OpenAI-compatible
 * endpoint on loopback ({@code POST /v1/chat/completions}, non-streaming; {@code GET /health}).
 * It reads the question and the numbered context lines out of the request's user message (the
 * orchestrator's prompt), answers with the context sentences sharing the most words with the
 * question, and reports whitespace-separated words as the token counts. No key, no network.
 *
 * <p>A request that offers tools (the agent, {@code --agent}) is answered in two rounds, as a
 * model that uses tools answers: while the messages hold no tool result yet, with one call of
 * each tool it can fill in ({@link ToolCalls}, finish reason {@code tool_calls}); once the
 * results are in, extractively from their numbered lines (finish reason {@code stop}).
 *
 * <p>It is not traced itself: the orchestrator's LangChain4j chat model logs the {@code llm} span.
 */
final class ModelGateway {
  /** The model it answers as, unless the request names another. */
  static final String MODEL = "local-extractive-answerer";
  static final String UNKNOWN = "I do not know: the knowledge base has nothing on that.";

  private static final Pattern CONTEXT_LINE = Pattern.compile("(?m)^\\[\\d+\\] (.+)$");
  private static final Pattern QUESTION_LINE = Pattern.compile("(?m)^Question: (.+)$");

  private final AtomicLong ids = new AtomicLong();
  private final AtomicLong refused = new AtomicLong();

  private ModelGateway() {}

  static void main(String[] args) throws Exception {
    int port = Integer.parseInt(Defaults.option(args, "--port", "8010"));
    String host = Defaults.option(args, "--host", "127.0.0.1");
    ExecutorService handlers = Executors.newFixedThreadPool(4);
    ModelGateway gateway = new ModelGateway();
    HttpServer server = gateway.start(host, port, handlers);
    System.out.println("model gateway listening on http://" + host + ":" + server.getAddress().getPort()
        + "/v1 (model " + MODEL + ")");
    System.out.flush();
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      server.stop(0);
      handlers.shutdown();
      System.err.println("model gateway: " + gateway.ids.get() + " answered, " + gateway.refused.get()
          + " refused");
    }, "model-gateway-shutdown"));
    new CountDownLatch(1).await();
  }

  /** Starts the endpoint; port 0 picks a free one; a null executor answers on the server's thread. */
  HttpServer start(String host, int port, ExecutorService handlers) throws IOException {
    HttpServer server = HttpServer.create(new InetSocketAddress(host, port), 0);
    server.setExecutor(handlers);
    server.createContext("/v1/chat/completions", this::chatCompletions);
    server.createContext("/health", ex -> send(ex, 200, "{\"status\":\"ok\",\"model\":\"" + MODEL + "\"}"));
    server.start();
    return server;
  }

  /**
   * Starts one on a free loopback port, for tests, answering on the server's own thread (nothing
   * to shut down but the server); its base URL is {@code http://127.0.0.1:PORT/v1}.
   */
  static HttpServer startOnFreePort() throws IOException {
    return new ModelGateway().start("127.0.0.1", 0, null);
  }

  private void chatCompletions(HttpExchange ex) throws IOException {
    if (!ex.getRequestMethod().equals("POST")) {
      refuse(ex, 405, "POST a chat completion request");
      return;
    }
    JsonNode request;
    try {
      request = Json.parse(new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
    } catch (UncheckedIOException e) {
      refuse(ex, 400, "the body is not JSON: " + e.getCause().getMessage());
      return;
    }
    if (request.path("stream").asBoolean(false)) {
      refuse(ex, 400, "this endpoint does not stream; ask without \"stream\": true");
      return;
    }
    JsonNode messages = request.path("messages");
    if (!messages.isArray() || messages.isEmpty()) {
      refuse(ex, 400, "\"messages\" must be a non-empty array");
      return;
    }
    String user = "";
    List<String> prompt = new ArrayList<>();
    StringBuilder toolResults = new StringBuilder();
    for (JsonNode m : messages) {
      String content = m.path("content").isTextual() ? m.path("content").asText() : "";
      prompt.add(content);
      String role = m.path("role").asText();
      if (role.equals("user")) {
        user = content;
      } else if (role.equals("tool")) {
        toolResults.append(content).append('\n');
      }
    }
    ArrayNode calls = toolResults.isEmpty() ? ToolCalls.forQuestion(question(user), request.path("tools")) : null;
    ObjectNode out = Json.MAPPER.createObjectNode()
        .put("id", "chatcmpl-local-" + ids.incrementAndGet())
        .put("object", "chat.completion")
        .put("created", System.currentTimeMillis() / 1000)
        .put("model", request.path("model").asText(MODEL));
    ObjectNode choice = out.putArray("choices").addObject().put("index", 0);
    ObjectNode message = choice.putObject("message").put("role", "assistant");
    long completionTokens;
    if (calls != null && !calls.isEmpty()) {
      // First round of an agent: the tools it should call, no text.
      choice.put("finish_reason", "tool_calls");
      message.putNull("content");
      message.set("tool_calls", calls);
      completionTokens = ToolCalls.whitespaceTokens(calls);
    } else {
      // The tools' numbered results (second round), or the orchestrator's own prompt.
      String text = toolResults.isEmpty() ? answer(user) : answer(question(user), contextLines(toolResults.toString()));
      choice.put("finish_reason", "stop");
      message.put("content", text);
      completionTokens = whitespaceTokens(text);
    }
    long promptTokens = whitespaceTokens(prompt.toArray(String[]::new));
    out.putObject("usage").put("prompt_tokens", promptTokens).put("completion_tokens", completionTokens)
        .put("total_tokens", promptTokens + completionTokens);
    send(ex, 200, out.toString());
  }

  private void refuse(HttpExchange ex, int status, String message) throws IOException {
    refused.incrementAndGet();
    ObjectNode error = Json.MAPPER.createObjectNode();
    error.putObject("error").put("message", message).put("type", "invalid_request_error");
    send(ex, status, error.toString());
  }

  /**
   * The extractive answer to the orchestrator's prompt ({@code Context:}, numbered lines
   * {@code [1] ...}, then {@code Question: ...}): the two context sentences that share the most
   * words with the question, or {@link #UNKNOWN} without context.
   */
  static String answer(String userMessage) {
    return answer(question(userMessage), contextLines(userMessage));
  }

  /** The context sentences sharing the most words with the question, at most two, or {@link #UNKNOWN}. */
  static String answer(String question, List<String> context) {
    Set<String> words = Set.copyOf(KnowledgeBase.keywords(question));
    List<String> ranked = new ArrayList<>(context);
    ranked.sort(Comparator.comparingLong((String s) -> -overlap(words, s)));
    List<String> chosen = ranked.stream().limit(2).toList();
    return chosen.isEmpty() ? UNKNOWN : String.join(" ", chosen);
  }

  /** The last {@code Question: ...} line of the message, or the whole message (an agent's user message is the question). */
  static String question(String userMessage) {
    Matcher q = QUESTION_LINE.matcher(userMessage);
    String question = userMessage;
    while (q.find()) {
      question = q.group(1);
    }
    return question.strip();
  }

  /** The text of the numbered lines ({@code [1] ...}). */
  static List<String> contextLines(String text) {
    List<String> context = new ArrayList<>();
    Matcher c = CONTEXT_LINE.matcher(text);
    while (c.find()) {
      context.add(c.group(1).strip());
    }
    return context;
  }

  static long whitespaceTokens(String... texts) {
    long n = 0;
    for (String t : texts) {
      String s = t.strip();
      n += s.isEmpty() ? 0 : s.split("\\s+").length;
    }
    return n;
  }

  private static long overlap(Set<String> words, String sentence) {
    return KnowledgeBase.keywords(sentence).stream()
        .filter(w -> words.stream().anyMatch(q -> w.startsWith(q.substring(0, Math.min(4, q.length())))))
        .count();
  }

  private static void send(HttpExchange ex, int status, String json) throws IOException {
    RetrievalService.send(ex, status, json);
  }
}
