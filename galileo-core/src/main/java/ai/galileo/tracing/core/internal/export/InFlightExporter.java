package ai.galileo.tracing.core.internal.export;

import ai.galileo.tracing.core.export.ExportResult;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * An exporter that keeps several requests in flight: {@link
 * ai.galileo.tracing.core.export.SpanExporter#export} hands requests out and returns, and their
 * results arrive later. The export pipeline connects it once, before the first export, and then
 * counts what is in flight as pending, and waits for it on flush and shutdown.
 *
 * <p>Internal: not part of the public API and may change without notice.
 */
public interface InFlightExporter {

  /**
   * From now on, requests go out concurrently and each one's result goes to {@code results} when
   * it completes, on whatever thread completed it; what {@code export} and {@code flush} return
   * covers only what they did themselves. Called once, before the first export.
   */
  void sendConcurrently(Consumer<ExportResult> results);

  /** Final snapshots in requests handed out and not answered yet. */
  int inFlight();

  /**
   * Waits until no request is in flight, at most until {@code deadline} ({@link System#nanoTime()}).
   *
   * @return true if none is left
   * @throws InterruptedException if the waiting thread is interrupted
   */
  boolean awaitInFlight(long deadline) throws InterruptedException;

  /**
   * Waits until the requests of one trace handed out so far have been answered, at most until
   * {@code deadline} ({@link System#nanoTime()}); other traces' requests are not waited for. An
   * exporter that does not track requests by trace waits for all of them.
   *
   * @return true if none of the trace's is left
   * @throws InterruptedException if the waiting thread is interrupted
   */
  default boolean awaitTrace(UUID traceId, long deadline) throws InterruptedException {
    return awaitInFlight(deadline);
  }
}
