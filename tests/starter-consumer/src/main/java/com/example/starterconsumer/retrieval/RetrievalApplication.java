package com.example.starterconsumer.retrieval;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/** The called service: configured by src/main/resources/retrieval.properties. */
@SpringBootApplication
public class RetrievalApplication {
  public static ConfigurableApplicationContext start(String... args) {
    return new SpringApplicationBuilder(RetrievalApplication.class)
        .properties("spring.config.name=retrieval").run(args);
  }

  public static void main(String[] args) {
    start(args);
  }
}
