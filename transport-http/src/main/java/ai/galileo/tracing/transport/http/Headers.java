package ai.galileo.tracing.transport.http;

import ai.galileo.tracing.Propagator;
import java.util.ArrayList;
import java.util.List;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpMessage;
import org.apache.hc.core5.http.MessageHeaders;

/** Header access for HttpCore messages, whose lookups ignore case already. Needs only httpcore5. */
final class Headers {
  static final Propagator.Getter<MessageHeaders> GETTER = new Propagator.Getter<>() {
    @Override
    public String get(MessageHeaders carrier, String name) {
      Header header = carrier.getFirstHeader(name);
      return header == null ? null : header.getValue();
    }

    @Override
    public List<String> getAll(MessageHeaders carrier, String name) {
      Header[] headers = carrier.getHeaders(name);
      List<String> values = new ArrayList<>(headers.length);
      for (Header h : headers) {
        values.add(h.getValue());
      }
      return values;
    }
  };

  static final Propagator.Setter<HttpMessage> SETTER = HttpMessage::setHeader;

  static void removeAll(HttpMessage message, String name) {
    // Looking first is free; removing makes an iterator, for each of the propagators' fields.
    if (message.containsHeader(name)) {
      message.removeHeaders(name);
    }
  }

  private Headers() {}
}
