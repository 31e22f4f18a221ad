package com.example.starterconsumer.retrieval;

import ai.galileo.tracing.Span;
import ai.galileo.tracing.SpanType;
import ai.galileo.tracing.Tracer;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /retrieve}: no tracing code for the transport. The starter continues the caller's
 * trace around this handler; the one span made here is the service's own.
 */
@RestController
class RetrievalController {
  private final Tracer tracer;

  RetrievalController(Tracer tracer) {
    this.tracer = tracer;
  }

  @PostMapping("/retrieve")
  String retrieve(@RequestBody String query) {
    Span search = tracer.spanBuilder("search knowledge base", SpanType.RETRIEVER).setInput(query).start();
    String found = "Galileo Galilei researched the motion of falling bodies and pendulums.";
    search.setOutput(found);
    search.end();
    return found;
  }
}
