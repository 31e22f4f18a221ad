package ai.galileo.tracing.internal;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import ai.galileo.tracing.Context;
import ai.galileo.tracing.Scope;
import ai.galileo.tracing.Span;
import ai.galileo.tracing.SpanContext;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The context storage tells the installed scope listener (this module's test one) every change. */
class ScopeListenerTest {
  private static final SpanContext A = SpanContext.create(UUID.randomUUID(), UUID.randomUUID());
  private static final SpanContext B = SpanContext.create(A.traceId(), UUID.randomUUID());

  @AfterEach
  void stop() {
    RecordingScopeListener.stopRecording();
  }

  private static Context context(SpanContext span) {
    return Context.root().with(Span.wrap(span));
  }

  @Test
  void eachScopeIsAttachedThenRestoredToWhatWasThereBefore() {
    List<String> events = RecordingScopeListener.startRecording();
    try (Scope a = context(A).makeCurrent()) {
      try (Scope b = context(B).makeCurrent()) {
        assertEquals(B.spanIdString(), RecordingScopeListener.state());
      }
      assertEquals(A.spanIdString(), RecordingScopeListener.state());
    }
    assertEquals("none", RecordingScopeListener.state());
    assertEquals(List.of("attach " + A.spanIdString(), "attach " + B.spanIdString(),
        "restore " + A.spanIdString(), "restore none"), events);
  }

  @Test
  void makingTheCurrentContextCurrentAgainTellsTheListenerNothing() {
    Context a = context(A);
    try (Scope outer = a.makeCurrent()) {
      List<String> events = RecordingScopeListener.startRecording();
      try (Scope again = a.makeCurrent()) {
        // nothing changes, so nothing is told
      }
      assertEquals(List.of(), events);
    }
  }

  @Test
  void closingAScopeAboveALeakedOneRestoresTheStateFromBeforeItOnce() {
    List<String> events = RecordingScopeListener.startRecording();
    Scope a = context(A).makeCurrent();
    Scope leaked = context(B).makeCurrent();
    a.close();
    leaked.close(); // discarded: nothing more to restore
    assertEquals("none", RecordingScopeListener.state());
    assertEquals(List.of("attach " + A.spanIdString(), "attach " + B.spanIdString(), "restore none"), events);
  }

  @Test
  void aWrappedTaskOnAnotherThreadIsAttachedAndRestoredThere() throws Exception {
    ExecutorService pool = Executors.newSingleThreadExecutor();
    try {
      List<String> seen = new ArrayList<>();
      Runnable task = context(A).wrap((Runnable) () -> seen.add(RecordingScopeListener.state()));
      pool.submit(() -> {
        List<String> events = RecordingScopeListener.startRecording();
        task.run();
        seen.add(RecordingScopeListener.state());
        seen.addAll(events);
        RecordingScopeListener.stopRecording();
      }).get(10, TimeUnit.SECONDS);
      assertEquals(List.of(A.spanIdString(), "none", "attach " + A.spanIdString(), "restore none"), seen);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void aListenerThatThrowsNeverReachesTheCaller() {
    ScopeListener throwing = new ScopeListener() {
      @Override
      public Object attached(Context context) {
        throw new IllegalStateException("attach broke");
      }

      @Override
      public void restore(Object saved) {
        throw new NoClassDefFoundError("restore broke");
      }
    };
    assertNull(ScopeListeners.attached(throwing, context(A)));
    assertDoesNotThrow(() -> ScopeListeners.restore(throwing, null));
  }

  @Test
  void noListenerInstalledLoadsAsNone() {
    assertNull(ScopeListeners.load(new ClassLoader(null) { }));
  }
}
