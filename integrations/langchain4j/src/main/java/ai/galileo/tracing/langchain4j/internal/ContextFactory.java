package ai.galileo.tracing.langchain4j.internal;

import dev.langchain4j.observability.api.AiServiceListenerRegistrar;
import dev.langchain4j.service.AiServiceContext;
import dev.langchain4j.service.tool.ToolService;
import dev.langchain4j.spi.ServiceHelper;
import dev.langchain4j.spi.services.AiServiceContextFactory;

/**
 * Found by LangChain4j through {@link java.util.ServiceLoader} when an AI Service is built (plain
 * {@code AiServices.builder} and {@code langchain4j-agentic}'s agents alike): makes the AI Service's
 * context as LangChain4j would, then installs Galileo's tool hook ({@link TracingToolService}) and
 * the AI Service listeners, with what they need to know of this service (whether it offers tools),
 * before the builder adds a tool or a listener of the user's.
 *
 * <p>LangChain4j uses the first factory of this kind it finds. When another library ships one
 * (Quarkus does), this one makes its contexts through that factory, so the other library keeps
 * working; the hook is then installed only where the context's tool service is LangChain4j's own,
 * and otherwise tools are logged after the fact from their events. With
 * {@code GALILEO_LANGCHAIN4J_AUTO=false} it makes plain contexts.
 *
 * <p>Internal: not part of the public API and may change without notice.
 */
public final class ContextFactory implements AiServiceContextFactory {

  /** Another library's factory, found once; null when this is the only one. */
  private static final class Other {
    static final AiServiceContextFactory FACTORY = find();

    private static AiServiceContextFactory find() {
      try {
        for (AiServiceContextFactory f : ServiceHelper.loadFactories(AiServiceContextFactory.class)) {
          if (!f.getClass().getName().equals(ContextFactory.class.getName())) {
            return f;
          }
        }
      } catch (RuntimeException | LinkageError e) {
        Guard.failed("ContextFactory.find", e);
      }
      return null;
    }
  }

  /** Called by {@link java.util.ServiceLoader}. */
  public ContextFactory() {}

  @Override
  public AiServiceContext create(Class<?> aiServiceClass) {
    AiServiceContextFactory other = Other.FACTORY;
    AiServiceContext context = other != null ? other.create(aiServiceClass) : new Plain(aiServiceClass);
    if (context != null && AutoRegistration.enabled()) {
      Guard.run("AiServiceContextFactory", () -> instrument(context, AutoRegistration.shared()));
    }
    return context;
  }

  /**
   * Installs the tool hook and this service's listeners. The registrar may already hold the shared
   * listeners ({@link AutoRegistration} gave it): they make way for listeners that know this
   * service's tools.
   */
  static void instrument(AiServiceContext context, AiServiceTracing tracing) {
    TracingToolService tools = null;
    if (context.toolService != null && context.toolService.getClass() == ToolService.class) {
      tools = new TracingToolService(TracerRef.global());
      context.toolService = tools;
    } else {
      Guard.warnOnce("toolService.foreign", "The LangChain4j AI Service context of "
          + context.aiServiceClass.getName() + " has a tool service of another library ("
          + (context.toolService == null ? "none" : context.toolService.getClass().getName())
          + "); its tools are logged after they ran, without the spans they make nested under them");
    }
    AiServiceListenerRegistrar registrar = context.eventListenerRegistrar;
    if (registrar != null) {
      registrar.unregister(tracing.listeners());
      registrar.register(tracing.listeners(tools));
    }
  }

  /** LangChain4j's own context, whose constructor only a subclass can call. */
  private static final class Plain extends AiServiceContext {
    Plain(Class<?> aiServiceClass) {
      super(aiServiceClass);
    }
  }
}
