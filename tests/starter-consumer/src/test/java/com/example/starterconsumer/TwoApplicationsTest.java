package com.example.starterconsumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.galileo.tracing.core.GalileoTracer;
import ai.galileo.tracing.core.SpanData;
import ai.galileo.tracing.testing.InMemoryExporterProvider;
import ai.galileo.tracing.testing.InMemorySpanExporter;
import com.example.starterconsumer.orchestrator.Orchestrator;
import com.example.starterconsumer.orchestrator.OrchestratorApplication;
import com.example.starterconsumer.retrieval.RetrievalApplication;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Both applications as a user runs them, on a free port, each with its own tracer (set up by the
 * starter from its properties; here only the exporter is switched, to the in-memory one): one
 * question makes one trace, and the retrieval service's spans hang under the orchestrator's
 * "call retrieval" span.
 */
class TwoApplicationsTest {

  @Test
  void theCalledServiceContinuesTheCallersTraceUnderTheCallingSpan() throws Exception {
    try (ConfigurableApplicationContext retrieval = RetrievalApplication.start(
        "--server.port=0", "--galileo.exporter=memory")) {
      InMemorySpanExporter retrievalSpans = InMemoryExporterProvider.lastCreated();
      int port = ((WebServerApplicationContext) retrieval).getWebServer().getPort();
      try (ConfigurableApplicationContext orchestrator = OrchestratorApplication.start(
          "--galileo.exporter=memory", "--retrieval.url=http://127.0.0.1:" + port)) {
        InMemorySpanExporter orchestratorSpans = InMemoryExporterProvider.lastCreated();
        assertNotSame(retrievalSpans, orchestratorSpans, "each application has a tracer of its own");

        Orchestrator.Answer answer = orchestrator.getBean(Orchestrator.class).ask("What did Galileo research?");
        assertTrue(answer.text().contains("pendulums"), answer.text());

        orchestrator.getBean(GalileoTracer.class).flush(Duration.ofSeconds(10));
        // The server span ends once the response is written, maybe after the caller has it.
        awaitSpan(retrieval.getBean(GalileoTracer.class), retrievalSpans, "search knowledge base", 2);

        List<SpanData> all = new ArrayList<>(orchestratorSpans.finishedSpans());
        all.addAll(retrievalSpans.finishedSpans());
        UUID traceId = UUID.fromString(answer.traceId());
        Map<UUID, SpanData> byId = new HashMap<>();
        for (SpanData s : all) {
          assertEquals(traceId, s.traceId(), "one trace: " + s.name());
          byId.put(s.spanId(), s);
        }
        SpanData root = byId.get(traceId);
        assertNull(root.parentId());
        assertEquals("answer question", root.name());
        for (SpanData s : all) {
          assertTrue(s.parentId() == null || byId.containsKey(s.parentId()),
              "the parent of " + s.name() + " was logged");
        }
        assertEquals("orchestrator", service(root));

        // search knowledge base <- the server span <- (the starter's client span, if any) <- call retrieval
        SpanData search = only(retrievalSpans, "search knowledge base");
        SpanData server = byId.get(search.parentId());
        assertEquals("retrieval-service", service(server));
        assertTrue(server.remoteParent(), "the server span continues the caller's trace");
        SpanData caller = byId.get(server.parentId());
        assertEquals("orchestrator", service(caller));
        while (!caller.name().equals("call retrieval")) {
          assertTrue(caller.parentId() != null && !caller.parentId().equals(traceId),
              "the server span hangs under call retrieval");
          caller = byId.get(caller.parentId());
        }
        assertEquals(traceId, caller.parentId());
        assertEquals(2, retrievalSpans.finishedSpans().size(), "the server span and the search");
      }
    }
  }

  private static String service(SpanData span) {
    return span.metadata().get("service.name");
  }

  private static SpanData only(InMemorySpanExporter spans, String name) {
    List<SpanData> found = spans.spans(name);
    assertEquals(1, found.size(), name);
    return found.get(0);
  }

  /** Flushes until the service has exported {@code count} spans, one of them NAME (20 s at most). */
  private static void awaitSpan(GalileoTracer tracer, InMemorySpanExporter spans, String name, int count)
      throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while ((spans.spans(name).isEmpty() || spans.finishedSpans().size() < count)
        && System.nanoTime() - deadline < 0) {
      tracer.flush(Duration.ofSeconds(5));
      Thread.sleep(50);
    }
  }
}
