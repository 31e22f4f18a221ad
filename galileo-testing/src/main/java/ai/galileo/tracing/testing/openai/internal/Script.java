package ai.galileo.tracing.testing.openai.internal;

import ai.galileo.tracing.testing.openai.Endpoint;
import ai.galileo.tracing.testing.openai.RecordedRequest;
import ai.galileo.tracing.testing.openai.Reply;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.LinkedList;
import java.util.List;
import java.util.function.UnaryOperator;

/** The queued replies and the recorded requests, shared by the handler's threads and the test. */
public final class Script {
  private final Deque<Reply> replies = new ArrayDeque<>();
  private final LinkedList<RecordedRequest> requests = new LinkedList<>();
  private final int maxRecorded;
  private long received;

  public Script(int maxRecorded) {
    this.maxRecorded = maxRecorded;
  }

  public synchronized void enqueue(Reply reply) {
    replies.addLast(reply);
  }

  /**
   * Replaces the reply queued last with what {@code change} makes of it.
   *
   * @throws IllegalStateException when no reply is queued
   */
  public synchronized void changeLast(UnaryOperator<Reply> change) {
    Reply last = replies.peekLast();
    if (last == null) {
      throw new IllegalStateException("no reply is queued: script an answer, tool calls or a failure first");
    }
    Reply changed = change.apply(last); // may throw: then the queue stays as it was
    replies.pollLast();
    replies.addLast(changed);
  }

  /** The first queued reply meant for this endpoint, removed; null when there is none. */
  public synchronized Reply take(Endpoint endpoint) {
    for (Iterator<Reply> it = replies.iterator(); it.hasNext(); ) {
      Reply r = it.next();
      if (r.endpoints().contains(endpoint)) {
        it.remove();
        return r;
      }
    }
    return null;
  }

  public synchronized List<Reply> pending() {
    return List.copyOf(replies);
  }

  public synchronized void record(RecordedRequest request) {
    received++;
    requests.addLast(request);
    if (requests.size() > maxRecorded) {
      requests.removeFirst();
    }
  }

  public synchronized List<RecordedRequest> requests() {
    return List.copyOf(new ArrayList<>(requests));
  }

  /** Every request received, also those no longer kept. */
  public synchronized long received() {
    return received;
  }

  public synchronized void reset() {
    replies.clear();
    requests.clear();
    received = 0;
  }
}
