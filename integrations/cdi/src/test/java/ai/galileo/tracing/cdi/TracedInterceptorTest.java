package ai.galileo.tracing.cdi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.galileo.tracing.SpanType;
import ai.galileo.tracing.core.Doctor;
import ai.galileo.tracing.core.SpanData;
import ai.galileo.tracing.testing.GalileoTracingExtension;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.jboss.weld.environment.se.Weld;
import org.jboss.weld.environment.se.WeldContainer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code @Traced} on the beans of a Weld SE container that discovers them as an application's
 * are: the test classes are a bean archive, and galileo-cdi is a plain jar on the class path
 * whose extensions the container loads.
 */
class TracedInterceptorTest {
  @RegisterExtension
  static final GalileoTracingExtension tracing = GalileoTracingExtension.create();

  private static WeldContainer container;
  private static Librarian librarian;

  @BeforeAll
  static void startContainer() {
    container = new Weld().initialize();
    librarian = container.select(Librarian.class).get();
  }

  @AfterAll
  static void stopContainer() {
    container.close();
  }

  @Test
  void anAnnotatedMethodOfABeanIsASpanWithItsArgumentsInAndItsResultOut() {
    assertThat(librarian.answer("Who saw Jupiter's moons?"))
        .isEqualTo("Found: Sidereus Nuncius, Il Saggiatore");

    SpanData answer = Spans.span(tracing, "Librarian.answer");
    assertThat(answer.type()).isEqualTo(SpanType.AGENT);
    assertThat(answer.input().asText()).isEqualTo("{\"question\":\"Who saw Jupiter's moons?\"}");
    assertThat(answer.output().asText()).isEqualTo("Found: Sidereus Nuncius, Il Saggiatore");
  }

  @Test
  void theDoctorSaysTheAnnotationsAreOnThroughThisInterceptor() {
    librarian.answer("Who saw Jupiter's moons?");

    assertThat(Doctor.report()).contains("annotations")
        .containsPattern("annotations \\S+: on - @Traced methods, applied by .*galileo-cdi's interceptor");
  }

  @Test
  void aTracedBeanCalledFromATracedBeanIsAChildSpanInTheSameTrace() {
    librarian.answer("telescopes");

    List<SpanData> trace = tracing.assertSingleTrace();
    SpanData answer = Spans.span(tracing, "Librarian.answer");
    SpanData search = Spans.span(tracing, "Catalogue.search");
    assertThat(search.type()).isEqualTo(SpanType.RETRIEVER);
    assertThat(answer.parentId()).isEqualTo(answer.traceId());
    assertThat(search.parentId()).isEqualTo(answer.spanId());
    assertThat(search.input().asText()).isEqualTo("{\"query\":\"telescopes\"}");
    assertThat(search.output().asText()).isEqualTo("[\"Sidereus Nuncius\",\"Il Saggiatore\"]");
    assertThat(trace).extracting(SpanData::name).contains("Librarian.answer", "Catalogue.search");
  }

  @Test
  void anExceptionIsRecordedOnTheSpanAndReachesTheCallerUnchanged() {
    assertThatThrownBy(() -> librarian.refuse("alchemy"))
        .isExactlyInstanceOf(IllegalStateException.class)
        .hasMessage("no books on alchemy");

    SpanData refuse = Spans.span(tracing, "refuse");
    assertThat(refuse.type()).isEqualTo(SpanType.TOOL);
    assertThat(refuse.statusCode()).isEqualTo(500);
    assertThat(refuse.metadata()).containsEntry("error.type", IllegalStateException.class.getName());
  }

  @Test
  void aCheckedExceptionPassesThroughTheInterceptorUnwrapped() {
    assertThatThrownBy(() -> librarian.read("the Index"))
        .isExactlyInstanceOf(java.io.FileNotFoundException.class)
        .hasMessage("the Index");

    assertThat(Spans.span(tracing, "Librarian.read").metadata())
        .containsEntry("error.type", java.io.FileNotFoundException.class.getName());
  }

  @Test
  void aCompletionStageResultEndsTheSpanWhenItCompletesNotWhenTheMethodReturns() {
    CompletableFuture<String> answer = new CompletableFuture<>();

    CompletionStage<String> returned = librarian.later("the tides", answer);

    assertThat(returned).isSameAs(answer);
    assertThat(tracing.spans("Librarian.later")).isEmpty(); // neither the span nor its trace
    answer.complete("the Moon, says Kepler");
    SpanData later = Spans.span(tracing, "Librarian.later");
    assertThat(later.output().asText()).isEqualTo("the Moon, says Kepler");
  }

  @Test
  void aParameterMarkedNotCapturedIsLeftOutOfTheInput() {
    assertThat(librarian.signIn("galileo", "eppur-si-muove")).isEqualTo("galileo signed in");

    SpanData signIn = Spans.span(tracing, "Librarian.signIn");
    assertThat(signIn.input().asText()).isEqualTo("{\"user\":\"galileo\"}");
    assertThat(signIn.input().asText()).doesNotContain("eppur");
  }

  @Test
  void aCallThroughThisIsNotInterceptedByWeldSoOnlyTheOuterMethodIsASpan() {
    assertThat(librarian.outer("venus")).isEqualTo("VENUS!");

    assertThat(Spans.names(tracing)).containsExactly("Librarian.outer");
    // The same method called through the container's reference is a span.
    librarian.inner("venus");
    assertThat(Spans.names(tracing)).containsExactly("Librarian.outer", "Librarian.inner");
  }

  @Test
  void methodsOfOneBeanCalledInTurnEachMakeTheirOwnSpan() {
    // one interceptor instance serves the bean's methods: each call must find its own method's plan
    librarian.inner("io");
    librarian.signIn("galileo", "secret");
    librarian.inner("europa");
    librarian.untraced("plain");
    librarian.signIn("kepler", "secret");

    assertThat(Spans.names(tracing)).containsExactly(
        "Librarian.inner", "Librarian.signIn", "Librarian.inner", "Librarian.signIn");
    assertThat(spansNamed("Librarian.signIn")).extracting(s -> s.input().asText())
        .containsExactly("{\"user\":\"galileo\"}", "{\"user\":\"kepler\"}");
    assertThat(spansNamed("Librarian.inner")).extracting(s -> s.output().asText())
        .containsExactly("IO", "EUROPA");
  }

  /** The spans of that name that are not the traces their calls opened. */
  private static List<SpanData> spansNamed(String name) {
    return tracing.spans(name).stream().filter(s -> s.type() != SpanType.TRACE).toList();
  }

  @Test
  void aPrivateAnnotatedMethodIsNotInterceptedAndAMethodWithoutTheAnnotationMakesNoSpan() {
    assertThat(librarian.callsPrivate()).isEqualTo("hidden");
    assertThat(librarian.untraced("plain")).isEqualTo("plain");

    assertThat(tracing.spans()).isEmpty();
  }
}
