package ai.galileo.tracing.opentelemetry.internal;

import ai.galileo.tracing.core.internal.Hex;
import ai.galileo.tracing.core.internal.W3CIds;
import io.opentelemetry.sdk.trace.IdGenerator;
import java.util.concurrent.ThreadLocalRandom;

/**
 * OpenTelemetry ids whose trace ids are shaped as version 4 UUIDs (the six version and variant
 * bits set, 122 random bits), so that a trace started by OpenTelemetry has the same 128 bits in
 * OpenTelemetry and in Galileo, which accepts only v4 UUIDs. Span ids are OpenTelemetry's own.
 *
 * <p>Internal: not part of the public API and may change without notice.
 */
public final class GalileoIdGenerator implements IdGenerator {
  public static final GalileoIdGenerator INSTANCE = new GalileoIdGenerator();

  private GalileoIdGenerator() {}

  @Override
  public String generateSpanId() {
    return IdGenerator.random().generateSpanId();
  }

  @Override
  public String generateTraceId() {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    return Hex.of(W3CIds.asV4(random.nextLong(), random.nextLong()));
  }

  @Override
  public boolean generatesRandomTraceIds() {
    return true;
  }

  @Override
  public String toString() {
    return "GalileoIdGenerator{v4-shaped trace ids}";
  }
}
