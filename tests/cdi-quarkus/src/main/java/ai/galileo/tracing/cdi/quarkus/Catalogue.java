package ai.galileo.tracing.cdi.quarkus;

import ai.galileo.tracing.SpanType;
import ai.galileo.tracing.annotation.Traced;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

/** A second bean, called by {@link Librarian}. */
@ApplicationScoped
public class Catalogue {
  @Traced(type = SpanType.RETRIEVER)
  public List<String> search(String query) {
    return List.of("Sidereus Nuncius", "Il Saggiatore");
  }
}
