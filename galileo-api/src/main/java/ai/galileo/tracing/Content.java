package ai.galileo.tracing;

import java.util.List;
import java.util.Objects;

/**
 * The input or output of a span: plain text, chat messages, one chat message, or retrieved
 * documents. These are the shapes Galileo's API accepts and its console renders.
 *
 * @since 0.1.0
 */
public sealed interface Content
    permits Content.Text, Content.Messages, Content.SingleMessage, Content.Documents {

  /** Plain text. */
  static Content text(String text) {
    return new Text(text);
  }

  /** A conversation, as sent to an LLM. */
  static Content messages(List<Message> messages) {
    return new Messages(messages);
  }

  /** A conversation, as sent to an LLM. */
  static Content messages(Message... messages) {
    return new Messages(List.of(messages));
  }

  /** One message, as an LLM answers. */
  static Content message(Message message) {
    return new SingleMessage(message);
  }

  /** Retrieved documents. */
  static Content documents(List<Document> documents) {
    return new Documents(documents);
  }

  /** Retrieved documents. */
  static Content documents(Document... documents) {
    return new Documents(List.of(documents));
  }

  /** A readable rendering, for logs and for formats that only take text. */
  String asText();

  /** Plain text. */
  record Text(String text) implements Content {
    public Text {
      text = text == null ? "" : text;
    }

    @Override
    public String asText() {
      return text;
    }
  }

  /** A list of chat messages. */
  record Messages(List<Message> messages) implements Content {
    public Messages {
      messages = List.copyOf(Objects.requireNonNull(messages, "messages"));
    }

    @Override
    public String asText() {
      StringBuilder sb = new StringBuilder();
      for (Message m : messages) {
        if (sb.length() > 0) {
          sb.append('\n');
        }
        sb.append(m.role().wireName()).append(": ").append(m.content());
      }
      return sb.toString();
    }
  }

  /** A single chat message. */
  record SingleMessage(Message message) implements Content {
    public SingleMessage {
      Objects.requireNonNull(message, "message");
    }

    @Override
    public String asText() {
      return message.content();
    }
  }

  /** A list of retrieved documents. */
  record Documents(List<Document> documents) implements Content {
    public Documents {
      documents = List.copyOf(Objects.requireNonNull(documents, "documents"));
    }

    @Override
    public String asText() {
      StringBuilder sb = new StringBuilder();
      for (Document d : documents) {
        if (sb.length() > 0) {
          sb.append('\n');
        }
        sb.append("- ").append(d.content());
      }
      return sb.toString();
    }
  }
}
