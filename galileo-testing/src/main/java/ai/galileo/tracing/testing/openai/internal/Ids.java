package ai.galileo.tracing.testing.openai.internal;

import java.util.concurrent.atomic.AtomicLong;

/** Ids numbered per fake, so a test sees the same ones on every run: {@code call_1}, {@code resp_2}. */
public final class Ids {
  private final AtomicLong next = new AtomicLong();

  public String next(String prefix) {
    return prefix + next.incrementAndGet();
  }
}
