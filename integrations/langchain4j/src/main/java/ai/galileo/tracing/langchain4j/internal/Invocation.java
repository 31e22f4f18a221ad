package ai.galileo.tracing.langchain4j.internal;

import ai.galileo.tracing.Context;
import ai.galileo.tracing.Scope;
import ai.galileo.tracing.Span;
import java.time.Instant;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;
import java.util.UUID;

/**
 * One AI Service invocation being traced: its span, the context its children start in, and the
 * step in flight. Events of a streaming invocation arrive on the model client's threads, and
 * concurrent tools run on an executor's, so the mutable fields are guarded by the object's lock.
 *
 * <p>Internal: not part of the public API and may change without notice.
 */
final class Invocation {
  final UUID id;
  /** The listeners that log it; others registered on the same AI Service stand by. */
  final AiServiceTracing.Registration owner;
  final Span span;
  /** The caller's context with {@link #span} in it: where LLM, tool and retriever spans start. */
  final Context context;
  /** Open on {@link #thread} from start to end of a synchronous invocation; null for streaming. */
  final Scope scope;
  final Thread thread;

  /** The LLM call issued and not yet answered, or null. */
  Span llm;
  /** The last message of that call's request, by which the model's own listener recognises it. */
  Object issued;
  /** When the last step ended: where a tool's span starts, since LangChain4j reports it done. */
  Instant lastStep;
  /** Tool requests whose TOOL span the executor hook made, by identity; null when none. */
  private Set<Object> hooked;

  Invocation(UUID id, AiServiceTracing.Registration owner, Span span, Context context, Scope scope,
      Instant started) {
    this.id = id;
    this.owner = owner;
    this.span = span;
    this.context = context;
    this.scope = scope;
    this.thread = Thread.currentThread();
    this.lastStep = started;
  }

  /** Notes that the executor hook traces this tool request, so its event adds no span. */
  synchronized void hooked(Object request) {
    if (hooked == null) {
      hooked = Collections.newSetFromMap(new IdentityHashMap<>(4));
    }
    hooked.add(request);
  }

  /** True (once) when the executor hook traced this request. */
  synchronized boolean unhook(Object request) {
    return hooked != null && hooked.remove(request);
  }
}
