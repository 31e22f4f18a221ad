package ai.galileo.tracing.otlp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.google.protobuf.util.JsonFormat;
import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpServer;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.trace.v1.Span;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.zip.GZIPInputStream;

/**
 * An OTLP/HTTP receiver on loopback that decodes each request with the official protobuf classes
 * (protobuf's own JSON parser for OTLP/JSON, once the hex ids are turned back into base64) and
 * answers with scripted responses, 200 once the script is used up.
 */
final class OtlpReceiver implements AutoCloseable {
  /** One scripted answer. */
  record Answer(int status, Map<String, String> headers, String contentType, byte[] body) {
    static Answer status(int status) {
      return new Answer(status, Map.of(), "text/plain", new byte[0]);
    }
  }

  /** One request as received. */
  record Received(String path, Headers headers, byte[] rawBody, String json, ExportTraceServiceRequest request) {
    List<Span> spans() {
      List<Span> out = new ArrayList<>();
      request.getResourceSpansList().forEach(r -> r.getScopeSpansList().forEach(s -> out.addAll(s.getSpansList())));
      return out;
    }
  }

  private static final ObjectMapper MAPPER = new ObjectMapper();
  private final HttpServer server;
  private final ConcurrentLinkedQueue<Answer> script = new ConcurrentLinkedQueue<>();
  final List<Received> received = new CopyOnWriteArrayList<>();
  final List<Throwable> errors = new CopyOnWriteArrayList<>();

  OtlpReceiver() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", exchange -> {
      try (exchange) {
        byte[] raw = exchange.getRequestBody().readAllBytes();
        try {
          InputStream in = new ByteArrayInputStream(raw);
          if ("gzip".equals(exchange.getRequestHeaders().getFirst("Content-Encoding"))) {
            in = new GZIPInputStream(in);
          }
          byte[] body = in.readAllBytes();
          String type = exchange.getRequestHeaders().getFirst("Content-Type");
          String json = null;
          ExportTraceServiceRequest request;
          if ("application/json".equals(type)) {
            json = new String(body, java.nio.charset.StandardCharsets.UTF_8);
            ExportTraceServiceRequest.Builder b = ExportTraceServiceRequest.newBuilder();
            JsonFormat.parser().merge(MAPPER.writeValueAsString(hexIdsToBase64(MAPPER.readTree(json))), b);
            request = b.build();
          } else {
            request = ExportTraceServiceRequest.parseFrom(body);
          }
          received.add(new Received(exchange.getRequestURI().getPath(), exchange.getRequestHeaders(), raw, json, request));
        } catch (Exception | AssertionError e) {
          errors.add(e);
          exchange.sendResponseHeaders(400, -1);
          return;
        }
        Answer a = script.poll();
        if (a == null) {
          a = Answer.status(200);
        }
        a.headers().forEach((k, v) -> exchange.getResponseHeaders().add(k, v));
        exchange.getResponseHeaders().add("Content-Type", a.contentType());
        exchange.sendResponseHeaders(a.status(), a.body().length == 0 ? -1 : a.body().length);
        if (a.body().length > 0) {
          exchange.getResponseBody().write(a.body());
        }
      }
    });
    server.start();
  }

  /** Hex ids, as OTLP/JSON has them, to the base64 protobuf's JSON mapping wants; fails on non-hex. */
  private static JsonNode hexIdsToBase64(JsonNode node) {
    if (node.isObject()) {
      ObjectNode o = (ObjectNode) node;
      for (String id : List.of("traceId", "spanId", "parentSpanId")) {
        if (o.has(id)) {
          byte[] bytes = HexFormat.of().parseHex(o.get(id).asText());
          o.set(id, new TextNode(Base64.getEncoder().encodeToString(bytes)));
        }
      }
      o.fields().forEachRemaining(e -> hexIdsToBase64(e.getValue()));
    } else if (node.isArray()) {
      node.forEach(OtlpReceiver::hexIdsToBase64);
    }
    return node;
  }

  void answer(Answer... answers) {
    script.addAll(List.of(answers));
  }

  String baseUrl() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  List<Span> spans() {
    List<Span> out = new ArrayList<>();
    received.forEach(r -> out.addAll(r.spans()));
    return out;
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
