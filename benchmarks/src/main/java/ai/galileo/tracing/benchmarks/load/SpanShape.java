package ai.galileo.tracing.benchmarks.load;

import java.util.List;

/**
 * The one trace every subject makes, with the same texts: a request (the trace) holding a workflow
 * with a retriever, an LLM call with messages and tokens, and a tool. Five spans, each with the
 * three short metadata strings of the JMH fixtures; the texts are the sizes a small RAG call has.
 */
final class SpanShape {
  static final int SPANS_PER_TRACE = 5;

  static final String K1 = "k1";
  static final String K2 = "k2";
  static final String K3 = "k3";
  static final String V1 = "value-one";
  static final String V2 = "value-two";
  static final String V3 = "value-three";

  static final String QUESTION = "Which of our warehouses can ship a replacement pump to Rotterdam by Friday?";
  static final List<String> DOCUMENTS = List.of(
      "Warehouse Antwerp (BE-ANT-2) stocks pump model P-340 and its seals; standard road freight to the"
          + " Netherlands takes one to two working days, express courier same day before 14:00.",
      "Warehouse Duisburg (DE-DUI-1) carries the P-300 series including the P-340 replacement kit; it ships"
          + " by rail to Rotterdam twice a week, on Tuesdays and Thursdays, arriving the next day.",
      "Returns policy: a replacement part ships once the faulty unit's serial number is registered; orders"
          + " placed after 16:00 local time are handled the next working day by every warehouse.");
  static final String SYSTEM = "You are a logistics assistant. Answer from the documents only and name the"
      + " warehouse, the carrier and the expected delivery day.";
  static final String USER = QUESTION + " Documents: " + String.join(" ", DOCUMENTS);
  static final String ANSWER = "Antwerp (BE-ANT-2) can ship the P-340 by express courier today before 14:00,"
      + " arriving in Rotterdam tomorrow; Duisburg's Thursday rail would arrive Friday.";
  static final String MODEL = "gpt-4o-mini";
  static final long INPUT_TOKENS = 412;
  static final long OUTPUT_TOKENS = 58;
  static final String TOOL_NAME = "check_stock";
  static final String TOOL_INPUT = "{\"warehouse\":\"BE-ANT-2\",\"sku\":\"P-340\",\"quantity\":1}";
  static final String TOOL_OUTPUT = "{\"available\":14,\"reserved\":2,\"next_pickup\":\"13:30\"}";

  private SpanShape() {}
}
