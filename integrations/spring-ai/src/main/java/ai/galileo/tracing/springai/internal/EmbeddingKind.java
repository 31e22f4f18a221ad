package ai.galileo.tracing.springai.internal;

import ai.galileo.tracing.Context;
import ai.galileo.tracing.Message;
import ai.galileo.tracing.Span;
import ai.galileo.tracing.SpanBuilder;
import ai.galileo.tracing.SpanType;
import ai.galileo.tracing.Tracer;
import ai.galileo.tracing.Content;
import io.micrometer.observation.Observation;
import java.util.ArrayList;
import java.util.List;
import org.springframework.ai.chat.metadata.Usage;
import org.springframework.ai.embedding.Embedding;
import org.springframework.ai.embedding.EmbeddingOptions;
import org.springframework.ai.embedding.EmbeddingRequest;
import org.springframework.ai.embedding.EmbeddingResponse;
import org.springframework.ai.embedding.EmbeddingResponseMetadata;
import org.springframework.ai.embedding.observation.EmbeddingModelObservationContext;

/**
 * {@code gen_ai.client.operation} for embeddings (an {@link EmbeddingModelObservationContext}): an
 * {@code LLM} span per embedding model call, named {@code embedding <model>}, with each text
 * embedded as a user message in, how many vectors of what size came out, the model and the token
 * counts the provider reported. The vectors themselves are not logged.
 *
 * <p>Internal: not part of the public API and may change without notice.
 */
final class EmbeddingKind implements ObservationKind {
  @Override
  public boolean handles(Observation.Context observation) {
    return observation instanceof EmbeddingModelObservationContext;
  }

  @Override
  public Span start(Tracer tracer, Observation.Context observation, Context parent) {
    EmbeddingModelObservationContext embedding = (EmbeddingModelObservationContext) observation;
    EmbeddingRequest request = embedding.getRequest();
    EmbeddingOptions options = request.getOptions();
    String model = options == null ? null : ChatModelKind.blankToNull(options.getModel());
    List<Message> texts = new ArrayList<>();
    if (request.getInstructions() != null) {
      for (String text : request.getInstructions()) {
        texts.add(Message.user(text));
      }
    }
    SpanBuilder b = tracer.spanBuilder(model == null ? "embedding" : "embedding " + model, SpanType.LLM)
        .setParent(parent)
        .setInput(Content.messages(texts))
        .setModel(model)
        .setMetadata("operation", "embedding");
    if (embedding.getOperationMetadata() != null && embedding.getOperationMetadata().provider() != null) {
      b.setMetadata("provider", embedding.getOperationMetadata().provider());
    }
    if (options != null && options.getDimensions() != null) {
      b.setMetadata("dimensions", options.getDimensions().toString());
    }
    return b.start();
  }

  @Override
  public void stop(Span span, Observation.Context observation) {
    EmbeddingResponse response = ((EmbeddingModelObservationContext) observation).getResponse();
    if (response == null) {
      return;
    }
    List<Embedding> results = response.getResults();
    if (results != null) {
      int dimensions = results.isEmpty() || results.get(0).getOutput() == null ? 0 : results.get(0).getOutput().length;
      span.setOutput(results.size() + (results.size() == 1 ? " embedding" : " embeddings")
          + (dimensions > 0 ? " of " + dimensions + " dimensions" : ""));
    }
    EmbeddingResponseMetadata metadata = response.getMetadata();
    if (metadata != null) {
      String model = ChatModelKind.blankToNull(metadata.getModel());
      if (model != null) {
        span.setModel(model);
      }
      Usage usage = metadata.getUsage();
      if (ToolLoopUsage.reported(usage)) {
        if (usage.getPromptTokens() != null && usage.getCompletionTokens() != null) {
          span.setTokens(usage.getPromptTokens(), usage.getCompletionTokens());
        }
        if (usage.getTotalTokens() != null) {
          span.setTotalTokens(usage.getTotalTokens());
        }
      }
    }
    if (observation.getError() == null) {
      span.setStatusCode(200);
    }
  }
}
