package ai.galileo.tracing.springai.internal;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;

/**
 * The observation a streamed chat model call hands its tool calls, where Micrometer cannot. Spring
 * AI's models run the tool calls of a streamed answer on one of Reactor's threads, where no
 * observation is current unless Reactor's context propagation is on, so the tool observation has
 * no parent and its span would start a trace of its own. While it runs them, Spring AI keeps the
 * stream's Reactor context in {@code ToolCallReactiveContextHolder}, and that context holds the
 * chat model call's observation under Micrometer's key {@code micrometer.observation}
 * ({@code ObservationThreadLocalAccessor.KEY}). Read by reflection: neither class is needed for
 * anything else, and a Spring AI without them simply has no such parent.
 *
 * <p>Internal: not part of the public API and may change without notice.
 */
final class ReactiveToolCall {
  /** {@code ObservationThreadLocalAccessor.KEY}. */
  private static final String OBSERVATION_KEY = "micrometer.observation";
  /** {@code ToolCallReactiveContextHolder.getContext()}, or null. */
  private static final MethodHandle CONTEXT = context();
  /** {@code ContextView.getOrDefault(Object, Object)}, or null. */
  private static final MethodHandle GET = get();

  private ReactiveToolCall() {}

  /** The observation of the streamed call whose tools this thread is running, or null. */
  static Object observation() {
    if (CONTEXT == null || GET == null) {
      return null;
    }
    try {
      Object context = CONTEXT.invoke();
      return context == null ? null : GET.invoke(context, (Object) OBSERVATION_KEY, (Object) null);
    } catch (Throwable e) {
      return null;
    }
  }

  private static MethodHandle context() {
    try {
      Class<?> holder = Class.forName("org.springframework.ai.model.tool.internal.ToolCallReactiveContextHolder",
          false, ReactiveToolCall.class.getClassLoader());
      Class<?> view = Class.forName("reactor.util.context.ContextView", false, ReactiveToolCall.class.getClassLoader());
      return MethodHandles.publicLookup().findStatic(holder, "getContext", MethodType.methodType(view))
          .asType(MethodType.methodType(Object.class));
    } catch (ReflectiveOperationException | LinkageError e) {
      return null;
    }
  }

  private static MethodHandle get() {
    try {
      Class<?> view = Class.forName("reactor.util.context.ContextView", false, ReactiveToolCall.class.getClassLoader());
      return MethodHandles.publicLookup().findVirtual(view, "getOrDefault",
          MethodType.methodType(Object.class, Object.class, Object.class))
          .asType(MethodType.methodType(Object.class, Object.class, Object.class, Object.class));
    } catch (ReflectiveOperationException | LinkageError e) {
      return null;
    }
  }
}
