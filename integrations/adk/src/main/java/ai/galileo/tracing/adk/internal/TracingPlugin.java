package ai.galileo.tracing.adk.internal;

import ai.galileo.tracing.AgentType;
import ai.galileo.tracing.Content;
import ai.galileo.tracing.Context;
import ai.galileo.tracing.Galileo;
import ai.galileo.tracing.LlmEvent;
import ai.galileo.tracing.Message;
import ai.galileo.tracing.Span;
import ai.galileo.tracing.SpanBuilder;
import ai.galileo.tracing.SpanType;
import ai.galileo.tracing.ToolDefinition;
import ai.galileo.tracing.Tracer;
import ai.galileo.tracing.adk.GalileoAdk;
import ai.galileo.tracing.core.internal.CoveredInstrumentation;
import ai.galileo.tracing.core.internal.ImplicitParent;
import com.google.adk.agents.BaseAgent;
import com.google.adk.agents.CallbackContext;
import com.google.adk.agents.InvocationContext;
import com.google.adk.agents.LlmAgent;
import com.google.adk.agents.LoopAgent;
import com.google.adk.agents.ParallelAgent;
import com.google.adk.agents.SequentialAgent;
import com.google.adk.models.LlmRequest;
import com.google.adk.models.LlmResponse;
import com.google.adk.plugins.BasePlugin;
import com.google.adk.sessions.Session;
import com.google.adk.tools.BaseTool;
import com.google.adk.tools.ToolContext;
import com.google.genai.types.GenerateContentConfig;
import com.google.genai.types.GenerateContentResponseUsageMetadata;
import io.reactivex.rxjava3.core.Completable;
import io.reactivex.rxjava3.core.Maybe;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;

/**
 * The ADK plugin behind {@link GalileoAdk}: ADK's callbacks before and after each run, agent,
 * model call and tool call, turned into Galileo spans.
 *
 * <ul>
 *   <li>An agent's span starts under its parent agent's (found by name in the run), the root
 *       agent's under what was current when the run began. Spans are given their parent
 *       explicitly, never through the thread's context, since ADK runs parallel branches and tools
 *       on its schedulers' threads.</li>
 *   <li>A tool's span is made current on the thread {@code beforeToolCallback} runs on, which is
 *       where ADK subscribes to the tool, and its scope closed when ADK reports the tool's end.</li>
 *   <li>Every callback answers "no change" ({@link Maybe#empty()}), so the plugin never alters what
 *       the agent does, and runs its work in a guard: a failure is logged once and goes no further.</li>
 * </ul>
 *
 * <p>Internal: not part of the public API and may change without notice.
 */
public final class TracingPlugin extends BasePlugin {
  /** ADK's OpenTelemetry instrumentation scope, whose spans log the same steps as this plugin. */
  public static final String ADK_OTEL_SCOPE = "gcp.vertex.agent";
  static final int MAX_OPEN_RUNS = 10_000;

  private final Tracer fixedTracer;
  private final ConcurrentHashMap<String, Run> runs = new ConcurrentHashMap<>();

  public TracingPlugin(Tracer tracer) {
    super(GalileoAdk.PLUGIN_NAME);
    this.fixedTracer = tracer;
    CoveredInstrumentation.cover(ADK_OTEL_SCOPE);
  }

  private Tracer tracer() {
    Tracer t = fixedTracer;
    return t != null ? t : Galileo.tracer();
  }

  /** Runs open now; for tests. */
  int openRuns() {
    return runs.size();
  }

  // ---- runs

  @Override
  public Maybe<com.google.genai.types.Content> beforeRunCallback(InvocationContext invocation) {
    Guard.run("beforeRunCallback", () -> {
      if (invocation != null && invocation.invocationId() != null) {
        begin(invocation, false);
      }
    });
    return Maybe.empty();
  }

  @Override
  public Completable afterRunCallback(InvocationContext invocation) {
    Guard.run("afterRunCallback", () -> endRun(invocation, null));
    return Completable.complete();
  }

