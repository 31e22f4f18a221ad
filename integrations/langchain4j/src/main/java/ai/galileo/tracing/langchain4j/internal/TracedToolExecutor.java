package ai.galileo.tracing.langchain4j.internal;

import ai.galileo.tracing.Content;
import ai.galileo.tracing.Context;
import ai.galileo.tracing.Scope;
import ai.galileo.tracing.Span;
import ai.galileo.tracing.SpanBuilder;
import ai.galileo.tracing.SpanType;
import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.exception.ToolExecutionException;
import dev.langchain4j.invocation.InvocationContext;
import dev.langchain4j.service.tool.ToolExecutionResult;
import dev.langchain4j.service.tool.ToolExecutor;

/**
 * A tool's executor, wrapped so the tool owns its work: a {@code TOOL} span starts when the tool
 * starts and is current on the thread that runs it (the caller's, or an executor's when the AI
 * Service runs tools concurrently), so the spans, HTTP calls and nested AI Services the tool makes
 * nest under it. It ends with the tool's result, or with the error the tool threw, which goes on
 * to LangChain4j untouched (LangChain4j then hands the model the error text, as without tracing).
 *
 * <p>The span's parent is the invocation's span, found by LangChain4j's invocation id, whatever
 * thread runs the tool; with no traced invocation, the context current on that thread. The
 * invocation is told of the request, so the {@code ToolExecutedEvent} LangChain4j fires after it
 * adds no second span.
 *
 * <p>Internal: not part of the public API and may change without notice.
 */
public final class TracedToolExecutor implements ToolExecutor {
  private final ToolExecutor delegate;
  private final TracerRef fallback;

  TracedToolExecutor(ToolExecutor delegate, TracerRef fallback) {
    this.delegate = delegate;
    this.fallback = fallback;
  }

  /** The executor, traced; used where LangChain4j is not (tests, benchmarks). */
  public static ToolExecutor wrap(ToolExecutor delegate, TracerRef fallback) {
    return delegate instanceof TracedToolExecutor ? delegate : new TracedToolExecutor(delegate, fallback);
  }

  ToolExecutor delegate() {
    return delegate;
  }

  @Override
  public String execute(ToolExecutionRequest request, Object memoryId) {
    return delegate.execute(request, memoryId); // LangChain4j calls executeWithContext
  }

  @Override
  public ToolExecutionResult executeWithContext(ToolExecutionRequest request, InvocationContext ic) {
    Span span = null;
    Scope scope = null;
    try {
      Invocation invocation = ic == null ? null : Invocations.get(ic.invocationId());
      Context parent = invocation != null ? invocation.context : Context.current();
      TracerRef tracer = invocation != null ? invocation.owner.tracing().tracer() : fallback;
      span = start(tracer, parent, request);
      scope = parent.with(span).makeCurrent();
      if (invocation != null) {
        invocation.hooked(request);
      }
    } catch (RuntimeException | LinkageError e) {
      Guard.failed("ToolExecutor", e);
      abandon(scope, span);
      return delegate.executeWithContext(request, ic);
    }
    ToolExecutionResult result;
    try {
      result = delegate.executeWithContext(request, ic);
    } catch (Throwable e) {
      scope.close();
      Span failed = span;
      Guard.run("ToolExecutor.error", () -> failed.recordError(cause(e)).end());
      throw TracedToolExecutor.<RuntimeException>rethrow(e);
    }
    scope.close();
    Span done = span;
    Guard.run("ToolExecutor.result", () -> end(done, result));
    return result;
  }

  /** Undoes a start that failed half-way; the tool then runs untraced. */
  private static void abandon(Scope scope, Span span) {
    try {
      if (scope != null) {
        scope.close();
      }
      if (span != null) {
        span.end();
      }
    } catch (RuntimeException | LinkageError e) {
      Guard.failed("ToolExecutor.abandon", e);
    }
  }

  /** Rethrows whatever the tool threw, checked or not, as it was. */
  @SuppressWarnings("unchecked")
  private static <T extends Throwable> T rethrow(Throwable t) throws T {
    throw (T) t;
  }

  private static Span start(TracerRef tracer, Context parent, ToolExecutionRequest request) {
    String name = request == null || request.name() == null ? "tool" : request.name();
    SpanBuilder b = tracer.get().spanBuilder(name, SpanType.TOOL).setParent(parent);
    if (request != null) {
      if (request.id() != null) {
        b.setToolCallId(request.id());
      }
      if (request.arguments() != null) {
        b.setInput(request.arguments());
      }
    }
    return b.start();
  }

  private static void end(Span span, ToolExecutionResult result) {
    if (result == null) {
      span.end();
      return;
    }
    String text = Messages.text(result.resultContents());
    if (result.isError()) {
      // An executor that reports a failure rather than throwing it (an MCP tool, say).
      span.setMetadata("error.message", text);
      span.setStatusCode(500);
    }
    span.end(Content.text(text));
  }

  /** The tool's own exception, not LangChain4j's wrapper around it. */
  private static Throwable cause(Throwable e) {
    return e instanceof ToolExecutionException && e.getCause() != null ? e.getCause() : e;
  }
}
