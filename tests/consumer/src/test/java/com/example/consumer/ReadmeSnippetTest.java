package com.example.consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.galileo.tracing.Galileo;
import ai.galileo.tracing.Scope;
import ai.galileo.tracing.Span;
import ai.galileo.tracing.Tracer;
import ai.galileo.tracing.core.Doctor;
import ai.galileo.tracing.core.transport.TransportProvider;
import ai.galileo.tracing.core.transport.Transports;
import com.sun.net.httpserver.HttpHandler;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Runs the README's set-up as a user would: a traced call from a client to a traced server. */
class ReadmeSnippetTest {

  @Test
  void theServerContinuesTheClientsTrace() throws Exception {
    HttpHandler handler = exchange -> {
      byte[] body = Span.current().context().traceIdString().getBytes(StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(200, body.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    };
    ReadmeSnippet app = new ReadmeSnippet(handler, 0); // a free port on 127.0.0.1
    app.server.start();
    try {
      URI uri = URI.create("http://127.0.0.1:" + app.server.getAddress().getPort() + "/retrieve");
      Tracer tracer = Galileo.tracer();
      Span trace = tracer.traceBuilder("answer question").start();
      String seenByServer;
      try (Scope scope = trace.makeCurrent()) {
        seenByServer = app.http.send(HttpRequest.newBuilder(uri).build(),
            HttpResponse.BodyHandlers.ofString()).body();
      }
      trace.end();
      assertEquals(trace.context().traceIdString(), seenByServer);
    } finally {
      app.server.stop(0);
    }
  }

  @Test
  void theTransportIsDiscoveredWithoutNamingAnyClass() {
    boolean found = false;
    for (TransportProvider t : Transports.installed(getClass().getClassLoader())) {
      found |= t.name().equals("jdkhttp") && t.client() && t.server();
    }
    assertTrue(found, "jdkhttp is listed");
    assertTrue(Doctor.report().contains("jdkhttp"), "the doctor lists jdkhttp");
  }
}
