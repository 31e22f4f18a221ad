package ai.galileo.tracing.springai.internal;

import ai.galileo.tracing.Content;
import ai.galileo.tracing.Message;
import ai.galileo.tracing.Role;
import ai.galileo.tracing.ToolCall;
import java.util.ArrayList;
import java.util.List;
import org.springframework.ai.chat.messages.AssistantMessage;
import org.springframework.ai.chat.messages.MessageType;
import org.springframework.ai.chat.messages.ToolResponseMessage;
import org.springframework.ai.chat.model.ChatResponse;
import org.springframework.ai.chat.model.Generation;
import org.springframework.ai.content.Media;
import org.springframework.ai.content.MediaContent;

/**
 * Spring AI's chat messages as Galileo's {@link Message}s: roles, text, the assistant's tool calls,
 * and one tool message per tool answer with the call id it answers. Media (an image, a PDF) is
 * named in brackets by its MIME type rather than left out, so the conversation still reads in order.
 *
 * <p>Internal: not part of the public API and may change without notice.
 */
final class Messages {
  private Messages() {}

  static Content conversation(List<? extends org.springframework.ai.chat.messages.Message> messages) {
    List<Message> out = new ArrayList<>(messages == null ? 0 : messages.size());
    if (messages != null) {
      for (org.springframework.ai.chat.messages.Message m : messages) {
        if (m != null) {
          add(out, m);
        }
      }
    }
    return Content.messages(out);
  }

  private static void add(List<Message> out, org.springframework.ai.chat.messages.Message m) {
    if (m instanceof ToolResponseMessage tool) {
      // Spring AI answers all the calls of one turn in one message; Galileo has one per call.
      for (ToolResponseMessage.ToolResponse r : tool.getResponses()) {
        out.add(Message.tool(r.responseData(), r.id()));
      }
      return;
    }
    if (m instanceof AssistantMessage assistant) {
      out.add(assistant(assistant));
      return;
    }
    MessageType type = m.getMessageType();
    Role role = type == MessageType.SYSTEM ? Role.SYSTEM
        : type == MessageType.ASSISTANT ? Role.ASSISTANT
        : type == MessageType.TOOL ? Role.TOOL
        : Role.USER;
    out.add(Message.of(role, withMedia(m.getText(), m)));
  }

  static Message assistant(AssistantMessage m) {
    return new Message(Role.ASSISTANT, withMedia(m.getText(), m), null, toolCalls(m));
  }

  /**
   * A response's answer: its one message, or all of them when the model gave several choices. A
   * thinking block that a provider hands over as a generation of its own is the reasoning (an
   * event of the span), not an answer, and is left out while there is an answer beside it.
   */
  static Content answer(ChatResponse response) {
    List<Generation> generations = answers(response.getResults());
    if (generations == null || generations.isEmpty()) {
      return null;
    }
    if (generations.size() == 1) {
      AssistantMessage only = generations.get(0).getOutput();
      return only == null ? null : Content.message(assistant(only));
    }
    List<Message> all = new ArrayList<>(generations.size());
    for (Generation g : generations) {
      if (g != null && g.getOutput() != null) {
        all.add(assistant(g.getOutput()));
      }
    }
    return Content.messages(all);
  }

  private static List<Generation> answers(List<Generation> generations) {
    if (generations == null || generations.size() < 2) {
      return generations;
    }
    List<Generation> answers = new ArrayList<>(generations.size());
    for (Generation g : generations) {
      if (!Reasoning.isThinking(g)) {
        answers.add(g);
      }
    }
    return answers.isEmpty() ? generations : answers;
  }

  /**
   * A ChatClient's or an advisor's output: the first answer's text, or, when it has no text but
   * asks for tools (an advisor inside the tool loop), the answer as a message with its tool calls.
   */
  static Content workflowOutput(ChatResponse response) {
    if (response == null || response.getResults() == null || response.getResults().isEmpty()) {
      return null;
    }
    Generation first = answers(response.getResults()).get(0);
    AssistantMessage answer = first == null ? null : first.getOutput();
    if (answer == null) {
      return null;
    }
    String text = answer.getText();
    if ((text == null || text.isEmpty()) && answer.hasToolCalls()) {
      return Content.message(assistant(answer));
    }
    return text == null ? null : Content.text(text);
  }

  private static List<ToolCall> toolCalls(AssistantMessage m) {
    List<AssistantMessage.ToolCall> calls = m.getToolCalls();
    if (calls == null || calls.isEmpty()) {
      return List.of();
    }
    List<ToolCall> out = new ArrayList<>(calls.size());
    for (AssistantMessage.ToolCall c : calls) {
      // Galileo needs an id and a name; an empty one says "none was sent".
      out.add(new ToolCall(c.id() == null ? "" : c.id(), c.name() == null ? "" : c.name(), c.arguments()));
    }
    return out;
  }

  private static String withMedia(String text, Object message) {
    if (!(message instanceof MediaContent media) || media.getMedia() == null || media.getMedia().isEmpty()) {
      return text;
    }
    StringBuilder sb = new StringBuilder(text == null ? "" : text);
    for (Media item : media.getMedia()) {
      if (item == null) {
        continue;
      }
      if (sb.length() > 0) {
        sb.append('\n');
      }
      sb.append('[').append(item.getMimeType() == null ? "media" : item.getMimeType().toString()).append(']');
    }
    return sb.toString();
  }
}