  @Override
  public Completable onRunErrorCallback(InvocationContext invocation, Throwable error) {
    Guard.run("onRunErrorCallback", () -> endRun(invocation, error));
    return Completable.complete();
  }

  private Run begin(InvocationContext invocation, boolean implicit) {
    if (runs.size() >= MAX_OPEN_RUNS) {
      Guard.warnOnce("runs.full", "More than " + MAX_OPEN_RUNS + " ADK runs are open at once (or"
          + " never reported their end); new ones are not logged until some end");
      return null;
    }
    Session session = invocation.session();
    String adkSession = session == null ? null : session.id();
    String user = invocation.userContent().map(GenAi::text).orElse(null);
    Run run = new Run(callerContext(), sessionUuid(invocation.appName(), invocation.userId(), adkSession),
        adkSession, user, implicit);
    Run earlier = runs.putIfAbsent(invocation.invocationId(), run);
    return earlier != null ? earlier : run;
  }

  private void endRun(InvocationContext invocation, Throwable error) {
    if (invocation == null || invocation.invocationId() == null) {
      return;
    }
    Run run = runs.remove(invocation.invocationId());
    if (run != null) {
      run.endAll(error);
    }
  }

  /** The run of this context, begun now when no {@code beforeRunCallback} began it. */
  private Run run(InvocationContext invocation) {
    if (invocation == null || invocation.invocationId() == null) {
      return null;
    }
    Run run = runs.get(invocation.invocationId());
    return run != null ? run : begin(invocation, true);
  }

  /**
   * What the run nests under: Galileo's current span, or what the OpenTelemetry bridge answers for
   * an OpenTelemetry span current now (the bridge skips ADK's own).
   */
  private static Context callerContext() {
    Context current = Context.current();
    UnaryOperator<Span> resolver = ImplicitParent.installed();
    if (resolver == null) {
      return current;
    }
    Span parent = resolver.apply(current.span());
    return parent == null || parent == current.span() ? current : current.with(parent);
  }

  /** ADK's session id as Galileo's: itself when it is a UUID, else a UUID made from it. */
  static UUID sessionUuid(String app, String user, String session) {
    if (session == null || session.isEmpty()) {
      return null;
    }
    try {
      return UUID.fromString(session);
    } catch (IllegalArgumentException notAUuid) {
      return UUID.nameUUIDFromBytes(("adk-session:" + app + "/" + user + "/" + session)
          .getBytes(StandardCharsets.UTF_8));
    }
  }

  // ---- agents

  @Override
  public Maybe<com.google.genai.types.Content> beforeAgentCallback(BaseAgent agent, CallbackContext context) {
    Guard.run("beforeAgentCallback", () -> {
      if (agent == null || context == null || agent.name() == null) {
        return;
      }
      Run run = run(context.invocationContext());
      if (run == null) {
        return;
      }
      SpanBuilder b = tracer().spanBuilder(agent.name(), SpanType.AGENT)
          .setParent(agentParent(run, agent))
          .setAgentType(type(agent))
          .setMetadata("adk_agent", agent.getClass().getSimpleName());
      if (run.sessionId != null) {
        b.setSessionId(run.sessionId).setMetadata("adk_session_id", run.adkSessionId);
      }
      if (run.userMessage != null) {
        b.setInput(run.userMessage);
      }
      Span earlier = run.agents.put(agent.name(), b.start());
      if (earlier != null) {
        earlier.end(); // an earlier run of it (a loop's) that never reported its end
      }
    });
    return Maybe.empty();
  }

  @Override
  public Maybe<com.google.genai.types.Content> afterAgentCallback(BaseAgent agent, CallbackContext context) {
    Guard.run("afterAgentCallback", () -> {
      if (agent == null || context == null || agent.name() == null) {
        return;
      }
      InvocationContext invocation = context.invocationContext();
      Run run = invocation == null ? null : runs.get(invocation.invocationId());
      if (run == null) {
        return;
      }
      Span span = run.agents.remove(agent.name());
      if (span != null) {
        String answer = run.answers.remove(agent.name());
        if (answer != null) {
          span.setOutput(answer);
        }
        span.end();
      }
      if (run.implicit && (agent.parentAgent() == null || !run.agents.containsKey(agent.parentAgent().name()))) {
        runs.remove(invocation.invocationId(), run); // the top agent of a run outside a Runner
        run.endAll(null);
      }
    });
    return Maybe.empty();
  }

