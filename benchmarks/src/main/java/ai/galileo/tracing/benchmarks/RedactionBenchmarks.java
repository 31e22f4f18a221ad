package ai.galileo.tracing.benchmarks;

import ai.galileo.tracing.Content;
import ai.galileo.tracing.SpanType;
import ai.galileo.tracing.core.SpanData;
import ai.galileo.tracing.core.internal.redaction.BuiltInRedactor;
import ai.galileo.tracing.core.internal.redaction.Redaction;
import ai.galileo.tracing.core.redaction.RedactionMode;
import ai.galileo.tracing.core.redaction.Redactor;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * GALILEO_REDACTION=mask with every built-in redactor on, as the export worker applies it to one
 * span: a 2 kB input of realistic prose (names, years, dates, times, versions, amounts, a URL,
 * capitalised words, colons) with nothing to redact, and the same with a few matches (an e-mail
 * address, a card number, a phone number, an IP address). The target: 2 us per span with no match.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Thread)
public class RedactionBenchmarks {
  static final String PROSE_2KB = prose();
  static final String WITH_MATCHES = PROSE_2KB.substring(0, 1800)
      + " Reach ada.lovelace@example.com or +44 20 7946 0958, card 4111 1111 1111 1111, host 10.0.12.7.";

  Redaction mask;
  SpanData noMatch;
  SpanData fewMatches;

  @Setup
  public void setUp() {
    List<Redactor> all = List.of(new BuiltInRedactor.Email(), new BuiltInRedactor.Phone(),
        new BuiltInRedactor.Card(), new BuiltInRedactor.Iban(), new BuiltInRedactor.Ip(),
        new BuiltInRedactor.ApiKey(), new BuiltInRedactor.Bearer(), new BuiltInRedactor.Jwt());
    mask = Redaction.of(RedactionMode.MASK, all);
    noMatch = span(PROSE_2KB);
    fewMatches = span(WITH_MATCHES);
    if (mask.apply(noMatch) != noMatch) {
      throw new IllegalStateException("the no-match text matched: " + mask.text(PROSE_2KB));
    }
    if (mask.apply(fewMatches) == fewMatches) {
      throw new IllegalStateException("the text with matches matched nothing");
    }
  }

  private static SpanData span(String input) {
    UUID trace = UUID.randomUUID();
    return new SpanData(SpanType.WORKFLOW, "answer question", trace, UUID.randomUUID(), trace,
        false, null, Content.text(input), Content.text("Pendulums and the moons of Jupiter."),
        Map.of("service.name", Fixtures.SERVICE), List.of(), null, 1L, 1_000L,
        SpanData.State.ENDED, null);
  }

  /** One span with a 2 kB input and nothing to redact: the cost every span pays in mask mode. */
  @Benchmark
  public SpanData maskSpan2kBNoMatch() {
    return mask.apply(noMatch);
  }

  /** The same span with four things to mask. */
  @Benchmark
  public SpanData maskSpan2kBFewMatches() {
    return mask.apply(fewMatches);
  }

  private static String prose() {
    String base = "Galileo Galilei (15 February 1564 - 8 January 1642) was an Italian astronomer, "
        + "physicist and engineer, sometimes described as a polymath. Born in Pisa, then part of "
        + "the Duchy of Florence, he studied speed and velocity, gravity and free fall, the "
        + "principle of relativity, inertia, projectile motion, and also worked in applied science "
        + "and technology, describing the properties of pendulums and hydrostatic balances. In 1589 "
        + "he was appointed to the chair of mathematics in Pisa; in 1592 he moved to the University "
        + "of Padua, where he taught geometry, mechanics and astronomy until 1610. Note: on 7 January "
        + "1610 (at 19:30, local time) he observed three of the four moons of Jupiter; by 2024-01-15 "
        + "the count of known moons had passed 90. His telescope magnified about 20x, version 2.1 of "
        + "his design; he sold copies for 1,000 scudi. See https://en.wikipedia.org/wiki/Galileo for "
        + "more. The Dialogue Concerning the Two Chief World Systems (1632) led to his trial: Inquisition "
        + "records, file 3.14, pages 12-48. Order #A-1234567, ticket 987654321, ISBN 978-0-375-75766-2. ";
    StringBuilder s = new StringBuilder();
    while (s.length() < 2048) {
      s.append(base);
    }
    return s.substring(0, 2048);
  }
}
