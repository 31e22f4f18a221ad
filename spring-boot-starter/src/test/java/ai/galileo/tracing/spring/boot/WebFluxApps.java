package ai.galileo.tracing.spring.boot;

import ai.galileo.tracing.Context;
import ai.galileo.tracing.Span;
import ai.galileo.tracing.SpanType;
import ai.galileo.tracing.Tracer;
import ai.galileo.tracing.core.export.SpanExporter;
import ai.galileo.tracing.testing.InMemorySpanExporter;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Two WebFlux applications on Netty: the front answers /ask by calling the back's /retrieve with a
 * WebClient from Spring Boot's builder; both hop threads (publishOn, subscribeOn) on the way.
 */
final class WebFluxApps {
  static final InMemorySpanExporter FRONT_SPANS = InMemorySpanExporter.create();
  static final InMemorySpanExporter BACK_SPANS = InMemorySpanExporter.create();

  private WebFluxApps() {}

  @SpringBootConfiguration
  @EnableAutoConfiguration
  @Import({FrontController.class, BootVariant.Netty.class})
  static class Front {
    @Bean
    SpanExporter frontSpans() {
      return FRONT_SPANS;
    }
  }

  @RestController
  static class FrontController {
    private final WebClient webClient;
    private final Tracer tracer;

    FrontController(Tracer tracer, WebClient.Builder webClient, @Value("${back.url}") String backUrl) {
      this.webClient = webClient.baseUrl(backUrl).build();
      this.tracer = tracer;
    }

    @GetMapping("/ask")
    Mono<String> ask(@RequestParam String q) {
      return Mono.just(q)
          .publishOn(Schedulers.boundedElastic())
          // Made in an operator on another thread: under the request's server span.
          .map(question -> tracer.spanBuilder("ask " + question, SpanType.WORKFLOW).start())
          .flatMap(ask -> webClient.get().uri("/retrieve?q={q}", q).retrieve().bodyToMono(String.class)
              .doOnNext(ask::end)
              .contextWrite(c -> c.put(GalileoWebFluxAutoConfiguration.CONTEXT_KEY, Context.current().with(ask))));
    }
  }

  @SpringBootConfiguration
  @EnableAutoConfiguration
  @Import({BackController.class, BootVariant.Netty.class})
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

    @GetMapping("/retrieve")
    Mono<String> retrieve(@RequestParam String q) {
      return Flux.just("found ", q)
          .subscribeOn(Schedulers.parallel())
          .collectList()
          .map(parts -> {
            Span search = tracer.spanBuilder("search " + q, SpanType.RETRIEVER).start();
            String found = String.join("", parts);
            search.end(found);
            return found;
          });
    }
  }
}