  private static Context agentParent(Run run, BaseAgent agent) {
    for (BaseAgent a = agent.parentAgent(); a != null; a = a.parentAgent()) {
      Span parent = run.agents.get(a.name());
      if (parent != null) {
        return run.parent.with(parent);
      }
    }
    return run.parent;
  }

  static AgentType type(BaseAgent agent) {
    if (agent instanceof SequentialAgent || agent instanceof ParallelAgent) {
      return AgentType.PLANNER; // runs a fixed plan of sub-agents
    }
    if (agent instanceof LoopAgent) {
      return AgentType.REFLECTION; // repeats until a sub-agent escalates
    }
    if (agent instanceof LlmAgent llm) {
      if (!llm.toolsUnion().isEmpty()) {
        return AgentType.REACT;
      }
      if (!llm.subAgents().isEmpty()) {
        return AgentType.SUPERVISOR; // its model transfers to the sub-agents
      }
    }
    return AgentType.DEFAULT;
  }

  // ---- model calls

  @Override
  public Maybe<LlmResponse> beforeModelCallback(CallbackContext context, LlmRequest.Builder request) {
    Guard.run("beforeModelCallback", () -> {
      if (context == null || request == null) {
        return;
      }
      Run run = run(context.invocationContext());
      if (run == null) {
        return;
      }
      LlmRequest r = request.build();
      Optional<GenerateContentConfig> config = r.config();
      String model = r.model().orElse(null);
      Span agent = run.agents.get(String.valueOf(context.agentName()));
      SpanBuilder b = tracer().spanBuilder(model == null ? "generate_content" : "generate_content " + model,
              SpanType.LLM)
          .setParent(agent != null ? run.parent.with(agent) : run.parent)
          .setInput(Content.messages(GenAi.requestMessages(config, r.contents())));
      if (model != null) {
        b.setModel(model);
      }
      Span span = b.start();
      config.flatMap(GenerateContentConfig::temperature).ifPresent(span::setTemperature);
      List<ToolDefinition> tools = GenAi.tools(config);
      if (!tools.isEmpty()) {
        span.setTools(tools);
      }
      Span earlier = run.models.put(modelKey(context), span);
      if (earlier != null) {
        earlier.end();
      }
    });
    return Maybe.empty();
  }

  @Override
  public Maybe<LlmResponse> afterModelCallback(CallbackContext context, LlmResponse response) {
    Guard.run("afterModelCallback", () -> {
      if (context == null || response == null || response.partial().orElse(false)) {
        return; // a streamed chunk: the aggregated response follows
      }
      Run run = runs.get(context.invocationId());
      Span span = run == null ? null : run.models.remove(modelKey(context));
      if (span == null) {
        return;
      }
      describe(span, response);
      span.end();
      response.content().ifPresent(c -> {
        String text = GenAi.text(c);
        if (!text.isEmpty() && !GenAi.hasFunctionCall(c)) {
          rememberAnswer(run, context, text);
        }
      });
    });
    return Maybe.empty();
  }

  @Override
  public Maybe<LlmResponse> onModelErrorCallback(CallbackContext context, LlmRequest.Builder request,
      Throwable error) {
    Guard.run("onModelErrorCallback", () -> {
      if (context == null) {
        return;
      }
      Run run = runs.get(context.invocationId());
      Span span = run == null ? null : run.models.remove(modelKey(context));
      if (span != null) {
        if (error != null) {
          span.recordError(error);
        }
        span.end();
      }
    });
    return Maybe.empty();
  }

  private static String modelKey(CallbackContext context) {
    String event = context.eventId();
    return event != null ? event : "agent:" + context.agentName();
  }

