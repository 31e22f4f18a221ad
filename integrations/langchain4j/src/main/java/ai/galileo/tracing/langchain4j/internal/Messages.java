package ai.galileo.tracing.langchain4j.internal;

import ai.galileo.tracing.Content;
import ai.galileo.tracing.Message;
import ai.galileo.tracing.Role;
import ai.galileo.tracing.ToolCall;
import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.TextContent;
import dev.langchain4j.data.message.ToolExecutionResultMessage;
import dev.langchain4j.data.message.UserMessage;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * LangChain4j's chat messages as Galileo's {@link Message}s: roles, text, tool calls and the tool
 * answers' call ids. Parts that are not text (an image, a PDF) are named in brackets rather than
 * left out, so the conversation still reads in order.
 *
 * <p>Internal: not part of the public API and may change without notice.
 */
final class Messages {
  private Messages() {}

  static Content conversation(List<ChatMessage> messages) {
    List<Message> out = new ArrayList<>(messages.size());
    for (ChatMessage m : messages) {
      if (m != null) {
        out.add(message(m));
      }
    }
    return Content.messages(out);
  }

  static Message message(ChatMessage m) {
    if (m instanceof SystemMessage system) {
      return Message.system(system.text());
    }
    if (m instanceof UserMessage user) {
      return Message.user(user.hasSingleText() ? user.singleText() : text(user.contents()));
    }
    if (m instanceof AiMessage ai) {
      return new Message(Role.ASSISTANT, ai.text(), null, toolCalls(ai));
    }
    if (m instanceof ToolExecutionResultMessage tool) {
      return Message.tool(text(tool.contents()), tool.id());
    }
    // A provider's own message type (CustomMessage): what it says of itself.
    return Message.user(String.valueOf(m));
  }

  static List<ToolCall> toolCalls(AiMessage ai) {
    if (!ai.hasToolExecutionRequests()) {
      return List.of();
    }
    List<ToolCall> calls = new ArrayList<>(ai.toolExecutionRequests().size());
    for (ToolExecutionRequest r : ai.toolExecutionRequests()) {
      // Some providers send no id; Galileo needs one, and an empty id says "none was sent".
      calls.add(new ToolCall(
          r.id() == null ? "" : r.id(), r.name() == null ? "" : r.name(), r.arguments()));
    }
    return calls;
  }

  /** The parts of a message as text: text as it is, anything else as {@code [image]} and the like. */
  static String text(List<dev.langchain4j.data.message.Content> contents) {
    if (contents == null || contents.isEmpty()) {
      return "";
    }
    if (contents.size() == 1 && contents.get(0) instanceof TextContent only) {
      return only.text();
    }
    StringBuilder sb = new StringBuilder();
    for (dev.langchain4j.data.message.Content c : contents) {
      if (sb.length() > 0) {
        sb.append('\n');
      }
      if (c instanceof TextContent t) {
        sb.append(t.text());
      } else if (c != null) {
        sb.append('[').append(c.type().name().toLowerCase(Locale.ROOT)).append(']');
      }
    }
    return sb.toString();
  }
}
