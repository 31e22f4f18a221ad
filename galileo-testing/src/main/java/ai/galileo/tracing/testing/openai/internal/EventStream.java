package ai.galileo.tracing.testing.openai.internal;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/** Server-sent events, written and flushed one at a time. */
final class EventStream {
  private final OutputStream out;

  EventStream(OutputStream out) {
    this.out = out;
  }

  /** {@code data: {json}} and a blank line: chat completions' chunks. */
  void data(JsonNode json) throws IOException {
    write("data: " + Json.write(json) + "\n\n");
  }

  /** {@code event: name}, {@code data: {json}} and a blank line: the Responses API's events. */
  void event(String name, JsonNode json) throws IOException {
    write("event: " + name + "\ndata: " + Json.write(json) + "\n\n");
  }

  /** {@code data: [DONE]}: the end of a chat completions stream. */
  void done() throws IOException {
    write("data: [DONE]\n\n");
  }

  private void write(String text) throws IOException {
    out.write(text.getBytes(StandardCharsets.UTF_8));
    out.flush();
  }
}
