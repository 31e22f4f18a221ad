package ai.galileo.tracing.langchain4j.internal;

import ai.galileo.tracing.AgentType;
import ai.galileo.tracing.Content;
import ai.galileo.tracing.Context;
import ai.galileo.tracing.Message;
import ai.galileo.tracing.Scope;
import ai.galileo.tracing.Span;
import ai.galileo.tracing.SpanBuilder;
import ai.galileo.tracing.SpanType;
import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.invocation.InvocationContext;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.request.ChatRequestParameters;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.observability.api.event.AiServiceCompletedEvent;
import dev.langchain4j.observability.api.event.AiServiceErrorEvent;
import dev.langchain4j.observability.api.event.AiServiceEvent;
import dev.langchain4j.observability.api.event.AiServiceRequestIssuedEvent;
import dev.langchain4j.observability.api.event.AiServiceResponseReceivedEvent;
import dev.langchain4j.observability.api.event.AiServiceStartedEvent;
import dev.langchain4j.observability.api.event.ToolExecutedEvent;
import dev.langchain4j.observability.api.listener.AiServiceCompletedListener;
import dev.langchain4j.observability.api.listener.AiServiceErrorListener;
import dev.langchain4j.observability.api.listener.AiServiceListener;
import dev.langchain4j.observability.api.listener.AiServiceRequestIssuedListener;
import dev.langchain4j.observability.api.listener.AiServiceResponseReceivedListener;
import dev.langchain4j.observability.api.listener.AiServiceStartedListener;
import dev.langchain4j.observability.api.listener.ToolExecutedEventListener;
import dev.langchain4j.service.Result;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * AI Service invocations as spans, from LangChain4j's AI Service events: an {@code AGENT} span
 * (agent type {@code react}) per invocation of an AI Service that offers the model tools, a
 * {@code WORKFLOW} span per invocation of one that does not, named after the interface method; an
 * {@code LLM} span per model call it issues; all under the invocation's span whichever thread
 * reports them. A {@code langchain4j-agentic} agent's invocation is an {@code AGENT} span named
 * after the agent, which its agent listener hands over ({@link AgentSlot}).
 *
 * <p>{@code TOOL} spans are the tool hook's ({@link TracedToolExecutor}), made while each tool
 * runs; a tool the hook did not see (the hook is off, or a dynamic provider added the tool mid-way)
 * is logged from its {@code ToolExecutedEvent}, after the fact, dated from the end of the step
 * before it.
 *
 * <p>A synchronous invocation's span is also current on the caller's thread from start to end, so
 * spans the user's retrievers start nest under it; a streaming one's cannot be (it ends on another
 * thread), and its steps are parented explicitly.
 *
 * <p>Internal: not part of the public API and may change without notice.
 */
public final class AiServiceTracing {
  private final TracerRef tracer;
  private final List<AiServiceListener<?>> listeners;

  public AiServiceTracing(TracerRef tracer) {
    this.tracer = tracer;
    this.listeners = listeners(null);
  }

  /** One listener per event this class handles, to register on an AI Service. */
  public List<AiServiceListener<?>> listeners() {
    return listeners;
  }

  /**
   * Listeners for one AI Service whose tool service is known: it tells whether the service offers
   * tools, which decides the invocation's span type when it starts. Null when unknown.
   */
  List<AiServiceListener<?>> listeners(TracingToolService tools) {
    // Each set of listeners owns the invocations it saw start: registered twice on one AI Service
    // (discovered and by hand), the first set logs each invocation and the second stands by.
    Registration r = new Registration(this, tools);
    return List.of(
        (AiServiceStartedListener) e -> Guard.run("AiServiceStartedEvent", () -> started(e, r)),
        (AiServiceRequestIssuedListener) e -> Guard.run("AiServiceRequestIssuedEvent", () -> issued(e, r)),
        (AiServiceResponseReceivedListener) e -> Guard.run("AiServiceResponseReceivedEvent", () -> received(e, r)),
        (ToolExecutedEventListener) e -> Guard.run("ToolExecutedEvent", () -> toolExecuted(e, r)),
        (AiServiceCompletedListener) e -> Guard.run("AiServiceCompletedEvent", () -> completed(e, r)),
        (AiServiceErrorListener) e -> Guard.run("AiServiceErrorEvent", () -> failed(e, r)));
  }

  /** One registration of the listeners, and what it knows of its AI Service's tools (or null). */
  record Registration(AiServiceTracing tracing, TracingToolService tools) {
    /**
     * Whether the invocation offers the model tools, which decides its span type when it starts.
     * Without the tool service (listeners registered by hand, or another library's context
     * factory), tools set as the model's default parameters are all that can be seen then.
     */
    boolean offersTools(InvocationContext ic) {
      if (tools != null) {
        return tools.offersTools();
      }
      ChatRequestParameters defaults = ic.defaultRequestParameters();
      return defaults != null && defaults.toolSpecifications() != null
          && !defaults.toolSpecifications().isEmpty();
    }
  }

  TracerRef tracer() {
    return tracer;
  }

