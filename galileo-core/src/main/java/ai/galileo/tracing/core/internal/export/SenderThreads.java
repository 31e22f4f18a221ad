package ai.galileo.tracing.core.internal.export;

import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The threads an exporter sends its requests on: as many as requests may be in flight, made on
 * demand and gone after 30 s idle, so a request never waits for a thread and a quiet tracer keeps
 * none. Daemon threads with no context class loader, which would pin a web application's.
 *
 * <p>Internal: not part of the public API and may change without notice.
 */
public final class SenderThreads {
  private SenderThreads() {}

  /**
   * A pool of at most {@code max} sender threads.
   *
   * @param name the threads' name, followed by a number
   * @param max requests in flight at most
   */
  public static ThreadPoolExecutor pool(String name, int max) {
    AtomicInteger n = new AtomicInteger();
    ThreadPoolExecutor senders = new ThreadPoolExecutor(max, max, 30, TimeUnit.SECONDS,
        new LinkedBlockingQueue<>(), r -> {
          Thread t = new Thread(r, name + n.incrementAndGet());
          t.setDaemon(true);
          t.setContextClassLoader(null);
          return t;
        });
    senders.allowCoreThreadTimeOut(true);
    return senders;
  }
}
