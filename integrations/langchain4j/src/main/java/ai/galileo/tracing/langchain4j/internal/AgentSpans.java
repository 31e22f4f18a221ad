package ai.galileo.tracing.langchain4j.internal;

import ai.galileo.tracing.AgentType;
import ai.galileo.tracing.Content;
import ai.galileo.tracing.Context;
import ai.galileo.tracing.ContextKey;
import ai.galileo.tracing.Scope;
import ai.galileo.tracing.Span;
import ai.galileo.tracing.SpanBuilder;
import ai.galileo.tracing.SpanType;
import dev.langchain4j.agentic.agent.AgentInvocationException;
import dev.langchain4j.agentic.observability.AgentInvocationError;
import dev.langchain4j.agentic.observability.AgentListener;
import dev.langchain4j.agentic.observability.AgentRequest;
import dev.langchain4j.agentic.observability.AgentResponse;
import dev.langchain4j.agentic.planner.AgentInstance;
import dev.langchain4j.agentic.planner.AgenticSystemTopology;
import dev.langchain4j.agentic.scope.AgenticScope;
import dev.langchain4j.agentic.supervisor.SupervisorPlanner;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.UndeclaredThrowableException;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@code langchain4j-agentic}'s agent invocations as {@code AGENT} spans, nested as they ran,
 * through its {@link AgentListener}: LangChain4j calls {@code beforeAgentInvocation} and then
 * {@code afterAgentInvocation} (or {@code onAgentInvocationError}) on the thread that runs the
 * agent, so the span is current on that thread while the agent runs and whatever the agent does
 * (its sub-agents, its AI Service, its tools) nests under it.
 *
 * <ul>
 *   <li>The agent type comes from the pattern: a sequence and a parallel run a fixed plan
 *       ({@code planner}), a loop revises until its condition holds ({@code reflection}), a
 *       conditional routes ({@code router}), a supervisor ({@code supervisor}); an AI agent is
 *       {@code react} when it offers tools, {@code default} otherwise; any other agent (a plain
 *       method, a human in the loop) {@code default}.</li>
 *   <li>An AI agent's span is its AI Service invocation's, handed over through an
 *       {@link AgentSlot}: the AI Service side knows whether tools are offered. If no traced
 *       invocation takes the slot (the AI Service listeners are off), the agent is logged when it
 *       ends.</li>
 *   <li>Parallel sub-agents run on an executor's threads, where nothing is current: their parent
 *       is found by the parent agent's id in the agentic scope.</li>
 *   <li>Input: the agent's named arguments, read from the agentic scope, as JSON; output: what it
 *       returned.</li>
 * </ul>
 *
 * <p>Several instances of this listener on one system (inherited and registered again) log each
 * invocation once. A listener failure is contained: LangChain4j logs listener failures at ERROR,
 * so nothing of this reaches it.
 *
 * <p>Internal: not part of the public API and may change without notice.
 */
public final class AgentSpans implements AgentListener {
  static final int MAX_OPEN = 10_000;

  /** The agentic scope an agent span's context belongs to, compared by identity. */
  private static final ContextKey<Object> AGENTIC_SCOPE = ContextKey.named("galileo.langchain4j.agenticScope");

  /** The agents running on each thread, innermost first; shared, so two listeners log once. */
  private static final ThreadLocal<Deque<Frame>> RUNNING = ThreadLocal.withInitial(ArrayDeque::new);
  /** The agents running anywhere, by agentic scope and agent id: parents for other threads. */
  private static final ConcurrentHashMap<Key, Frame> BY_AGENT = new ConcurrentHashMap<>();

  private final TracerRef tracer;

  public AgentSpans(TracerRef tracer) {
    this.tracer = tracer;
  }

  @Override
  public boolean inheritedBySubagents() {
    return true; // one listener on the top agent traces the whole system
  }

  @Override
  public void beforeAgentInvocation(AgentRequest request) {
    Guard.run("AgentListener.beforeAgentInvocation", () -> before(request));
  }

  @Override
  public void afterAgentInvocation(AgentResponse response) {
    Guard.run("AgentListener.afterAgentInvocation", () -> {
      Frame frame = finish(response.agenticScope(), response.agent());
      if (frame != null) {
        frame.end(tracer, output(response.output()), null);
      }
    });
  }

