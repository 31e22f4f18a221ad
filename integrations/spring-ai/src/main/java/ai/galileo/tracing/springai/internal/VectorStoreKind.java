package ai.galileo.tracing.springai.internal;

import ai.galileo.tracing.Context;
import ai.galileo.tracing.Span;
import ai.galileo.tracing.SpanBuilder;
import ai.galileo.tracing.SpanType;
import ai.galileo.tracing.Tracer;
import io.micrometer.observation.Observation;
import org.springframework.ai.vectorstore.SearchRequest;
import org.springframework.ai.vectorstore.observation.VectorStoreObservationContext;

/**
 * {@code db.vector.client.operation} (a {@link VectorStoreObservationContext}). A similarity search
 * is a {@code RETRIEVER} span named {@code <store> query} ({@code simple query}), with the query text
 * in, the documents out (text, metadata, id, score), and the search's top-k, threshold and filter in
 * metadata; the embedding of the query nests under it. Adding and deleting documents are
 * {@code WORKFLOW} spans ({@code simple add}), so the embedding calls they make have a parent; Spring
 * AI does not put the documents added in the observation, so those spans have no input.
 *
 * <p>Internal: not part of the public API and may change without notice.
 */
final class VectorStoreKind implements ObservationKind {
  private static final String QUERY = "query";

  @Override
  public boolean handles(Observation.Context observation) {
    return observation instanceof VectorStoreObservationContext;
  }

  @Override
  public Span start(Tracer tracer, Observation.Context observation, Context parent) {
    VectorStoreObservationContext store = (VectorStoreObservationContext) observation;
    String operation = store.getOperationName();
    boolean query = QUERY.equals(operation);
    SpanBuilder b = tracer.spanBuilder(store.getDatabaseSystem() + " " + operation,
            query ? SpanType.RETRIEVER : SpanType.WORKFLOW)
        .setParent(parent)
        .setMetadata("db_system", store.getDatabaseSystem());
    metadata(b, "collection", store.getCollectionName());
    metadata(b, "namespace", store.getNamespace());
    metadata(b, "field_name", store.getFieldName());
    metadata(b, "similarity_metric", store.getSimilarityMetric());
    metadata(b, "dimensions", store.getDimensions());
    SearchRequest request = store.getQueryRequest();
    if (request != null) {
      b.setInput(request.getQuery());
      b.setMetadata("top_k", Integer.toString(request.getTopK()));
      b.setMetadata("similarity_threshold", Double.toString(request.getSimilarityThreshold()));
      if (request.getFilterExpression() != null) {
        b.setMetadata("filter", request.getFilterExpression().toString());
      }
    }
    return b.start();
  }

  @Override
  public void stop(Span span, Observation.Context observation) {
    VectorStoreObservationContext store = (VectorStoreObservationContext) observation;
    if (store.getQueryResponse() != null) {
      span.setOutput(Documents.of(store.getQueryResponse()));
    }
  }

  private static void metadata(SpanBuilder b, String key, Object value) {
    if (value != null && !value.toString().isBlank()) {
      b.setMetadata(key, value.toString());
    }
  }
}
