package ai.galileo.tracing.springai.internal;

import ai.galileo.tracing.Content;
import ai.galileo.tracing.Context;
import ai.galileo.tracing.Span;
import ai.galileo.tracing.SpanBuilder;
import ai.galileo.tracing.SpanType;
import ai.galileo.tracing.Tracer;
import io.micrometer.observation.Observation;
import java.util.List;
import org.springframework.ai.chat.client.ChatClientRequest;
import org.springframework.ai.chat.client.ChatClientResponse;
import org.springframework.ai.chat.client.advisor.api.Advisor;
import org.springframework.ai.chat.client.observation.ChatClientObservationContext;

/**
 * {@code spring.ai.chat.client} (a {@link ChatClientObservationContext}): a {@code WORKFLOW} span per
 * ChatClient call, named {@code ChatClient.call} or {@code ChatClient.stream}, with the prompt's
 * messages in and the answer's text out, and the advisors and output format in metadata. Its
 * advisors, model calls and tool calls nest under it.
 *
 * <p>Internal: not part of the public API and may change without notice.
 */
final class ChatClientKind implements ObservationKind {
  @Override
  public boolean handles(Observation.Context observation) {
    return observation instanceof ChatClientObservationContext;
  }

  @Override
  public Span start(Tracer tracer, Observation.Context observation, Context parent) {
    ChatClientObservationContext client = (ChatClientObservationContext) observation;
    ChatClientRequest request = client.getRequest();
    SpanBuilder b = tracer.spanBuilder(client.isStream() ? "ChatClient.stream" : "ChatClient.call", SpanType.WORKFLOW)
        .setParent(parent)
        .setMetadata("stream", Boolean.toString(client.isStream()));
    if (request != null && request.prompt() != null) {
      b.setInput(Messages.conversation(request.prompt().getInstructions()));
    }
    String advisors = names(client.getAdvisors());
    if (advisors != null) {
      b.setMetadata("advisors", advisors);
    }
    if (client.getFormat() != null) {
      b.setMetadata("format", client.getFormat());
    }
    return b.start();
  }

  @Override
  public void stop(Span span, Observation.Context observation) {
    ChatClientResponse response = ((ChatClientObservationContext) observation).getResponse();
    Content output = response == null ? null : Messages.workflowOutput(response.chatResponse());
    if (output != null) {
      span.setOutput(output);
    }
  }

  static String names(List<? extends Advisor> advisors) {
    if (advisors == null || advisors.isEmpty()) {
      return null;
    }
    StringBuilder names = new StringBuilder();
    for (Advisor a : advisors) {
      if (a != null) {
        names.append(names.length() == 0 ? "" : ",").append(a.getName());
      }
    }
    return names.length() == 0 ? null : names.toString();
  }
}
