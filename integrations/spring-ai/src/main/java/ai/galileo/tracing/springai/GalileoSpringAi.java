package ai.galileo.tracing.springai;

import ai.galileo.tracing.Galileo;
import ai.galileo.tracing.Tracer;
import ai.galileo.tracing.springai.internal.ObservationTracing;
import ai.galileo.tracing.springai.internal.SpringAiIntegration;
import ai.galileo.tracing.springai.internal.TracerRef;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import java.util.Objects;

/**
 * Galileo tracing for Spring AI, from Spring AI's own Micrometer observations.
 *
 * <pre>{@code
 * // Spring Boot: nothing to do, the auto-configuration registers the handler.
 * // Elsewhere: add the handler to the ObservationRegistry the models and ChatClient use.
 * ObservationRegistry registry = ObservationRegistry.create();
 * registry.observationConfig().observationHandler(GalileoSpringAi.create().observationHandler());
 * }</pre>
 *
 * <p>Chat model calls become {@code LLM} spans, ChatClient calls and their advisors
 * {@code WORKFLOW} spans, tool calls {@code TOOL} spans, vector store searches {@code RETRIEVER}
 * spans and embedding calls {@code LLM} spans. Each span is current while its observation's scope
 * is open, so nested observations and the application's own spans nest under it; its parent is the
 * context current when the observation starts. The handler never lets a failure of its own reach
 * the Spring AI call.
 *
 * @since 0.1.0
 */
public final class GalileoSpringAi {
  private final ObservationHandler<Observation.Context> handler;

  private GalileoSpringAi(TracerRef tracer) {
    this.handler = new ObservationTracing(tracer);
  }

  /**
   * Tracing with the tracer {@link Galileo#tracer()} returns at each observation, so a handler made
   * before the application installs its tracer still logs with it.
   */
  public static GalileoSpringAi create() {
    SpringAiIntegration.setUp();
    return new GalileoSpringAi(TracerRef.global());
  }

  /** Tracing with the given tracer. */
  public static GalileoSpringAi create(Tracer tracer) {
    SpringAiIntegration.setUp();
    return new GalileoSpringAi(TracerRef.of(Objects.requireNonNull(tracer, "tracer")));
  }

  /**
   * The handler to add to an {@code ObservationRegistry}
   * ({@code registry.observationConfig().observationHandler(...)}). It handles Spring AI's
   * observations only and ignores every other kind. Registering two handlers, or one twice, logs
   * each observation once.
   */
  public ObservationHandler<Observation.Context> observationHandler() {
    return handler;
  }
}
