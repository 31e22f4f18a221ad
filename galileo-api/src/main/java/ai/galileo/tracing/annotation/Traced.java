package ai.galileo.tracing.annotation;

import ai.galileo.tracing.SpanType;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Makes a method a span, as Galileo's {@code @log} decorator does in Python: each call starts a
 * span under the current one (or a trace of its own when none is current), which is current while
 * the method runs and ends when it returns.
 *
 * <ul>
 *   <li><b>Name</b>: {@link #name()}, or by default {@code SimpleClassName.methodName} of the
 *       class that declares the method.
 *   <li><b>Input</b>: a JSON object of the arguments, keyed by parameter name when the class was
 *       compiled with {@code -parameters} (Spring Boot's and Quarkus' builds do), else
 *       {@code arg0}, {@code arg1}, ...; no input for a method without parameters. Strings,
 *       numbers, booleans, enums and null become JSON values, collections, maps and arrays JSON
 *       arrays and objects (to a bounded depth and size), anything else its {@code toString()}.
 *       Each value is cut at a bounded length, and a {@code toString()} that throws is recorded
 *       as the exception's type: capturing never fails the call. A parameter marked
 *       {@link NotCaptured} is left out.
 *   <li><b>Output</b>: the return value, rendered the same way (a string as it is, a
 *       {@link ai.galileo.tracing.Content} as that content); none for {@code void} or null.
 *   <li><b>Exceptions</b>: recorded on the span ({@code error.type}, {@code error.message},
 *       status 500) and rethrown unchanged.
 *   <li><b>Asynchronous results</b>: a {@code CompletionStage}/{@code CompletableFuture} or a
 *       Reactor {@code Mono}/{@code Flux} ends the span when it completes, fails or is cancelled;
 *       the span is current only while the method body runs.
 * </ul>
 *
 * <p>An annotation does nothing by itself: something must intercept the call. The Spring Boot
 * starter does it for Spring beans and {@code galileo-cdi} for CDI beans. A call on an object made
 * with {@code new}, a call from a bean to its own method ({@code this.other()}), and private or
 * final methods behind a class proxy are not intercepted, so they make no span.
 *
 * @since 0.1.0
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface Traced {

  /** The span's name; empty (the default) for {@code SimpleClassName.methodName}. */
  String name() default "";

  /**
   * What the span stands for; {@link SpanType#WORKFLOW} by default, as Galileo's {@code @log}.
   * {@link SpanType#TRACE} starts a new trace on each call, whatever is current.
   */
  SpanType type() default SpanType.WORKFLOW;

  /** Whether the arguments become the span's input. */
  boolean captureInput() default true;

  /** Whether the return value (or what an asynchronous result completes with) becomes the output. */
  boolean captureOutput() default true;
}