  private void started(AiServiceStartedEvent e, Registration owner) {
    InvocationContext ic = e.invocationContext();
    if (ic == null || Invocations.known(ic.invocationId()) || Invocations.full()) {
      return; // another instance of these listeners traces it, or too many are open
    }
    Context parent = Context.current();
    AgentSlot slot = agentic(ic) ? parent.get(AgentSlot.KEY) : null;
    if (slot != null && !slot.take()) {
      slot = null; // the agent's own invocation took it: this one is nested in it
    }
    boolean offersTools = owner.offersTools(ic);
    SpanBuilder b;
    if (slot != null) {
      parent = parent.with(AgentSlot.KEY, null);
      b = agentSpan(slot, ic, parent, offersTools);
    } else {
      b = invocationSpan(ic, parent, offersTools);
      List<Message> input = new ArrayList<>(2);
      e.systemMessage().ifPresent(m -> input.add(Messages.message(m)));
      if (e.userMessage() != null) {
        input.add(Messages.message(e.userMessage()));
      }
      b.setInput(Content.messages(input));
    }
    Span span = b.start();
    if (slot != null) {
      slot.taken(span);
    }
    Context context = parent.with(span);
    boolean sync = !streams(ic);
    Scope scope = sync ? context.makeCurrent() : null;
    Invocation invocation = new Invocation(ic.invocationId(), owner, span, context, scope, Instant.now());
    if (!Invocations.open(invocation)) {
      // Not tracked, so nothing would end it: log what there is now.
      span.end();
      if (scope != null) {
        scope.close();
      }
    }
  }

  private void issued(AiServiceRequestIssuedEvent e, Registration owner) {
    Invocation invocation = mine(e, owner);
    ChatRequest request = e.request();
    if (invocation == null || request == null) {
      return;
    }
    InvocationContext ic = e.invocationContext();
    synchronized (invocation) {
      if (invocation.llm != null) {
        invocation.llm.end(); // re-issued (a guardrail's reprompt) without its answer reported
      }
      invocation.llm = LlmSpans.start(tracer.get(), invocation.context, request.messages(),
          effective(ic.defaultRequestParameters(), request.parameters()), ic.modelProvider(), null);
      List<ChatMessage> messages = request.messages();
      Invocations.issue(invocation, messages.isEmpty() ? null : messages.get(messages.size() - 1));
    }
  }

  private void received(AiServiceResponseReceivedEvent e, Registration owner) {
    Invocation invocation = mine(e, owner);
    if (invocation == null || e.response() == null) {
      return;
    }
    Span llm;
    synchronized (invocation) {
      llm = invocation.llm;
      invocation.llm = null;
      Invocations.forgetIssued(invocation);
      if (llm == null && e.request() != null) { // issued before these listeners saw it
        InvocationContext ic = e.invocationContext();
        llm = LlmSpans.start(tracer.get(), invocation.context, e.request().messages(),
            effective(ic.defaultRequestParameters(), e.request().parameters()), ic.modelProvider(),
            invocation.lastStep);
      }
      invocation.lastStep = Instant.now();
    }
    if (llm != null) {
      LlmSpans.end(llm, e.response());
    }
  }

  private void toolExecuted(ToolExecutedEvent e, Registration owner) {
    Invocation invocation = mine(e, owner);
    ToolExecutionRequest request = e.request();
    if (invocation == null || request == null) {
      return;
    }
    Instant start;
    synchronized (invocation) {
      // LangChain4j reports a tool once it is done: it ran since the previous step ended.
      start = invocation.lastStep;
      invocation.lastStep = Instant.now();
    }
    if (invocation.unhook(request)) {
      return; // the tool hook made its span while it ran
    }
    SpanBuilder b = tracer.get()
        .spanBuilder(request.name() == null ? "tool" : request.name(), SpanType.TOOL)
        .setParent(invocation.context)
        .setInput(request.arguments())
        .setStartTimestamp(start);
    if (request.id() != null) {
      b.setToolCallId(request.id());
    }
    b.start().end(Messages.text(e.resultContents()));
  }

  private void completed(AiServiceCompletedEvent e, Registration owner) {
    Invocation invocation = mine(e, owner);
    if (invocation == null) {
      return;
    }
    Invocations.close(invocation.id);
    Span llm = takeLlm(invocation);
    if (llm != null) {
      llm.end();
    }
    Content output = output(e.result().orElse(null));
    if (output != null) {
      invocation.span.setOutput(output);
    }
    invocation.span.end();
    closeScope(invocation);
  }

  private void failed(AiServiceErrorEvent e, Registration owner) {
    InvocationContext ic = e.invocationContext();
    Throwable error = e.error();
    Invocation invocation = ic == null ? null : Invocations.get(ic.invocationId());
    if (invocation == null) {
      if (ic != null && error != null && !Invocations.known(ic.invocationId())
          && Invocations.claimEarlyFailure(ic.invocationId())) {
        // Failed before it started (a template or a parameter was wrong): still worth a span.
        fail(invocationSpan(ic, Context.current(), owner.offersTools(ic)).start(), error);
      }
      return;
    }
    if (invocation.owner != owner) {
      return;
    }
    Invocations.close(invocation.id);
    Span llm = takeLlm(invocation);
    if (llm != null && error != null) {
      LlmSpans.fail(llm, error);
    } else if (llm != null) {
      llm.end();
    }
    if (error != null) {
      fail(invocation.span, error);
    } else {
      invocation.span.end();
    }
    closeScope(invocation);
  }

