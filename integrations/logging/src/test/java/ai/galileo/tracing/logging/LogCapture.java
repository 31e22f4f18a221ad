package ai.galileo.tracing.logging;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A real logging library's appender writing to memory, with a pattern that prints the ids. */
interface LogCapture extends AutoCloseable {
  String PATTERN = "galileo.trace_id=%X{galileo.trace_id} galileo.span_id=%X{galileo.span_id}"
      + " trace_id=%X{trace_id} span_id=%X{span_id} traceId=%X{traceId} spanId=%X{spanId} msg=%m%n";

  /** Logs the message at INFO through the library's own API. */
  void info(String message);

  /** The lines written so far. */
  List<String> lines();

  /** Puts a value in the library's own context map on this thread (null removes it). */
  void putContext(String key, String value);

  @Override
  void close();

  /** The line logged with this message, as key to value ("" when the key was not set). */
  default Map<String, String> line(String message) {
    for (String line : lines()) {
      if (line.endsWith(" msg=" + message)) {
        Map<String, String> fields = new LinkedHashMap<>();
        String ids = line.substring(0, line.length() - (" msg=" + message).length());
        for (String field : ids.split(" ")) {
          int eq = field.indexOf('=');
          fields.put(field.substring(0, eq), field.substring(eq + 1));
        }
        fields.put("msg", message);
        return fields;
      }
    }
    throw new AssertionError("no line with message " + message + " in " + lines());
  }
}
