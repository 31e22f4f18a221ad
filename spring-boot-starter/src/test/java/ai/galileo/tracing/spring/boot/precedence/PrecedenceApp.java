package ai.galileo.tracing.spring.boot.precedence;

import ai.galileo.tracing.core.GalileoConfig;
import ai.galileo.tracing.core.GalileoTracer;
import java.util.List;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A Spring Boot application that prints the settings its Galileo tracer resolved, one
 * {@code RESOLVED NAME=value} line each, and exits: {@code PrecedenceTest} starts it in a JVM of its
 * own, with real environment variables, system properties, command-line arguments, an
 * {@code application.properties} and a {@code .env} file in its working directory. Alone in its
 * package, so that its component scan finds nothing else.
 */
@SpringBootApplication
public class PrecedenceApp {
  /** The settings printed. */
  public static final List<String> SETTINGS = List.of("GALILEO_MODE", "GALILEO_PROJECT",
      "GALILEO_LOG_STREAM", "GALILEO_PROPAGATORS", "GALILEO_SESSION_NAME", "GALILEO_SERVER_TRUST",
      "GALILEO_SERVICE_NAME", "GALILEO_COMPLETION_TIMEOUT_MS", "GALILEO_LOGGING_DISABLED");

  public static void main(String[] args) {
    SpringApplication app = new SpringApplication(PrecedenceApp.class);
    app.setWebApplicationType(WebApplicationType.NONE);
    app.setLogStartupInfo(false);
    try (ConfigurableApplicationContext context = app.run(args)) {
      GalileoConfig config = context.getBean(GalileoTracer.class).config();
      for (String name : SETTINGS) {
        System.out.println("RESOLVED " + name + "=" + config.values().get(name));
      }
    }
  }
}
