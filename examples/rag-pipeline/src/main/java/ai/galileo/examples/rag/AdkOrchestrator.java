package ai.galileo.examples.rag;

import ai.galileo.tracing.Galileo;
import ai.galileo.tracing.Scope;
import ai.galileo.tracing.Span;
import ai.galileo.tracing.Tracer;
import ai.galileo.tracing.adk.GalileoAdk;
import ai.galileo.tracing.core.GalileoTracer;
import ai.galileo.tracing.core.export.DeliveryReceipt;
import com.fasterxml.jackson.databind.JsonNode;
import com.google.adk.agents.LlmAgent;
import com.google.adk.runner.InMemoryRunner;
import com.google.adk.tools.Annotations.Schema;
import com.google.adk.tools.FunctionTool;
import com.google.genai.types.Content;
import com.google.genai.types.Part;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * {@code orchestrator --adk} ({@code ./demo --adk}): the orchestrator as a Google ADK agent. Each
 * question gets a trace of its own, as in the pipeline, holding an ADK {@code LlmAgent} run on
 * ADK's in-memory Runner, with galileo-adk's plugin as its only tracing code: the agent's model
 * ({@link OpenAiCompatibleLlm}, over the demo's model endpoint) calls the tools, one of which asks
 * the retrieval service over the transport's traced client, so the service's spans nest under the
 * tool's span. Same output, receipt and exit status as the other variants.
 */
final class AdkOrchestrator {
  static final String APP = "rag-demo";
  static final String USER = "demo";

  private final InMemoryRunner runner;
  private final List<String> toolFailures = new CopyOnWriteArrayList<>();

  AdkOrchestrator(Tracer tracer, RetrievalClient retrieval, Clock clock, OpenAiCompatibleLlm model) {
    Tools tools = new Tools(retrieval, clock, toolFailures);
    LlmAgent agent = LlmAgent.builder()
        .name("research_agent")
        .description("Answers questions about Galileo Galilei from the knowledge base")
        .instruction("Answer the question about Galileo Galilei from the passages the knowledge base"
            + " returns; say so when it has nothing on it.")
        .model(model)
        .tools(FunctionTool.create(tools, "search"), FunctionTool.create(tools, "today"))
        .build();
    this.runner = new InMemoryRunner(agent, APP, List.of(GalileoAdk.plugin(tracer)));
  }

  /** The agent's tools: the search asks the retrieval service, the date calls nothing. */
  public static final class Tools {
    private final RetrievalClient retrieval;
    private final Clock clock;
    private final List<String> failures;

    Tools(RetrievalClient retrieval, Clock clock, List<String> failures) {
      this.retrieval = retrieval;
      this.clock = clock;
      this.failures = failures;
    }

    @Schema(name = AgentTools.SEARCH, description = "Searches the knowledge base about Galileo Galilei"
        + " and returns the passages found, one numbered line each")
    public String search(@Schema(name = "query", description = "the words to search for") String query) {
      try {
        JsonNode answer = Json.parse(retrieval.search(Json.request(query, 3)));
        StringBuilder passages = new StringBuilder();
        int n = 0;
        for (JsonNode r : answer.path("results")) {
          passages.append('[').append(++n).append("] ").append(r.path("content").asText()).append('\n');
        }
        return passages.isEmpty() ? "No passages found." : passages.toString();
      } catch (IOException | UncheckedIOException e) {
        failures.add(AgentTools.SEARCH + ": " + e.getMessage());
        throw new IllegalStateException(e.getMessage(), e); // ADK reports it to the model as an error
      }
    }

    @Schema(name = AgentTools.DATE, description = "Today's date (ISO-8601), for questions that depend on it")
    public String today() {
      return LocalDate.now(clock).toString();
    }
  }

  /** The agent's answer in a session of its own; fails when the model or a tool failed. */
  String answer(String question) throws IOException {
    toolFailures.clear();
    String session = runner.sessionService().createSession(APP, USER).blockingGet().id();
    List<String> finals = new ArrayList<>();
    try {
      runner.runAsync(USER, session, Content.fromParts(Part.fromText(question))).blockingForEach(e -> {
        if (e.finalResponse() && e.content().isPresent() && !e.content().get().text().isEmpty()) {
          finals.add(e.content().get().text());
        }
      });
    } catch (RuntimeException e) {
      throw new IOException("the ADK agent failed: " + e.getMessage(), e);
    }
    if (!toolFailures.isEmpty()) {
      throw new IOException("the agent's tool failed (" + String.join("; ", toolFailures) + ")");
    }
    if (finals.isEmpty()) {
      throw new IOException("the ADK agent gave no answer");
    }
    return String.join(" ", finals);
  }

  static int run(String[] args) throws Exception {
    Defaults.apply("orchestrator");
    String transport = Defaults.option(args, "--transport", "http");
    long flushSeconds = Long.parseLong(Defaults.option(args, "--flush-seconds", "20"));
    String modelUrl = Defaults.option(args, "--model-url", LanguageModel.DEFAULT_LOCAL_URL);
    String retrievalUrl = Defaults.option(args, "--retrieval-url",
        (transport.equals("grpc") ? "grpc" : "http") + "://127.0.0.1:8000");
    List<String> questions = new ArrayList<>();
    for (int i = 0; i < args.length - 1; i++) {
      if (args[i].equals("--question")) {
        questions.add(args[i + 1]);
      }
    }
    if (questions.isEmpty()) {
      questions.addAll(Orchestrator.QUESTIONS);
    }
    Tracer tracer = Galileo.tracer();
    Map<String, String> env = System.getenv();
    String key = env.get("OPENAI_API_KEY");
    OpenAiCompatibleLlm model = key == null || key.isBlank()
        ? new OpenAiCompatibleLlm(modelUrl, "no-key-needed", ModelGateway.MODEL)
        : new OpenAiCompatibleLlm(nonBlank(env.get("OPENAI_BASE_URL"), LanguageModel.OPENAI_URL), key,
            nonBlank(env.get("OPENAI_MODEL"), "gpt-4o-mini"));
    int status = 0;
    try (RetrievalClient retrieval = RetrievalClient.create(transport, retrievalUrl, tracer)) {
      AdkOrchestrator orchestrator = new AdkOrchestrator(tracer, retrieval, Clock.systemDefaultZone(), model);
      try {
        for (String question : questions) {
          status = Math.max(status, orchestrator.ask(tracer, question));
        }
      } finally {
        if (tracer instanceof GalileoTracer galileo) {
          DeliveryReceipt receipt = galileo.flush(Duration.ofSeconds(flushSeconds));
          System.err.println("export: " + receipt);
          if (!Orchestrator.delivered(receipt)) {
            System.err.println(Orchestrator.warning(receipt));
            status = Math.max(status, 1);
          }
        }
      }
    }
    return status;
  }

  /** One question in a trace of its own, as the pipeline's; 0 when it answered. */
  int ask(Tracer tracer, String question) {
    Span trace = tracer.traceBuilder("answer question").setInput(question).start();
    String traceId = trace.context().traceIdString();
    try (Scope scope = trace.makeCurrent()) {
      String answer = answer(question);
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

  private static String nonBlank(String value, String fallback) {
    return value == null || value.isBlank() ? fallback : value;
  }
}
