package ai.galileo.tracing.cdi.quarkus;

import static org.assertj.core.api.Assertions.assertThat;

import ai.galileo.tracing.SpanType;
import ai.galileo.tracing.core.SpanData;
import ai.galileo.tracing.testing.GalileoTracingExtension;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Quarkus builds the application with galileo-cdi as a plain dependency (no beans.xml, no Jandex
 * index): its build compatible extension must make {@code @Traced} a binding and bring the
 * interceptor in.
 */
@QuarkusTest
class QuarkusTracedTest {
  @RegisterExtension
  static final GalileoTracingExtension tracing = GalileoTracingExtension.create();

  @Inject Librarian librarian;

  @Test
  void aTracedMethodOfAQuarkusBeanIsASpanAndItsTracedCalleeItsChild() {
    assertThat(librarian.answer("moons", "sk-secret")).startsWith("Found: ");

    SpanData answer = span("Librarian.answer");
    SpanData search = span("Catalogue.search");
    assertThat(answer.type()).isEqualTo(SpanType.AGENT);
    assertThat(answer.input().asText()).isEqualTo("{\"question\":\"moons\"}");
    assertThat(answer.output().asText()).isEqualTo("Found: Sidereus Nuncius, Il Saggiatore");
    assertThat(search.parentId()).isEqualTo(answer.spanId());
    assertThat(search.traceId()).isEqualTo(answer.traceId());
  }

  @Test
  void arcInterceptsACallThroughThisUnlikeWeld() {
    assertThat(librarian.outer("venus")).isEqualTo("VENUS!");

    assertThat(names()).containsExactly("Librarian.inner", "Librarian.outer");
    assertThat(span("Librarian.inner").parentId()).isEqualTo(span("Librarian.outer").spanId());
  }

  private static List<String> names() {
    return tracing.spans().stream()
        .filter(span -> span.type() != SpanType.TRACE)
        .map(SpanData::name)
        .toList();
  }

  private static SpanData span(String name) {
    List<SpanData> matches = tracing.spans(name).stream()
        .filter(span -> span.type() != SpanType.TRACE)
        .toList();
    assertThat(matches).as("spans named %s among %s", name, names()).hasSize(1);
    return matches.get(0);
  }
}
