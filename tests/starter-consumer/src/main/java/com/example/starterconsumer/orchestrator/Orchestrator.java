package com.example.starterconsumer.orchestrator;

import ai.galileo.tracing.Scope;
import ai.galileo.tracing.Span;
import ai.galileo.tracing.SpanType;
import ai.galileo.tracing.Tracer;
import org.springframework.stereotype.Service;
import org.springframework.web.client.RestClient;

/** Answers a question in a trace of its own, calling the retrieval service inside it. */
@Service
public class Orchestrator {
  /** The answer, and the trace it was logged in. */
  public record Answer(String traceId, String text) {}

  private final Tracer tracer;
  private final RestClient retrieval;

  Orchestrator(Tracer tracer, RestClient retrievalClient) {
    this.tracer = tracer;
    this.retrieval = retrievalClient;
  }

  public Answer ask(String question) {
    Span trace = tracer.traceBuilder("answer question").setInput(question).start();
    try (Scope scope = trace.makeCurrent()) {
      Span call = tracer.spanBuilder("call retrieval", SpanType.WORKFLOW).setInput(question).start();
      String found;
      try (Scope inner = call.makeCurrent()) {
        found = retrieval.post().uri("/retrieve").body(question).retrieve().body(String.class);
        call.setOutput(found);
      } finally {
        call.end();
      }
      trace.setOutput(found);
      return new Answer(trace.context().traceIdString(), found);
    } finally {
      trace.end();
    }
  }
}
