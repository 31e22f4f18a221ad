package ai.galileo.tracing.cdi;

import ai.galileo.tracing.SpanType;
import ai.galileo.tracing.annotation.Traced;
import jakarta.enterprise.context.Dependent;
import java.util.List;

/** A dependent bean (no client proxy): intercepted all the same. */
@Dependent
public class Catalogue {
  @Traced(type = SpanType.RETRIEVER)
  public List<String> search(String query) {
    return List.of("Sidereus Nuncius", "Il Saggiatore");
  }
}