  private static void describe(Span span, LlmResponse response) {
    response.content().ifPresent(c -> {
      Message answer = GenAi.answer(c);
      if (answer != null) {
        span.setOutput(Content.message(answer));
      }
      for (LlmEvent e : GenAi.reasoning(c)) {
        span.addEvent(e);
      }
    });
    response.usageMetadata().ifPresent(u -> tokens(span, u));
    response.finishReason().ifPresent(f -> span.setFinishReason(f.toString().toLowerCase(Locale.ROOT)));
    response.modelVersion().ifPresent(span::setModel);
    if (response.errorCode().isPresent() || response.errorMessage().isPresent()) {
      span.setStatusCode(500);
      response.errorCode().ifPresent(code -> span.setMetadata("error_code", code.toString()));
      response.errorMessage().ifPresent(m -> span.setMetadata("error_message", m));
    }
  }

  private static void tokens(Span span, GenerateContentResponseUsageMetadata usage) {
    Optional<Integer> prompt = usage.promptTokenCount();
    Optional<Integer> answer = usage.candidatesTokenCount();
    if (prompt.isPresent() || answer.isPresent()) {
      // Gemini counts thinking apart from the answer, and bills it as output.
      long out = answer.orElse(0) + usage.thoughtsTokenCount().orElse(0);
      span.setTokens(prompt.orElse(0), out);
    }
    usage.totalTokenCount().ifPresent(span::setTotalTokens);
  }

  /** The answer becomes the output of its agent and of the agents around it, until a later one. */
  private static void rememberAnswer(Run run, CallbackContext context, String text) {
    InvocationContext invocation = context.invocationContext();
    BaseAgent agent = invocation == null ? null : invocation.agent();
    for (BaseAgent a = agent; a != null; a = a.parentAgent()) {
      if (a.name() != null) {
        run.answers.put(a.name(), text);
      }
    }
  }

  // ---- tool calls

  @Override
  public Maybe<Map<String, Object>> beforeToolCallback(BaseTool tool, Map<String, Object> args,
      ToolContext context) {
    Guard.run("beforeToolCallback", () -> {
      if (tool == null || context == null || tool.name() == null) {
        return;
      }
      Run run = run(context.invocationContext());
      if (run == null) {
        return;
      }
      Span agent = run.agents.get(String.valueOf(context.agentName()));
      SpanBuilder b = tracer().spanBuilder(tool.name(), SpanType.TOOL)
          .setParent(agent != null ? run.parent.with(agent) : run.parent)
          .setInput(GenAi.json(args));
      String callId = context.functionCallId().orElse(null);
      if (callId != null && !callId.isEmpty()) {
        b.setToolCallId(callId);
      }
      Span span = b.start();
      OpenTool earlier = run.tools.put(new Run.ToolKey(context), new OpenTool(span, span.makeCurrent()));
      if (earlier != null) {
        earlier.end(null, null, false);
      }
    });
    return Maybe.empty();
  }

  @Override
  public Maybe<Map<String, Object>> afterToolCallback(BaseTool tool, Map<String, Object> args,
      ToolContext context, Map<String, Object> result) {
    Guard.run("afterToolCallback", () -> endTool(context, result, null));
    return Maybe.empty();
  }

  @Override
  public Maybe<Map<String, Object>> onToolErrorCallback(BaseTool tool, Map<String, Object> args,
      ToolContext context, Throwable error) {
    Guard.run("onToolErrorCallback", () -> endTool(context, null,
        error != null ? error : new IllegalStateException("the tool failed without an exception")));
    return Maybe.empty();
  }

  /**
   * ADK's tools report a failure as a result rather than an exception: {@code FunctionTool} answers
   * {@code {"status":"error",...}} for a method that threw, and ADK's documentation asks tools to
   * do the same.
   */
  private static boolean reportsError(Map<String, Object> result) {
    return result != null && "error".equals(result.get("status"));
  }

  private void endTool(ToolContext context, Map<String, Object> result, Throwable error) {
    if (context == null) {
      return;
    }
    Run run = runs.get(context.invocationId());
    OpenTool open = run == null ? null : run.tools.remove(new Run.ToolKey(context));
    if (open != null) {
      open.end(error == null ? GenAi.json(result) : null, error, error == null && reportsError(result));
    }
  }
}
