package ai.galileo.tracing.cdi;

import ai.galileo.tracing.SpanType;
import ai.galileo.tracing.annotation.NotCaptured;
import ai.galileo.tracing.annotation.Traced;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/** A normal-scoped bean (behind a client proxy) with traced methods of every kind. */
@ApplicationScoped
public class Librarian {
  @Inject Catalogue catalogue;

  @Traced(type = SpanType.AGENT)
  public String answer(String question) {
    return "Found: " + String.join(", ", catalogue.search(question));
  }

  @Traced(name = "refuse", type = SpanType.TOOL)
  public String refuse(String topic) {
    throw new IllegalStateException("no books on " + topic);
  }

  @Traced
  public String read(String shelf) throws java.io.IOException {
    throw new java.io.FileNotFoundException(shelf);
  }

  /** Returns the caller's future as it is, so the test decides when it completes. */
  @Traced
  public CompletionStage<String> later(String question, @NotCaptured CompletableFuture<String> answer) {
    return answer;
  }

  @Traced
  public String outer(String question) {
    return inner(question) + "!";
  }

  @Traced
  public String inner(String question) {
    return question.toUpperCase(java.util.Locale.ROOT);
  }

  @Traced(type = SpanType.TOOL)
  public String signIn(String user, @NotCaptured String password) {
    return user + " signed in";
  }

  public String untraced(String question) {
    return question;
  }

  public String callsPrivate() {
    return hidden();
  }

  @Traced
  private String hidden() {
    return "hidden";
  }
}