  @Override
  public void onAgentInvocationError(AgentInvocationError error) {
    Guard.run("AgentListener.onAgentInvocationError", () -> {
      Frame frame = finish(error.agenticScope(), error.agent());
      if (frame != null) {
        frame.end(tracer, null, cause(error.error()));
      }
    });
  }

  @Override
  public void onAgenticSystemSuspended(AgenticScope agenticScope) {
    // The suspended agents will not report their end: end what runs here, keep nothing open.
    Guard.run("AgentListener.onAgenticSystemSuspended", () -> {
      Deque<Frame> running = RUNNING.get();
      Frame outermost = null;
      for (Iterator<Frame> it = running.iterator(); it.hasNext(); ) {
        Frame f = it.next();
        if (f.key.scope().ref() == agenticScope) {
          it.remove();
          BY_AGENT.remove(f.key, f);
          f.suspend();
          outermost = f;
        }
      }
      if (outermost != null) {
        outermost.scope.close(); // and any opened after it
      }
    });
  }

  private void before(AgentRequest request) {
    AgentInstance agent = request.agent();
    Object agenticScope = request.agenticScope();
    if (agent == null) {
      return;
    }
    Key key = new Key(new Identity(agenticScope), agent.agentId());
    Deque<Frame> running = RUNNING.get();
    Frame top = running.peek();
    if (top != null && top.key.equals(key)) {
      return; // another instance of this listener on the same agent: logged once
    }
    if (BY_AGENT.size() >= MAX_OPEN) {
      Guard.warnOnce("agents.full", "More than " + MAX_OPEN + " langchain4j-agentic agents are"
          + " running at once (or never reported their end); new ones are not logged until some end");
      return;
    }
    Context parent = parent(agent, agenticScope, key);
    String name = agent.name() != null ? agent.name() : String.valueOf(agent.agentId());
    Content input = input(request.inputs());
    Frame frame;
    if (agent.topology() == AgenticSystemTopology.AI_AGENT) {
      AgentSlot slot = new AgentSlot(name, agent.agentId(), input, Instant.now());
      Context context = parent.with(AGENTIC_SCOPE, agenticScope).with(AgentSlot.KEY, slot);
      frame = new Frame(key, parent, null, slot, context.makeCurrent(), context);
    } else {
      SpanBuilder b = tracer.get().spanBuilder(name, SpanType.AGENT)
          .setAgentType(type(agent))
          .setParent(parent)
          .setMetadata("topology", agent.topology().name().toLowerCase(Locale.ROOT));
      if (agent.agentId() != null) {
        b.setMetadata("agent_id", agent.agentId());
      }
      if (input != null) {
        b.setInput(input);
      }
      Span span = b.start();
      Context context = parent.with(AGENTIC_SCOPE, agenticScope).with(span);
      frame = new Frame(key, parent, span, null, context.makeCurrent(), context);
    }
    running.push(frame);
    BY_AGENT.put(key, frame);
  }

  /**
   * Where an agent's span starts: the current context when it belongs to this agentic system (the
   * agent runs on its parent's thread, or in its parent's tool), else the parent agent's context
   * (a parallel sub-agent, on an executor's thread), else the caller's (the top agent).
   */
  private static Context parent(AgentInstance agent, Object agenticScope, Key key) {
    Context current = Context.current();
    if (current.get(AGENTIC_SCOPE) == agenticScope) {
      return current;
    }
    AgentInstance parentAgent = agent.parent();
    if (parentAgent != null) {
      Frame parent = BY_AGENT.get(new Key(key.scope(), parentAgent.agentId()));
      if (parent != null) {
        return parent.childContext();
      }
    }
    return current;
  }

