package ai.galileo.tracing.springai.internal;

import ai.galileo.tracing.Content;
import ai.galileo.tracing.Context;
import ai.galileo.tracing.Span;
import ai.galileo.tracing.SpanBuilder;
import ai.galileo.tracing.SpanType;
import ai.galileo.tracing.Tracer;
import io.micrometer.observation.Observation;
import org.springframework.ai.chat.client.ChatClientRequest;
import org.springframework.ai.chat.client.ChatClientResponse;
import org.springframework.ai.chat.client.advisor.observation.AdvisorObservationContext;

/**
 * {@code spring.ai.advisor} (an {@link AdvisorObservationContext}): a {@code WORKFLOW} span per
 * advisor a ChatClient call goes through, named {@code advisor <name>} ({@code advisor call} is the
 * last one, which calls the model), with the messages as the advisor received them in and the
 * answer's text out. Advisors nest in their order, so each span shows what the advisors before it
 * added to the prompt (retrieved context, chat memory).
 *
 * <p>Internal: not part of the public API and may change without notice.
 */
final class AdvisorKind implements ObservationKind {
  @Override
  public boolean handles(Observation.Context observation) {
    return observation instanceof AdvisorObservationContext;
  }

  @Override
  public Span start(Tracer tracer, Observation.Context observation, Context parent) {
    AdvisorObservationContext advisor = (AdvisorObservationContext) observation;
    String name = advisor.getAdvisorName();
    SpanBuilder b = tracer.spanBuilder(name == null || name.isBlank() ? "advisor" : "advisor " + name, SpanType.WORKFLOW)
        .setParent(parent)
        .setMetadata("advisor_order", Integer.toString(advisor.getOrder()));
    ChatClientRequest request = advisor.getChatClientRequest();
    if (request != null && request.prompt() != null) {
      b.setInput(Messages.conversation(request.prompt().getInstructions()));
    }
    return b.start();
  }

  @Override
  public void stop(Span span, Observation.Context observation) {
    ChatClientResponse response = ((AdvisorObservationContext) observation).getChatClientResponse();
    Content output = response == null ? null : Messages.workflowOutput(response.chatResponse());
    if (output != null) {
      span.setOutput(output);
    }
  }
}
