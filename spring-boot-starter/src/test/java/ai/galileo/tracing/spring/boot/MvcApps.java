package ai.galileo.tracing.spring.boot;

import ai.galileo.tracing.Scope;
import ai.galileo.tracing.Span;
import ai.galileo.tracing.SpanType;
import ai.galileo.tracing.Tracer;
import ai.galileo.tracing.core.export.SpanExporter;
import ai.galileo.tracing.testing.InMemorySpanExporter;
import java.util.concurrent.Callable;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestTemplate;

/**
 * Two Spring MVC applications: the front answers /ask by calling the back's /retrieve through
 * the client kind asked for, each one built from Spring Boot's builders. Each logs with its own
 * tracer (the bean), into its own in-memory exporter.
 */
final class MvcApps {
  static final InMemorySpanExporter FRONT_SPANS = InMemorySpanExporter.create();
  static final InMemorySpanExporter BACK_SPANS = InMemorySpanExporter.create();

  private MvcApps() {}

  @SpringBootConfiguration
  @EnableAutoConfiguration
  @Import(FrontController.class)
  static class Front {
    @Bean
    SpanExporter frontSpans() {
      return FRONT_SPANS;
    }
  }

  @RestController
  static class FrontController {
    private final RestClient restClient;
    private final RestTemplate restTemplate;
    private final String backUrl;
    private final Tracer tracer;

    FrontController(Tracer tracer, RestClient.Builder restClient, ApplicationContext context,
        @Value("${back.url}") String backUrl) {
      this.restClient = restClient.baseUrl(backUrl).build();
      this.restTemplate = BootVariant.restTemplate(context, backUrl);
      this.backUrl = backUrl;
      this.tracer = tracer;
    }

    @GetMapping("/ask")
    String ask(@RequestParam String q, @RequestParam String via) {
      Span ask = tracer.spanBuilder("ask " + q, SpanType.WORKFLOW).start();
      try (Scope scope = ask.makeCurrent()) {
        String answer = switch (via) {
          case "restclient" -> restClient.get().uri("/retrieve?q={q}", q).retrieve().body(String.class);
          case "resttemplate" -> restTemplate.getForObject("/retrieve?q={q}", String.class, q);
          default -> throw new IllegalArgumentException(via + " at " + backUrl);
        };
        ask.end(answer);
        return answer;
      }
    }
  }

  @SpringBootConfiguration
  @EnableAutoConfiguration
  @Import(BackController.class)
  static class Back {
    @Bean
    SpanExporter backSpans() {
      return BACK_SPANS;
    }
  }

  @RestController
  static class BackController {
    private final Tracer tracer;

    BackController(Tracer tracer) {
      this.tracer = tracer;
    }

    /** Asynchronous: Spring MVC runs the Callable on its own executor. */
    @GetMapping("/retrieve-later")
    Callable<String> retrieveLater(@RequestParam String q) {
      return () -> retrieve(q);
    }

    @GetMapping("/retrieve")
    String retrieve(@RequestParam String q) {
      Span search = tracer.spanBuilder("search " + q, SpanType.RETRIEVER).start();
      search.end("found " + q);
      return "found " + q;
    }
  }
}