  /** Takes the agent's frame (and any left open inside it) off this thread; null if not ours. */
  private static Frame finish(Object agenticScope, AgentInstance agent) {
    if (agent == null) {
      return null;
    }
    Key key = new Key(new Identity(agenticScope), agent.agentId());
    Deque<Frame> running = RUNNING.get();
    boolean found = false;
    for (Frame f : running) {
      if (f.key.equals(key)) {
        found = true;
        break;
      }
    }
    if (!found) {
      return null; // already ended (a second listener of ours), or began before tracing did
    }
    while (true) {
      Frame f = running.pop();
      BY_AGENT.remove(f.key, f);
      if (f.key.equals(key)) {
        return f; // closing its scope discards the scopes of frames left open inside it
      }
      f.suspend(); // an inner agent that never reported its end
    }
  }

  static AgentType type(AgentInstance agent) {
    Class<?> planner = agent.plannerType();
    if (planner != null && SupervisorPlanner.class.isAssignableFrom(planner)) {
      return AgentType.SUPERVISOR;
    }
    // By name, so that a topology a later release adds or drops cannot break the mapping.
    return switch (agent.topology().name()) {
      case "SEQUENCE", "PARALLEL" -> AgentType.PLANNER;
      case "LOOP" -> AgentType.REFLECTION;
      case "ROUTER" -> AgentType.ROUTER;
      case "STAR" -> AgentType.SUPERVISOR;
      default -> AgentType.DEFAULT;
    };
  }

  /** The agent's named arguments as JSON, the agentic scope itself left out. */
  private static Content input(Map<String, Object> inputs) {
    if (inputs == null || inputs.isEmpty()) {
      return null;
    }
    Map<String, Object> shown = new LinkedHashMap<>();
    inputs.forEach((k, v) -> {
      if (!(v instanceof AgenticScope)) {
        shown.put(k, v);
      }
    });
    return shown.isEmpty() ? null : Content.text(JsonText.value(shown));
  }

  private static Content output(Object output) {
    if (output == null) {
      return null;
    }
    if (output instanceof CharSequence text) {
      return Content.text(text.toString());
    }
    return Content.text(JsonText.value(output));
  }

  /** The agent's own exception, not the wrappers LangChain4j and reflection put around it. */
  static Throwable cause(Throwable error) {
    Throwable t = error;
    for (int depth = 0; depth < 8 && t != null && t.getCause() != null
        && (t instanceof AgentInvocationException || t instanceof InvocationTargetException
            || t instanceof UndeclaredThrowableException); depth++) {
      t = t.getCause();
    }
    return t;
  }

  /** One agentic scope (by identity) and agent id. */
  private record Key(Identity scope, String agentId) {}

  /** One running agent: its span (or the slot its AI Service takes), and its scope on this thread. */
  private static final class Frame {
    final Key key;
    final Context parent;
    final Span span;
    final AgentSlot slot;
    final Scope scope;
    final Context context;

    Frame(Key key, Context parent, Span span, AgentSlot slot, Scope scope, Context context) {
      this.key = key;
      this.parent = parent;
      this.span = span;
      this.slot = slot;
      this.scope = scope;
      this.context = context;
    }

    /** Where the agent's children start: under its span, or its AI Service's once that took it. */
    Context childContext() {
      Span s = span != null ? span : slot.span();
      return s == null ? context : context.with(AgentSlot.KEY, null).with(s);
    }

    void end(TracerRef tracer, Content output, Throwable error) {
      scope.close();
      if (span != null) {
        if (error != null) {
          span.recordError(error);
        } else if (output != null) {
          span.setOutput(output);
        }
        span.end();
      } else if (slot.span() == null) {
        // No traced AI Service invocation took the slot: log the agent now, from what is known.
        SpanBuilder b = tracer.get().spanBuilder(slot.name, SpanType.AGENT)
            .setAgentType(AgentType.DEFAULT)
            .setParent(parent)
            .setStartTimestamp(slot.started);
        if (slot.agentId != null) {
          b.setMetadata("agent_id", slot.agentId);
        }
        if (slot.input != null) {
          b.setInput(slot.input);
        }
        Span late = b.start();
        if (error != null) {
          late.recordError(error);
        } else if (output != null) {
          late.setOutput(output);
        }
        late.end();
      }
      // else the AI Service invocation's span: its own events ended it.
    }

    /** Ends an agent that will not report its end (suspended, or left open by an inner failure). */
    void suspend() {
      if (span != null) {
        span.setMetadata("agent_status", "suspended");
        span.end();
      }
    }
  }
}
