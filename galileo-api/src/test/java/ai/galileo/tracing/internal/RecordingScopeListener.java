package ai.galileo.tracing.internal;

import ai.galileo.tracing.Context;
import java.util.ArrayList;
import java.util.List;

/**
 * Installed for this module's tests through {@code META-INF/services}: records, on a thread that
 * asked for it, each attach (as "attach NAME") and each restore (as "restore NAME", the name of the
 * span whose state it puts back). Other threads and tests see a listener that does nothing.
 */
public final class RecordingScopeListener implements ScopeListener {
  private static final ThreadLocal<List<String>> EVENTS = new ThreadLocal<>();
  /** The state a restore must put back: the name of the span current before the attach. */
  private static final ThreadLocal<String> STATE = new ThreadLocal<>();

  static List<String> startRecording() {
    List<String> events = new ArrayList<>();
    EVENTS.set(events);
    STATE.set("none");
    return events;
  }

  static void stopRecording() {
    EVENTS.remove();
    STATE.remove();
  }

  /** What the listener's state on this thread is now: the span name last attached or restored. */
  static String state() {
    return STATE.get();
  }

  @Override
  public Object attached(Context context) {
    List<String> events = EVENTS.get();
    if (events == null) {
      return null;
    }
    String before = STATE.get();
    String name = context.span().context().isValid() ? context.span().context().spanIdString() : "none";
    events.add("attach " + name);
    STATE.set(name);
    return before;
  }

  @Override
  public void restore(Object saved) {
    List<String> events = EVENTS.get();
    if (events == null) {
      return;
    }
    events.add("restore " + saved);
    STATE.set((String) saved);
  }
}
