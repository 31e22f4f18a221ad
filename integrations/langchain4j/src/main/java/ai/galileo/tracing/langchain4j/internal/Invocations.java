package ai.galileo.tracing.langchain4j.internal;

import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The AI Service invocations in flight, process-wide, by LangChain4j's invocation id; and the
 * requests they issued, by the identity of the request's last message. LangChain4j passes no
 * attributes from an AI Service to the model call it makes, but the model's request carries the
 * very message objects the AI Service put in it, so the model's listener can tell a call an AI
 * Service issued (and already logs) from one made directly.
 *
 * <p>Process-wide, so that several instances of the listeners (discovered and registered by hand)
 * trace each invocation once: the first to see it owns it. Bounded: an invocation whose end never
 * comes (a {@code TokenStream} that is never started) cannot pile up.
 *
 * <p>Internal: not part of the public API and may change without notice.
 */
final class Invocations {
  static final int MAX_OPEN = 10_000;

  private static final ConcurrentHashMap<UUID, Invocation> OPEN = new ConcurrentHashMap<>();
  private static final ConcurrentHashMap<Identity, Invocation> ISSUED = new ConcurrentHashMap<>();
  /** Invocations that failed before they started, logged by the first listeners told. */
  private static final Set<UUID> FAILED_EARLY = ConcurrentHashMap.newKeySet();

  private Invocations() {}

  static Invocation get(UUID id) {
    return id == null ? null : OPEN.get(id);
  }

  /** True when {@code id} is traced already (by this or another instance). */
  static boolean known(UUID id) {
    return OPEN.containsKey(id);
  }

  /**
   * True when too many invocations are open to track another (TokenStreams that were never
   * started?): new ones go unlogged, and their LLM calls are logged by the model's listener.
   */
  static boolean full() {
    if (OPEN.size() < MAX_OPEN) {
      return false;
    }
    Guard.warnOnce("invocations.full", "More than " + MAX_OPEN + " LangChain4j AI Service"
        + " invocations are open at once (TokenStreams that were never started?); new ones are"
        + " not logged until some end");
    return true;
  }

  /** True for the first caller of an invocation that failed before it started. */
  static boolean claimEarlyFailure(UUID id) {
    if (FAILED_EARLY.size() >= MAX_OPEN) {
      FAILED_EARLY.clear(); // only duplicates of long-gone failures are at stake
    }
    return id != null && FAILED_EARLY.add(id);
  }

  /** Registers the invocation; false when another instance registered it first. */
  static boolean open(Invocation invocation) {
    return OPEN.putIfAbsent(invocation.id, invocation) == null;
  }

  static Invocation close(UUID id) {
    Invocation invocation = id == null ? null : OPEN.remove(id);
    if (invocation != null) {
      synchronized (invocation) {
        forgetIssued(invocation);
      }
    }
    return invocation;
  }

  /** Records the request the invocation is issuing; the caller holds its lock. */
  static void issue(Invocation invocation, Object lastMessage) {
    forgetIssued(invocation);
    if (lastMessage != null) {
      invocation.issued = lastMessage;
      ISSUED.put(new Identity(lastMessage), invocation);
    }
  }

  /** Forgets the request in flight; the caller holds the invocation's lock. */
  static void forgetIssued(Invocation invocation) {
    if (invocation.issued != null) {
      ISSUED.remove(new Identity(invocation.issued), invocation);
      invocation.issued = null;
    }
  }

  /** The invocation that issued a request ending with this very message, or null. */
  static Invocation issued(Object lastMessage) {
    return ISSUED.isEmpty() || lastMessage == null ? null : ISSUED.get(new Identity(lastMessage));
  }
}
