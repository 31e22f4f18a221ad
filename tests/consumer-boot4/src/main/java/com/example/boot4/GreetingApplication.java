package com.example.boot4;

import java.util.Map;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** A Boot 4 service traced by the starter alone; its JSON is written by Boot's Jackson 3. */
@SpringBootApplication
@RestController
public class GreetingApplication {
  public static ConfigurableApplicationContext start(String... args) {
    return new SpringApplicationBuilder(GreetingApplication.class)
        .properties("server.address=127.0.0.1", "galileo.service-name=greeting").run(args);
  }

  @GetMapping("/greeting")
  Map<String, String> greeting() {
    return Map.of("greeting", "Eppur si muove");
  }

  public static void main(String[] args) {
    start(args);
  }
}
