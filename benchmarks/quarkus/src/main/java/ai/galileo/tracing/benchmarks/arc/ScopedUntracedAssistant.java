package ai.galileo.tracing.benchmarks.arc;

import io.quarkus.arc.Unremovable;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * {@link Assistant}'s method on an {@code @ApplicationScoped} bean with no interceptor: the client
 * proxy alone, which the hand-written span around a call to a normal-scoped bean pays too.
 */
@ApplicationScoped
@Unremovable
public class ScopedUntracedAssistant {
  public String answer(String question) {
    return Assistant.ANSWER;
  }
}
