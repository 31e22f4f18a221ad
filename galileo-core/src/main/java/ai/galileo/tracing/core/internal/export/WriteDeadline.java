package ai.galileo.tracing.core.internal.export;

import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * A deadline for writing one request. A blocking socket write has no timeout of its own: a server
 * or proxy that accepts a connection and then stops reading would hold the sender thread, and the
 * exporter's requests in flight with it, for good. When a deadline passes, its action (closing the
 * connection) runs on one daemon thread shared by the JVM, which exists only while deadlines are
 * armed and for a while after.
 */
final class WriteDeadline {
  /**
   * Writes up to this size are not guarded: an idle or fresh connection's socket buffers take them
   * whole without the server reading anything.
   */
  static final int UNGUARDED_BYTES = 64 * 1024;

  private WriteDeadline() {}

  /** Runs {@code onTimeout} after {@code millis} unless the returned future is cancelled first. */
  static ScheduledFuture<?> arm(Runnable onTimeout, long millis) {
    return Timer.INSTANCE.schedule(onTimeout, millis, TimeUnit.MILLISECONDS);
  }

  /** Created at the first guarded write. */
  private static final class Timer {
    static final ScheduledThreadPoolExecutor INSTANCE = create();

    private static ScheduledThreadPoolExecutor create() {
      ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1, r -> {
        Thread t = new Thread(r, "galileo-write-deadline");
        t.setDaemon(true);
        t.setContextClassLoader(null); // never pin a web app's class loader
        return t;
      });
      timer.setRemoveOnCancelPolicy(true); // a cancelled deadline leaves nothing queued behind it
      timer.setKeepAliveTime(30, TimeUnit.SECONDS);
      timer.allowCoreThreadTimeOut(true);
      return timer;
    }
  }
}
