package ai.galileo.examples.rag;

import ai.galileo.tracing.Content;
import ai.galileo.tracing.Context;
import ai.galileo.tracing.Document;
import ai.galileo.tracing.Galileo;
import ai.galileo.tracing.Scope;
import ai.galileo.tracing.Span;
import ai.galileo.tracing.SpanType;
import ai.galileo.tracing.Tracer;
import ai.galileo.tracing.core.GalileoTracer;
import ai.galileo.tracing.core.export.DeliveryReceipt;
import ai.galileo.tracing.langchain4j.GalileoLangChain4j;
import com.fasterxml.jackson.databind.JsonNode;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The Orchestrator of the seed: the client that runs the RAG pipeline. For each question it
 * starts a trace, analyses the question, calls the retrieval service (or, with {@code
 * --parallel}, two retrieval services at once from two threads), formats the context, answers
 * through a LangChain4j chat model (the integration logs the LLM span), concludes the trace, and prints {@code trace <id>}. It flushes before exit so
 * nothing is lost, prints its delivery receipt ({@code export: ...}) on stderr, and exits 1 when
 * a question failed or not every span was delivered.
 *
 * <p>With {@code --fire-and-forget} it only starts the retrieval call, through the transport's
 * asynchronous client, and concludes the trace without waiting for the answer: the SDK holds the
 * trace's completion until the call has returned and the retrieval service's spans are in.
 *
 * <p>With {@code --agent} the trace holds a LangChain4j agent instead of the fixed steps: the
 * {@link ResearchAgent}, whose model calls the tools ({@link AgentTools}: the retrieval service,
 * and a local one; with {@code --mcp-url}, also the MCP tool server's {@code lookup_dates}, through
 * LangChain4j's MCP client) and then answers from their results.
 */
final class Orchestrator {
  static final List<String> QUESTIONS = List.of(
      "What did Galileo Galilei research?",
      "Where did Galileo Galilei work?");

  private final Tracer tracer;
  private final List<RetrievalClient> retrievers;
  private final LanguageModel llm;
  private final ExecutorService pool;
  private final boolean streaming;
  private final boolean fireAndForget;
  /** With {@code --agent}: answers each question instead of the fixed steps; otherwise null. */
  private final AgentAnswerer agent;
  /** Fire-and-forget calls not answered yet. */
  private final List<CompletableFuture<String>> unanswered = new CopyOnWriteArrayList<>();

  Orchestrator(Tracer tracer, List<RetrievalClient> retrievers, LanguageModel llm) {
    this(tracer, retrievers, llm, false, false, null);
  }

  /**
   * @param streaming call the retrieval service's server-streaming method (gRPC)
   * @param fireAndForget start the retrieval call and do not wait for its answer
   * @param agent answers each question as an agent whose tool calls the retrieval service; null
   *     for the fixed steps
   */
  Orchestrator(Tracer tracer, List<RetrievalClient> retrievers, LanguageModel llm, boolean streaming,
      boolean fireAndForget, AgentAnswerer agent) {
    this.tracer = tracer;
    this.retrievers = retrievers;
    this.llm = llm;
    this.streaming = streaming;
    this.fireAndForget = fireAndForget;
    this.agent = agent;
    // Every task submitted here runs in the context that was current when it was submitted.
    this.pool = Context.taskWrapping(Executors.newFixedThreadPool(Math.max(1, retrievers.size())));
  }

  static int run(String[] args) throws Exception {
    Defaults.apply("orchestrator");
    String transport = Defaults.option(args, "--transport", "http");
    List<String> flags = List.of(args);
    boolean parallel = flags.contains("--parallel");
    boolean streaming = flags.contains("--streaming");
    boolean fireAndForget = flags.contains("--fire-and-forget");
    boolean asAgent = flags.contains("--agent");
    int repeat = Integer.parseInt(Defaults.option(args, "--repeat", "1"));
    long flushSeconds = Long.parseLong(Defaults.option(args, "--flush-seconds", "20"));
    String modelUrl = Defaults.option(args, "--model-url", LanguageModel.DEFAULT_LOCAL_URL);
    String mcpUrl = Defaults.option(args, "--mcp-url", null);
    List<String> urls = new ArrayList<>();
    List<String> questions = new ArrayList<>();
    for (int i = 0; i < args.length - 1; i++) {
      if (args[i].equals("--retrieval-url")) {
        urls.add(args[i + 1]);
      } else if (args[i].equals("--question")) {
        questions.add(args[i + 1]);
      }
    }
    if (urls.isEmpty()) {
      String scheme = transport.equals("grpc") ? "grpc" : "http";
      urls.add(scheme + "://127.0.0.1:8000");
      if (parallel) {
        urls.add(scheme + "://127.0.0.1:8001");
      }
    }
    if (parallel && urls.size() < 2) {
      System.err.println("--parallel needs two retrieval services: pass --retrieval-url twice");
      return 2;
    }
    if (streaming && !transport.equals("grpc")) {
      System.err.println("--streaming is a gRPC server-streaming call: add --transport grpc");
      return 2;
    }
    if (fireAndForget && (parallel || streaming)) {
      System.err.println("--fire-and-forget makes one unary call: not with --parallel or --streaming");
      return 2;
    }
    if (asAgent && (parallel || streaming || fireAndForget)) {
      System.err.println("--agent asks one retrieval service from its tool: not with --parallel, --streaming"
          + " or --fire-and-forget");
      return 2;
    }
    if (mcpUrl != null && !asAgent) {
      System.err.println("--mcp-url gives the agent the MCP tool server's tools: add --agent");
      return 2;
    }
    if (repeat < 1 || flushSeconds < 1) {
      System.err.println("--repeat and --flush-seconds must be 1 or more");
      return 2;
    }
    if (questions.isEmpty()) {
      questions.addAll(QUESTIONS);
    }
    Tracer tracer = Galileo.tracer();
    List<RetrievalClient> clients = new ArrayList<>();
    for (String url : parallel ? urls : urls.subList(0, 1)) {
      clients.add(RetrievalClient.create(transport, url, tracer));
    }
    LanguageModel llm = LanguageModel.fromEnvironment(System.getenv(), modelUrl,
        GalileoLangChain4j.create(tracer));
    AgentMcpTools mcpTools = null;
    if (mcpUrl != null) {
      try {
        mcpTools = AgentMcpTools.connect(mcpUrl, tracer);
      } catch (RuntimeException e) {
        System.err.println("could not reach the MCP tool server at " + mcpUrl + ": " + e.getMessage()
            + " (./demo mcp starts one)");
        clients.forEach(RetrievalClient::close);
        return 1;
      }
    }
    AgentAnswerer agent = asAgent ? new AgentAnswerer(llm, clients.get(0), Clock.systemDefaultZone(),
        mcpTools == null ? null : mcpTools.toolProvider()) : null;
    Orchestrator orchestrator = new Orchestrator(tracer, clients, llm, streaming, fireAndForget, agent);
    int status = 0;
    Duration flushTimeout = Duration.ofSeconds(flushSeconds);
    try {
      for (int round = 0; round < repeat; round++) {
        for (String question : questions) {
          status = Math.max(status, orchestrator.ask(question));
        }
      }
    } finally {
      // Flush before closing the clients: the flush also waits for the completions the SDK holds
      // back until calls still in flight (fire-and-forget) have returned.
      long deadline = System.nanoTime() + flushTimeout.toNanos();
      if (tracer instanceof GalileoTracer galileo) {
        DeliveryReceipt receipt = galileo.flush(flushTimeout);
        System.err.println("export: " + receipt);
        if (!delivered(receipt)) {
          System.err.println(warning(receipt));
          status = Math.max(status, 1);
        }
      }
      status = Math.max(status, orchestrator.awaitUnanswered(deadline));
      orchestrator.close();
      if (mcpTools != null) {
        mcpTools.close();
      }
    }
    return status;
  }

  /** True when the receipt shows every span delivered: none failed, dropped or left pending. */
  static boolean delivered(DeliveryReceipt receipt) {
    return receipt.failed() == 0 && receipt.dropped() == 0 && receipt.pending() == 0 && receipt.completed();
  }

  /** The {@code warning:} line for a receipt that does not show every span delivered. */
  static String warning(DeliveryReceipt receipt) {
    String target = describeTarget();
    if (receipt.late() > 0) {
      return "warning: not every span reached " + target + ": " + receipt.late() + " arrived after their"
          + " trace was completed and were refused (the caller's GALILEO_COMPLETION_TIMEOUT_MS was too"
          + " short, or its calls here did not go through a transport module)";
    }
    return "warning: not every span reached " + target + "; is it running, and does it accept them?"
        + " (./demo console, or run the doctor)";
  }

  private static String describeTarget() {
    String api = System.getenv("GALILEO_API_URL");
    String console = System.getenv("GALILEO_CONSOLE_URL");
    return api != null ? api : console != null ? console : "the console";
  }

  /** Waits, until the deadline, for the fire-and-forget calls to be answered; 1 if one failed. */
  private int awaitUnanswered(long deadline) {
    int status = 0;
    for (CompletableFuture<String> call : unanswered) {
      try {
        call.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return 1;
      } catch (ExecutionException | TimeoutException e) {
        status = 1; // printed by the call's own callback, or still unanswered at exit
      }
    }
    return status;
  }

  /** Runs the pipeline for one question inside a trace of its own; 0 when it answered. */
  int ask(String question) {
    Span trace = tracer.traceBuilder("answer question").setInput(question).start();
    String traceId = trace.context().traceIdString();
    try (Scope scope = trace.makeCurrent()) {
      if (fireAndForget) {
        fire(retrievers.get(0), analyse(question), question);
        trace.setOutput("retrieval requested, its answer not awaited");
        System.out.println("question: " + question);
        System.out.println("answer:   (fire-and-forget: the retrieval was started, its answer is not awaited)");
        return 0;
      }
      String answer;
      if (agent != null) {
        answer = agent.answer(question);
      } else {
        String query = analyse(question);
        List<Document> documents = retrieve(query);
        answer = answer(question, formatContext(documents));
      }
      trace.setOutput(answer);
      System.out.println("question: " + question);
      System.out.println("answer:   " + answer);
      return 0;
    } catch (Exception e) {
      trace.recordError(e);
      System.out.println("question: " + question);
      System.out.println("error:    " + e.getMessage());
      return 1;
    } finally {
      trace.end();
      System.out.println("trace " + traceId);
      System.out.flush();
    }
  }

  private String analyse(String question) {
    Span span = tracer.spanBuilder("analyse question", SpanType.WORKFLOW).setInput(question).start();
    try (Scope scope = span.makeCurrent()) {
      String query = String.join(" ", KnowledgeBase.keywords(question));
      span.setMetadata("keywords", query);
      span.end(query);
      return query;
    }
  }

  private List<Document> retrieve(String query) throws IOException, InterruptedException {
    if (retrievers.size() == 1) {
      return call(retrievers.get(0), query);
    }
    // Galileo's own SDK cannot do this: two child workflows at once, each calling a server.
    Span fanOut = tracer.spanBuilder("retrieve in parallel", SpanType.WORKFLOW).setInput(query).start();
    try (Scope scope = fanOut.makeCurrent()) {
      List<Future<List<Document>>> futures = new ArrayList<>();
      for (RetrievalClient r : retrievers) {
        futures.add(pool.submit(() -> call(r, query)));
      }
      List<Document> all = new ArrayList<>();
      for (Future<List<Document>> f : futures) {
        all.addAll(f.get());
      }
      fanOut.end(Content.documents(all));
      return all;
    } catch (ExecutionException e) {
      fanOut.recordError(e.getCause());
      fanOut.end();
      throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
    }
  }

  /** One call to a retrieval service, in a span of its own: the server's spans nest under it. */
  private List<Document> call(RetrievalClient retriever, String query) throws IOException {
    Span span = tracer.spanBuilder("call retrieval", SpanType.WORKFLOW).setInput(query)
        .setMetadata("retrieval.url", retriever.target()).start();
    if (streaming) {
      span.setMetadata("retrieval.rpc", "server-streaming");
    }
    try (Scope scope = span.makeCurrent()) {
      String request = Json.request(query, 3);
      JsonNode answer = Json.parse(streaming ? retriever.searchStream(request) : retriever.search(request));
      List<Document> documents = new ArrayList<>();
      for (JsonNode r : answer.path("results")) {
        documents.add(Document.of(r.path("content").asText(), Json.map(r.path("metadata"))));
      }
      span.setMetadata("retrieval.service", answer.path("service").asText(""));
      span.setOutput(Content.documents(documents));
      return documents;
    } catch (IOException | RuntimeException e) {
      span.recordError(e);
      throw new IOException("could not reach the retrieval service at " + retriever.target() + ": "
          + e.getMessage(), e);
    } finally {
      span.end();
    }
  }

  /**
   * Starts one retrieval call through the transport's asynchronous client and returns without
   * waiting: the "call retrieval" span ends at once, and the trace may end before the answer comes.
   */
  private void fire(RetrievalClient retriever, String query, String question) {
    Span span = tracer.spanBuilder("call retrieval", SpanType.WORKFLOW).setInput(query)
        .setMetadata("retrieval.url", retriever.target())
        .setMetadata("retrieval.awaited", "false").start();
    try (Scope scope = span.makeCurrent()) {
      CompletableFuture<String> call = retriever.searchAsync(Json.request(query, 3));
      unanswered.add(call);
      call.whenComplete((json, error) -> {
        if (error != null) {
          System.out.println("retrieval for \"" + question + "\" failed: " + error.getMessage());
        } else {
          System.out.println("retrieved " + Json.parse(json).path("results").size() + " results for \""
              + question + "\" (not awaited)");
        }
      });
      span.setOutput("started; not awaited");
    } catch (RuntimeException e) {
      span.recordError(e);
    } finally {
      span.end();
    }
  }

  private String formatContext(List<Document> documents) {
    Span span = tracer.spanBuilder("format context", SpanType.TOOL)
        .setInput(Content.documents(documents)).start();
    StringBuilder context = new StringBuilder();
    for (int i = 0; i < documents.size(); i++) {
      context.append('[').append(i + 1).append("] ").append(documents.get(i).content()).append('\n');
    }
    span.end(context.toString());
    return context.toString();
  }

  /**
   * The LLM step: one LangChain4j chat call, which the integration's listener logs as the
   * {@code llm} span (named after the model) under the trace, with the messages, the answer and
   * the token counts the endpoint reported.
   */
  String answer(String question, String context) throws IOException {
    String system = "Answer the question using only the context. Be brief.";
    String user = "Context:\n" + context + "\nQuestion: " + question;
    try {
      ChatResponse response = llm.model().chat(ChatRequest.builder()
          .messages(SystemMessage.from(system), UserMessage.from(user)).build());
      return response.aiMessage().text();
    } catch (RuntimeException e) {
      throw new IOException(llm.unreachable() + ": " + e.getMessage(), e);
    }
  }

  void close() {
    pool.shutdownNow();
    retrievers.forEach(RetrievalClient::close);
  }
}
