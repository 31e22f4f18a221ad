package ai.galileo.tracing.core.export;

import ai.galileo.tracing.Galileo;
import ai.galileo.tracing.Span;
import ai.galileo.tracing.SpanType;
import ai.galileo.tracing.Tracer;

/**
 * A program that records spans through {@link Galileo#tracer()} and returns from main without
 * closing anything: only the JVM's shutdown hook can deliver its spans. Configured by system
 * properties, as a user would.
 */
public final class ShutdownHookMain {
  private ShutdownHookMain() {}

  public static void main(String[] args) {
    Tracer tracer = Galileo.tracer();
    Span trace = tracer.traceBuilder("exits without closing").setInput("q").start();
    tracer.spanBuilder("finished", SpanType.TOOL).setParent(ai.galileo.tracing.Context.root().with(trace))
        .start().end("done");
    tracer.spanBuilder("still open", SpanType.WORKFLOW).setParent(ai.galileo.tracing.Context.root().with(trace))
        .start();
    System.out.println("trace " + trace.context().traceIdString());
  }
}
