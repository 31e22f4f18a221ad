package ai.galileo.tracing.core.annotation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.galileo.tracing.annotation.Traced;
import ai.galileo.tracing.core.GalileoConfig;
import ai.galileo.tracing.core.GalileoTracer;
import ai.galileo.tracing.core.SpanData;
import ai.galileo.tracing.internal.ThreadLocalContextStorage;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

class TracedReactorResultsTest {
  private final TracedMethodsTest.Recorder recorded = new TracedMethodsTest.Recorder();
  private final GalileoTracer tracer = GalileoTracer.builder()
      .config(GalileoConfig.builder().set("GALILEO_EXPORTER", "none").build())
      .addSpanProcessor(recorded)
      .build();
  private final TracedMethods engine = TracedMethods.create(tracer);
  private final Streams streams = new Streams();

  @AfterEach
  void noLeakedScopes() {
    tracer.close();
    assertThat(ThreadLocalContextStorage.openScopes()).isZero();
  }

  @Test
  void aMonoEndsTheSpanWithItsValueWhenSubscribedNotWhenReturned() throws Throwable {
    Object returned = call("one", "moon");

    assertThat(returned).isInstanceOf(Mono.class);
    assertThat(recorded.ended).isEmpty();
    assertThat(((Mono<?>) returned).block()).isEqualTo("MOON");
    assertThat(recorded.span("Streams.one").output().asText()).isEqualTo("MOON");
  }

  @Test
  void aFailingMonoRecordsItsError() throws Throwable {
    Mono<?> returned = (Mono<?>) call("broken");

    assertThatThrownBy(returned::block).hasMessage("no signal");
    SpanData span = recorded.span("Streams.broken");
    assertThat(span.metadata()).containsEntry("error.message", "no signal");
    assertThat(span.statusCode()).isEqualTo(500);
  }

  @Test
  void aFluxEndsTheSpanWhenItCompletesAndCountsItsItems() throws Throwable {
    Flux<?> returned = (Flux<?>) call("many", 5);

    assertThat(returned.collectList().block()).hasSize(5);
    SpanData span = recorded.span("Streams.many");
    assertThat(span.metadata()).containsEntry("items", "5").doesNotContainKey("error.type");
  }

  @Test
  void aFluxCutShortByItsSubscriberIsRecordedAsCancelled() throws Throwable {
    Flux<?> returned = (Flux<?>) call("many", 100);

    assertThat(returned.take(2).collectList().block()).hasSize(2);
    SpanData span = recorded.span("Streams.many");
    assertThat(span.metadata()).containsEntry("cancelled", "true").doesNotContainKey("error.type");
  }

  @Test
  void aPublisherReturnedAsObjectIsStillFollowed() throws Throwable {
    Object returned = call("untyped");

    assertThat(recorded.ended).isEmpty();
    assertThat(((Mono<?>) returned).block()).isEqualTo(42);
    assertThat(recorded.span("Streams.untyped").output().asText()).isEqualTo("42");
  }

  private Object call(String name, Object... args) throws Throwable {
    Method m = List.of(Streams.class.getDeclaredMethods()).stream()
        .filter(x -> x.getName().equals(name)).findFirst().orElseThrow();
    return engine.invoke(m, args, () -> {
      try {
        return m.invoke(streams, args);
      } catch (InvocationTargetException e) {
        throw e.getCause();
      }
    });
  }

  /** Reactive methods. */
  public static class Streams {
    @Traced
    public Mono<String> one(String word) {
      return Mono.fromSupplier(word::toUpperCase);
    }

    @Traced
    public Mono<String> broken() {
      return Mono.error(new IllegalStateException("no signal"));
    }

    @Traced
    public Flux<Integer> many(int n) {
      return Flux.range(0, n);
    }

    @Traced
    public Object untyped() {
      return Mono.just(42);
    }
  }
}
