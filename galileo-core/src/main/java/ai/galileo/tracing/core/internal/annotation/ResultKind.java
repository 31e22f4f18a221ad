package ai.galileo.tracing.core.internal.annotation;

import java.util.concurrent.CompletionStage;

/**
 * How a method's declared return type ends its span: at once, when a {@code CompletionStage}
 * completes, when a Reactor publisher terminates, or, for a method declared to return
 * {@code Object} or a Reactive Streams {@code Publisher}, as the returned object turns out.
 */
enum ResultKind {
  PLAIN, STAGE, REACTOR, DYNAMIC;

  /**
   * Whether Reactor is visible to this class: its support is an optional dependency, loaded only
   * when present.
   */
  static final boolean REACTOR_PRESENT = present("reactor.core.publisher.Mono");

  static ResultKind of(Class<?> returnType) {
    if (CompletionStage.class.isAssignableFrom(returnType)) {
      return STAGE;
    }
    if (returnType == Object.class || returnType.getName().equals("org.reactivestreams.Publisher")
        || returnType.getName().equals("reactor.core.CorePublisher")) {
      return DYNAMIC;
    }
    if (REACTOR_PRESENT && ReactorResults.isMonoOrFlux(returnType)) {
      return REACTOR;
    }
    return PLAIN;
  }

  private static boolean present(String className) {
    try {
      Class.forName(className, false, ResultKind.class.getClassLoader());
      return true;
    } catch (ClassNotFoundException | LinkageError e) {
      return false;
    }
  }
}
