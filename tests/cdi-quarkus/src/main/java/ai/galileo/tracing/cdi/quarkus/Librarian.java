package ai.galileo.tracing.cdi.quarkus;

import ai.galileo.tracing.SpanType;
import ai.galileo.tracing.annotation.NotCaptured;
import ai.galileo.tracing.annotation.Traced;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/** An application bean of the Quarkus application under test. */
@ApplicationScoped
public class Librarian {
  @Inject Catalogue catalogue;

  @Traced(type = SpanType.AGENT)
  public String answer(String question, @NotCaptured String apiKey) {
    return "Found: " + String.join(", ", catalogue.search(question));
  }

  @Traced
  public String outer(String question) {
    return inner(question) + "!";
  }

  @Traced
  public String inner(String question) {
    return question.toUpperCase(java.util.Locale.ROOT);
  }
}
