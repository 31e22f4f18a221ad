package com.example.starterconsumer.orchestrator;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.web.client.RestClient;

/** The calling service: configured by src/main/resources/orchestrator.properties. */
@SpringBootApplication
public class OrchestratorApplication {
  public static ConfigurableApplicationContext start(String... args) {
    return new SpringApplicationBuilder(OrchestratorApplication.class)
        .properties("spring.config.name=orchestrator").run(args);
  }

  public static void main(String[] args) {
    start(args);
  }

  /** Built from the auto-configured builder, which the starter has given its tracing. */
  @Bean
  RestClient retrievalClient(RestClient.Builder builder, @Value("${retrieval.url}") String url) {
    return builder.baseUrl(url).build();
  }
}
