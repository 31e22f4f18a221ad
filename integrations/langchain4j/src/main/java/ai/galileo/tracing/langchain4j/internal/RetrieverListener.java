package ai.galileo.tracing.langchain4j.internal;

import ai.galileo.tracing.Context;
import ai.galileo.tracing.Scope;
import ai.galileo.tracing.Span;
import ai.galileo.tracing.SpanType;
import dev.langchain4j.rag.content.retriever.listener.ContentRetrieverErrorContext;
import dev.langchain4j.rag.content.retriever.listener.ContentRetrieverListener;
import dev.langchain4j.rag.content.retriever.listener.ContentRetrieverRequestContext;
import dev.langchain4j.rag.content.retriever.listener.ContentRetrieverResponseContext;
import dev.langchain4j.rag.query.Metadata;
import dev.langchain4j.rag.query.Query;
import java.util.Map;

/**
 * A {@code RETRIEVER} span per retrieval: the query in, the documents out. LangChain4j calls a
 * retriever's listeners on the retrieving thread before and after the (synchronous) retrieval, so
 * the span is current in between and what the retriever does (an embedding store search) nests
 * under it. Its parent is the AI Service invocation the query came from, else the current span.
 *
 * <p>Internal: not part of the public API and may change without notice.
 */
final class RetrieverListener implements ContentRetrieverListener {
  private static final Object SPAN = new Object();
  private static final Object SCOPE = new Object();

  private final TracerRef tracer;

  RetrieverListener(TracerRef tracer) {
    this.tracer = tracer;
  }

  @Override
  public void onRequest(ContentRetrieverRequestContext request) {
    Guard.run("ContentRetrieverListener.onRequest", () -> {
      Map<Object, Object> attributes = request.attributes();
      if (attributes.containsKey(SPAN)) {
        return;
      }
      Query query = request.query();
      Context parent = parentOf(query);
      Span span = tracer.get().spanBuilder("retrieve", SpanType.RETRIEVER)
          .setParent(parent)
          .setInput(query.text())
          .start();
      attributes.put(SPAN, span);
      attributes.put(SCOPE, parent.with(span).makeCurrent());
    });
  }

  @Override
  public void onResponse(ContentRetrieverResponseContext response) {
    Guard.run("ContentRetrieverListener.onResponse", () -> {
      Map<Object, Object> attributes = response.attributes();
      closeScope(attributes);
      if (attributes.remove(SPAN) instanceof Span span) {
        span.end(Documents.ofContents(response.contents()));
      }
    });
  }

  @Override
  public void onError(ContentRetrieverErrorContext error) {
    Guard.run("ContentRetrieverListener.onError", () -> {
      Map<Object, Object> attributes = error.attributes();
      closeScope(attributes);
      if (attributes.remove(SPAN) instanceof Span span) {
        span.recordError(error.error());
        span.end();
      }
    });
  }

  private static void closeScope(Map<Object, Object> attributes) {
    if (attributes.remove(SCOPE) instanceof Scope scope) {
      scope.close();
    }
  }

  private static Context parentOf(Query query) {
    Metadata metadata = query.metadata();
    if (metadata != null && metadata.invocationContext() != null) {
      Invocation invocation = Invocations.get(metadata.invocationContext().invocationId());
      if (invocation != null) {
        return invocation.context;
      }
    }
    return Context.current();
  }
}
