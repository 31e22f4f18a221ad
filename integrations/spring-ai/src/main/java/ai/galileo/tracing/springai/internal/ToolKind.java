package ai.galileo.tracing.springai.internal;

import ai.galileo.tracing.Context;
import ai.galileo.tracing.Span;
import ai.galileo.tracing.SpanBuilder;
import ai.galileo.tracing.SpanType;
import ai.galileo.tracing.Tracer;
import io.micrometer.observation.Observation;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import org.springframework.ai.tool.observation.ToolCallingObservationContext;

/**
 * {@code spring.ai.tool} (a {@link ToolCallingObservationContext}): a {@code TOOL} span per tool
 * call, named after the tool, with the arguments the model wrote in and the tool's result out. The
 * span is current while the tool runs, so what the tool does (a retrieval, a span of the user's, an
 * HTTP call to another service) nests under it. Its tool call id, which links it to the LLM span
 * that asked for it, is the one Spring AI 2.x reports, or on 1.x the one of the call in the model's
 * answer that it executes ({@link ToolCallIds}).
 *
 * <p>Internal: not part of the public API and may change without notice.
 */
final class ToolKind implements ObservationKind {
  /** {@code getToolCallId()}: Spring AI 2.x only. */
  private static final MethodHandle TOOL_CALL_ID = toolCallId();
  /** Whether the observation says which tool call it executes; else {@link ToolCallIds} finds it. */
  static final boolean REPORTS_TOOL_CALL_ID = TOOL_CALL_ID != null;

  @Override
  public boolean handles(Observation.Context observation) {
    return observation instanceof ToolCallingObservationContext;
  }

  @Override
  public Span start(Tracer tracer, Observation.Context observation, Context parent) {
    ToolCallingObservationContext tool = (ToolCallingObservationContext) observation;
    String name = tool.getToolDefinition() == null ? null : tool.getToolDefinition().name();
    SpanBuilder b = tracer.spanBuilder(name == null || name.isBlank() ? "tool" : name, SpanType.TOOL)
        .setParent(parent)
        .setInput(tool.getToolCallArguments());
    String id = toolCallId(tool);
    if (id == null && !REPORTS_TOOL_CALL_ID) {
      id = ToolCallIds.take(parent, name, tool.getToolCallArguments());
    }
    if (id != null) {
      // On the builder: in distributed mode the span may be sent when it starts.
      b.setToolCallId(id);
    }
    if (tool.getToolMetadata() != null && tool.getToolMetadata().returnDirect()) {
      b.setMetadata("return_direct", "true");
    }
    return b.start();
  }

  @Override
  public void stop(Span span, Observation.Context observation) {
    String result = ((ToolCallingObservationContext) observation).getToolCallResult();
    if (result != null) {
      span.setOutput(result);
    }
  }

  private static String toolCallId(ToolCallingObservationContext tool) {
    if (TOOL_CALL_ID == null) {
      return null;
    }
    try {
      Object id = TOOL_CALL_ID.invoke(tool);
      return id instanceof String s && !s.isBlank() ? s : null;
    } catch (Throwable e) {
      return null;
    }
  }

  private static MethodHandle toolCallId() {
    try {
      return MethodHandles.publicLookup().findVirtual(ToolCallingObservationContext.class, "getToolCallId",
          MethodType.methodType(String.class));
    } catch (ReflectiveOperationException e) {
      return null; // Spring AI 1.x does not report it
    }
  }
}