  private SpanBuilder invocationSpan(InvocationContext ic, Context parent, boolean offersTools) {
    SpanBuilder b;
    if (offersTools || agentic(ic)) {
      b = tracer.get().spanBuilder(name(ic), SpanType.AGENT)
          .setAgentType(offersTools ? AgentType.REACT : AgentType.DEFAULT);
    } else {
      b = tracer.get().spanBuilder(name(ic), SpanType.WORKFLOW);
    }
    b.setParent(parent).setMetadata("ai_service", String.valueOf(ic.interfaceName()));
    if (ic.timestamp() != null) {
      b.setStartTimestamp(ic.timestamp());
    }
    memoryId(b, ic);
    return b;
  }

  /** The span of an agent of langchain4j-agentic: the agent's name and inputs, from its slot. */
  private SpanBuilder agentSpan(AgentSlot slot, InvocationContext ic, Context parent,
      boolean offersTools) {
    SpanBuilder b = tracer.get().spanBuilder(slot.name, SpanType.AGENT)
        .setAgentType(offersTools ? AgentType.REACT : AgentType.DEFAULT)
        .setParent(parent)
        .setStartTimestamp(slot.started)
        .setMetadata("ai_service", String.valueOf(ic.interfaceName()));
    if (slot.agentId != null) {
      b.setMetadata("agent_id", slot.agentId);
    }
    if (slot.input != null) {
      b.setInput(slot.input);
    }
    memoryId(b, ic);
    return b;
  }

  private static void memoryId(SpanBuilder b, InvocationContext ic) {
    Object memoryId = ic.chatMemoryId();
    if (memoryId != null && !"default".equals(memoryId)) {
      b.setMetadata("memory_id", String.valueOf(memoryId));
    }
  }

  private static Invocation mine(AiServiceEvent e, Registration owner) {
    InvocationContext ic = e.invocationContext();
    Invocation invocation = ic == null ? null : Invocations.get(ic.invocationId());
    return invocation != null && invocation.owner == owner ? invocation : null;
  }

  private static Span takeLlm(Invocation invocation) {
    synchronized (invocation) {
      Span llm = invocation.llm;
      invocation.llm = null;
      return llm;
    }
  }

  private static void fail(Span span, Throwable error) {
    Integer status = LlmSpans.httpStatus(error);
    if (status != null) {
      span.setStatusCode(status);
    }
    span.recordError(error);
    span.end();
  }

  /** Closes the invocation's scope; only its own thread can, and a sync invocation ends there. */
  private static void closeScope(Invocation invocation) {
    if (invocation.scope == null) {
      return;
    }
    if (Thread.currentThread() == invocation.thread) {
      invocation.scope.close();
    } else {
      Guard.warnOnce("scope.thread", "A synchronous LangChain4j AI Service invocation ended on"
          + " another thread than it started on; its span stays current on the starting thread"
          + " until that thread's enclosing scope closes");
    }
  }

  private static boolean streams(InvocationContext ic) {
    try {
      return ReturnsStream.of(ic);
    } catch (RuntimeException | LinkageError e) {
      Guard.failed("ReturnsStream", e);
      return true;
    }
  }

  /** Agents of langchain4j-agentic run with a managed scope: the only users of that mechanism. */
  private static boolean agentic(InvocationContext ic) {
    return ic.managedParameters() != null && !ic.managedParameters().isEmpty();
  }

  /** {@code Assistant.chat}: the interface's simple name and the method. */
  private static String name(InvocationContext ic) {
    String type = String.valueOf(ic.interfaceName());
    int start = Math.max(type.lastIndexOf('.'), type.lastIndexOf('$')) + 1;
    while (start < type.length() - 1 && Character.isDigit(type.charAt(start))) {
      start++; // a local interface: Outer$1Assistant
    }
    return type.substring(start) + "." + ic.methodName();
  }

  /** The parameters the model will use: its defaults, overridden by the request's own. */
  private static ChatRequestParameters effective(ChatRequestParameters defaults,
      ChatRequestParameters request) {
    if (defaults == null) {
      return request;
    }
    return request == null ? defaults : defaults.overrideWith(request);
  }

  /** What an invocation returned, as Galileo content. */
  static Content output(Object result) {
    if (result == null) {
      return null;
    }
    if (result instanceof String text) {
      return Content.text(text);
    }
    if (result instanceof Result<?> r) {
      return r.content() == null ? null : output(r.content());
    }
    if (result instanceof ChatResponse response) {
      return response.aiMessage() == null ? null : output(response.aiMessage());
    }
    if (result instanceof AiMessage message) {
      return Content.message(Messages.message(message));
    }
    return Content.text(String.valueOf(result));
  }
}
