package ai.galileo.examples.rag;

import ai.galileo.tracing.Tracer;
import ai.galileo.tracing.core.GalileoTracer;
import ai.galileo.tracing.core.export.DeliveryReceipt;
import java.time.Duration;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * The retrieval service as a Spring Boot application: {@code POST /retrieve} answers the same JSON
 * as the plain example's. The caller's trace continues here through the starter's filter (its
 * server span); the only span this code makes is the plain example's retriever span, by its
 * {@link RetrievalService#answer}. Stopped by a signal, it stops taking requests, lets those in
 * progress finish (graceful shutdown), sends their spans and prints its delivery receipt
 * ({@code export: ...}) on stderr.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
class SpringRetrievalApp {
  static void run(String[] args) {
    SpringApplication app = new SpringApplication(SpringRetrievalApp.class);
    app.run(args);
  }

  @Bean
  ReceiptAtShutdown receiptAtShutdown(GalileoTracer tracer) {
    return new ReceiptAtShutdown(tracer);
  }

  /** Registered as a nested component of the application. */
  @RestController
  static final class Endpoint {
    // The plain example's RetrievalService is not a bean: Spring would look at all its methods,
    // and those of its own HTTP and gRPC servers name classes that are not on this class path.
    private final RetrievalService service;

    Endpoint(Tracer tracer, @Value("${facts:all}") String facts,
        @Value("${galileo.service-name:retrieval-service}") String serviceName) {
      this.service = new RetrievalService(tracer, new KnowledgeBase(facts), serviceName, 0, 0);
    }

    @PostMapping(path = "/retrieve", produces = MediaType.APPLICATION_JSON_VALUE)
    String retrieve(@RequestBody String body) {
      return service.answer(body);
    }

    @ExceptionHandler(RuntimeException.class)
    ResponseEntity<String> badRequest(RuntimeException e) {
      return ResponseEntity.badRequest().contentType(MediaType.APPLICATION_JSON)
          .body(Json.MAPPER.createObjectNode().put("error", String.valueOf(e.getMessage())).toString());
    }
  }

  /**
   * Prints the delivery receipt once the web server has finished its requests (beans are
   * destroyed after it has stopped) and before the tracer, which this bean depends on, is shut down.
   */
  static final class ReceiptAtShutdown implements DisposableBean {
    private final GalileoTracer tracer;

    ReceiptAtShutdown(GalileoTracer tracer) {
      this.tracer = tracer;
    }

    @Override
    public void destroy() {
      DeliveryReceipt receipt = tracer.flush(Duration.ofSeconds(10));
      System.err.println("export: " + receipt);
      if (!Orchestrator.delivered(receipt)) {
        System.err.println(Orchestrator.warning(receipt));
      }
      System.err.flush();
    }
  }
}
