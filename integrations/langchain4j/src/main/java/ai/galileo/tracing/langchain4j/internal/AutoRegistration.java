package ai.galileo.tracing.langchain4j.internal;

import ai.galileo.tracing.core.internal.OnOffSetting;
import dev.langchain4j.observability.api.AiServiceListenerRegistrar;
import dev.langchain4j.observability.api.DefaultAiServiceListenerRegistrar;
import dev.langchain4j.spi.observability.AiServiceListenerRegistrarFactory;

/**
 * Found by LangChain4j through {@link java.util.ServiceLoader} each time an AI Service is built:
 * gives LangChain4j's own registrar with Galileo's AI Service listeners already registered, so
 * adding the jar traces every AI Service. {@code GALILEO_LANGCHAIN4J_AUTO=false} (or the system
 * property {@code galileo.langchain4j.auto}) gives a registrar without them.
 *
 * <p>Internal: not part of the public API and may change without notice.
 */
public final class AutoRegistration implements AiServiceListenerRegistrarFactory {
  public static final String SETTING = "GALILEO_LANGCHAIN4J_AUTO";

  /** One set of listeners for every AI Service, logging with whatever tracer is installed. */
  private static final class Shared {
    static final AiServiceTracing TRACING = new AiServiceTracing(TracerRef.global());
  }

  /** Called by {@link java.util.ServiceLoader}. */
  public AutoRegistration() {}

  @Override
  public AiServiceListenerRegistrar get() {
    AiServiceListenerRegistrar registrar = new DefaultAiServiceListenerRegistrar();
    if (enabled()) {
      Guard.run("AutoRegistration", () -> registrar.register(Shared.TRACING.listeners()));
    }
    return registrar;
  }

  /** The listeners every discovered registrar carries. */
  public static AiServiceTracing shared() {
    return Shared.TRACING;
  }

  /** Whether {@code GALILEO_LANGCHAIN4J_AUTO} leaves automatic registration on (the default). */
  public static boolean enabled() {
    return OnOffSetting.on(SETTING,
        problem -> Guard.warnOnce("auto.invalid", problem + "; AI Services are traced as by default"));
  }
}
