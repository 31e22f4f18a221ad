package ai.galileo.examples.rag;

import ai.galileo.tracing.Tracer;
import ai.galileo.tracing.core.GalileoTracer;
import ai.galileo.tracing.core.export.DeliveryReceipt;
import ai.galileo.tracing.langchain4j.GalileoLangChain4j;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.MediaType;
import org.springframework.web.client.RestClient;

/**
 * The orchestrator as a Spring Boot application (no web server of its own): the plain example's
 * {@link Orchestrator} pipeline, calling the retrieval service with a {@link RestClient} built from
 * the auto-configured {@link RestClient.Builder}, which the starter has already given its tracing
 * interceptor. Prints each answer and {@code trace <id>}, flushes, prints its delivery receipt
 * ({@code export: ...}) on stderr, and returns 1 when a question failed or not every span was
 * delivered.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
class SpringOrchestratorApp {
  static int run(String[] args) {
    SpringApplication app = new SpringApplication(SpringOrchestratorApp.class);
    app.setWebApplicationType(WebApplicationType.NONE);
    try (ConfigurableApplicationContext context = app.run(args)) {
      // The options are Spring's: --retrieval-url=URL (repeatable), --question=Q, --parallel,
      // --model-url=URL.
      ApplicationArguments options = context.getBean(ApplicationArguments.class);
      List<String> urls = values(options, "retrieval-url", List.of("http://127.0.0.1:8000"));
      List<String> questions = values(options, "question", Orchestrator.QUESTIONS);
      boolean parallel = options.containsOption("parallel");
      long flushSeconds = Long.parseLong(values(options, "flush-seconds", List.of("20")).get(0));
      if (parallel && urls.size() < 2) {
        System.err.println("--parallel needs two retrieval services: pass --retrieval-url twice");
        return 2;
      }
      Tracer tracer = context.getBean(Tracer.class);
      RestClient.Builder builder = context.getBean(RestClient.Builder.class);
      List<RetrievalClient> clients = new ArrayList<>();
      for (String url : parallel ? urls : urls.subList(0, 1)) {
        clients.add(new RestClientRetrieval(builder.clone(), url));
      }
      Orchestrator orchestrator = new Orchestrator(tracer, clients, languageModel(options, context));
      int status = 0;
      try {
        for (String question : questions) {
          status = Math.max(status, orchestrator.ask(question));
        }
      } finally {
        DeliveryReceipt receipt = context.getBean(GalileoTracer.class).flush(Duration.ofSeconds(flushSeconds));
        System.err.println("export: " + receipt);
        if (!Orchestrator.delivered(receipt)) {
          System.err.println(Orchestrator.warning(receipt));
          status = Math.max(status, 1);
        }
        orchestrator.close();
      }
      return status;
    }
  }

  /**
   * The pipeline's LLM, chosen as examples/rag-pipeline chooses it: an OpenAiChatModel whose
   * listener is the starter's {@link GalileoLangChain4j} bean (the starter registers it when
   * LangChain4j is on the class path), against OPENAI_API_KEY's endpoint or --model-url.
   */
  private static LanguageModel languageModel(ApplicationArguments options, ConfigurableApplicationContext context) {
    String modelUrl = values(options, "model-url", List.of(LanguageModel.DEFAULT_LOCAL_URL)).get(0);
    return LanguageModel.fromEnvironment(System.getenv(), modelUrl, context.getBean(GalileoLangChain4j.class));
  }

  private static List<String> values(ApplicationArguments options, String name, List<String> fallback) {
    List<String> values = options.getOptionValues(name);
    return values == null || values.isEmpty() ? fallback : values;
  }

  /** {@code POST URL/retrieve} through a RestClient; the starter's interceptor passes the trace on. */
  static final class RestClientRetrieval implements RetrievalClient {
    private final RestClient http;
    private final String url;

    RestClientRetrieval(RestClient.Builder builder, String url) {
      this.url = (url.contains("://") ? url : "http://" + url).replaceAll("/+$", "");
      this.http = builder.baseUrl(this.url).build();
    }

    @Override
    public String search(String requestJson) {
      return http.post().uri("/retrieve").contentType(MediaType.APPLICATION_JSON).body(requestJson)
          .retrieve().body(String.class);
    }

    @Override
    public CompletableFuture<String> searchAsync(String requestJson) {
      return CompletableFuture.failedFuture(
          new UnsupportedOperationException("the Spring example makes no fire-and-forget calls"));
    }

    @Override
    public String target() {
      return url;
    }

    @Override
    public void close() {}
  }
}
