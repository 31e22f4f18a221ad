package ai.galileo.tracing.console.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.ByteString;
import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import io.opentelemetry.proto.collector.trace.v1.ExportTracePartialSuccess;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * OTLP/HTTP trace intake, {@code POST /v1/traces}: an {@code ExportTraceServiceRequest} in
 * protobuf ({@code application/x-protobuf}) or OTLP/JSON ({@code application/json}), optionally
 * gzip-compressed, stored as Galileo spans (see {@link OtlpSpans} for the mapping and
 * {@link Storage#ingestOtlp} for the ids).
 *
 * <p>Answers as the OTLP/HTTP specification says, in the request's encoding: 200 with an
 * {@code ExportTraceServiceResponse}, whose {@code partial_success} counts and names the spans
 * refused (the others are kept); 400 with a {@code google.rpc.Status} naming what is wrong when
 * the body is not OTLP; 401 without the console's key (the same headers as Galileo's routes:
 * {@code Galileo-API-Key} or {@code Authorization: Bearer}); 413 over the size limit, compressed
 * or not; 415 for another content type. Bad input is never a 5xx.
 *
 * <p>Spans of a trace the console does not have yet are filed in the project named by the
 * {@code project} header and the log stream named by {@code logstream} (the headers Galileo's
 * own OTLP endpoint reads), {@code default} and {@code default} when absent; spans of a stored
 * trace join its project.
 */
public final class OtlpIntake {
  static final String PROTOBUF = "application/x-protobuf";
  static final String DEFAULT_NAME = "default";
  /** google.rpc.Code INVALID_ARGUMENT, UNAUTHENTICATED, RESOURCE_EXHAUSTED, UNIMPLEMENTED. */
  private static final Map<Integer, Integer> RPC_CODES =
      Map.of(400, 3, 401, 16, 413, 8, 415, 12, 405, 12, 429, 8);

  private final Storage storage;
  private final Auth auth;
  private final long maxBodyBytes;

  public OtlpIntake(Storage storage, Auth auth, long maxBodyBytes) {
    this.storage = storage;
    this.auth = auth;
    this.maxBodyBytes = maxBodyBytes;
  }

  /**
   * Answers {@code /v1/traces} (OTLP/HTTP's path) and {@code /otel/traces} (Galileo's OTLP route
   * under its API, where this SDK's otlp exporter sends by default when a Galileo API URL is
   * set); null for any other path.
   */
  public Reply handle(Exchange ex, List<String> s) throws IOException {
    if (s.size() != 2 || !(s.get(0).equals("v1") || s.get(0).equals("otel"))
        || !s.get(1).equals("traces")) {
      return null;
    }
    boolean json = isJson(ex.header("Content-Type"));
    try {
      if (!ex.method().equals("POST")) {
        throw ApiException.methodNotAllowed("POST");
      }
      auth.check(ex);
      String type = mediaType(ex.header("Content-Type"));
      if (!json && !PROTOBUF.equals(type)) {
        throw ApiException.detail(415, "Unsupported Media Type: OTLP/HTTP is " + PROTOBUF
            + " or application/json, not " + (type == null ? "a body without Content-Type" : type));
      }
      byte[] body = decompress(ex.body(), ex.header("Content-Encoding"));
      ExportTraceServiceRequest request;
      Map<String, String> badIds = new LinkedHashMap<>();
      if (json) {
        request = parseJson(body, badIds);
      } else {
        try {
          request = ExportTraceServiceRequest.parseFrom(body);
        } catch (InvalidProtocolBufferException e) {
          throw bad("the body is not a protobuf ExportTraceServiceRequest: " + e.getMessage());
        }
      }
      return store(ex, request, badIds, json);
    } catch (ApiException e) {
      if (e.status() == 413) {
        throw e; // the dispatcher reads the rest of the body away first
      }
      String message = e.body().path("detail").isTextual() ? e.body().path("detail").asText()
          : e.body().toString();
      Reply r = status(e.status() >= 500 && e.status() != 503 ? 400 : e.status(), message, json);
      if (e.allow() != null) {
        r.header("Allow", e.allow());
      }
      if (e.retryAfterSeconds() >= 0) {
        r.header("Retry-After", Long.toString(e.retryAfterSeconds()));
      }
      return r;
    }
  }

  private Reply store(Exchange ex, ExportTraceServiceRequest request, Map<String, String> badIds,
      boolean json) throws IOException {
    List<Storage.OtlpSpan> spans = new ArrayList<>();
    List<String> refused = new ArrayList<>();
    for (int r = 0; r < request.getResourceSpansCount(); r++) {
      ResourceSpans rs = request.getResourceSpans(r);
      for (int sc = 0; sc < rs.getScopeSpansCount(); sc++) {
        ScopeSpans ss = rs.getScopeSpans(sc);
        for (int i = 0; i < ss.getSpansCount(); i++) {
          Span span = ss.getSpans(i);
          String where = "resourceSpans[" + r + "].scopeSpans[" + sc + "].spans[" + i + "] \""
              + OtlpSpans.clip(span.getName(), 100) + "\"";
          String problem = badIds.containsKey(r + "/" + sc + "/" + i)
              ? badIds.get(r + "/" + sc + "/" + i) : OtlpSpans.idProblem(span);
          if (problem != null) {
            refused.add(where + ": " + problem);
            continue;
          }
          spans.add(OtlpSpans.map(rs.getResource(), ss.getScope(), span, where));
        }
      }
    }
    if (!spans.isEmpty()) {
      String projectName = nameHeader(ex, "project");
      String streamName = nameHeader(ex, "logstream");
      Project project = storage.createProject(projectName, null);
      LogStream stream = storage.createLogStream(project.id(), streamName);
      Storage.OtlpOutcome outcome = storage.ingestOtlp(project.id(),
          new IngestRequests.Envelope(stream.id(), null, null), spans);
      refused.addAll(outcome.refused());
    }
    ExportTraceServiceResponse.Builder response = ExportTraceServiceResponse.newBuilder();
    if (!refused.isEmpty()) {
      String message = refused.size() + " span(s) refused: " + String.join("; ", refused.subList(0,
          Math.min(10, refused.size()))) + (refused.size() > 10 ? "; ..." : "");
      response.setPartialSuccess(ExportTracePartialSuccess.newBuilder()
          .setRejectedSpans(refused.size()).setErrorMessage(message));
    }
    ExportTraceServiceResponse built = response.build();
    if (json) {
      return new Reply(200, Reply.JSON,
          JsonFormat.printer().print(built).getBytes(StandardCharsets.UTF_8), new LinkedHashMap<>());
    }
    return new Reply(200, PROTOBUF, built.toByteArray(), new LinkedHashMap<>());
  }

  private static String nameHeader(Exchange ex, String header) {
    String v = ex.header(header);
    return v == null || v.isBlank() ? DEFAULT_NAME : v.trim();
  }

  // --- decoding

  private byte[] decompress(byte[] body, String encoding) throws IOException {
    if (encoding == null || encoding.isBlank() || encoding.trim().equalsIgnoreCase("identity")) {
      return body;
    }
    if (!encoding.trim().equalsIgnoreCase("gzip")) {
      throw ApiException.detail(415, "Unsupported Content-Encoding " + encoding.trim()
          + ": gzip or none");
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] buf = new byte[16 * 1024];
    try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(body))) {
      int n;
      while ((n = in.read(buf)) > 0) {
        if (out.size() + (long) n > maxBodyBytes) {
          throw ApiException.detail(413, "Request body, decompressed, is larger than the limit of "
              + maxBodyBytes + " bytes");
        }
        out.write(buf, 0, n);
      }
    } catch (ZipException | java.io.EOFException e) {
      throw bad("Content-Encoding is gzip but the body is not valid gzip: " + e.getMessage());
    }
    return out.toByteArray();
  }

  /**
   * OTLP/JSON: protobuf's JSON mapping, except that trace and span ids are hex strings, not
   * base64. Ids are turned into base64 here; a span with an id that is not hex is noted in
   * {@code badIds} (by its place) and refused, the others kept.
   */
  private static ExportTraceServiceRequest parseJson(byte[] body, Map<String, String> badIds) {
    JsonNode tree;
    try {
      tree = Json.parse(body);
    } catch (JsonProcessingException e) {
      throw bad("the body is not JSON: " + e.getOriginalMessage());
    } catch (IOException e) {
      throw bad("the body is not JSON: " + e.getMessage());
    }
    if (!tree.isObject()) {
      throw bad("the body is not an OTLP/JSON ExportTraceServiceRequest: not a JSON object");
    }
    ArrayNode resources = array(tree, "resourceSpans", "resource_spans");
    for (int r = 0; resources != null && r < resources.size(); r++) {
      ArrayNode scopes = array(resources.get(r), "scopeSpans", "scope_spans");
      for (int sc = 0; scopes != null && sc < scopes.size(); sc++) {
        ArrayNode spans = array(scopes.get(sc), "spans", "spans");
        for (int i = 0; spans != null && i < spans.size(); i++) {
          if (!(spans.get(i) instanceof ObjectNode span)) {
            continue;
          }
          String problem = null;
          for (String[] field : new String[][] {{"traceId", "trace_id"}, {"spanId", "span_id"},
              {"parentSpanId", "parent_span_id"}}) {
            String p = hexToBase64(span, field[0]);
            p = p != null ? p : hexToBase64(span, field[1]);
            problem = problem != null ? problem : p;
          }
          ArrayNode links = array(span, "links", "links");
          for (int l = 0; links != null && l < links.size(); l++) {
            if (links.get(l) instanceof ObjectNode link) {
              for (String f : List.of("traceId", "trace_id", "spanId", "span_id")) {
                if (hexToBase64(link, f) != null) {
                  link.remove(f); // a bad link is dropped; the span is kept
                }
              }
            }
          }
          if (problem != null) {
            badIds.put(r + "/" + sc + "/" + i, problem);
          }
        }
      }
    }
    ExportTraceServiceRequest.Builder b = ExportTraceServiceRequest.newBuilder();
    try {
      JsonFormat.parser().ignoringUnknownFields().merge(Json.write(tree), b);
    } catch (InvalidProtocolBufferException | RuntimeException e) {
      throw bad("the body is not an OTLP/JSON ExportTraceServiceRequest: " + e.getMessage());
    }
    return b.build();
  }

  private static ArrayNode array(JsonNode node, String camel, String snake) {
    JsonNode v = node == null ? null : node.has(camel) ? node.get(camel) : node.get(snake);
    return v instanceof ArrayNode a ? a : null;
  }

  /** Rewrites a hex id field as base64; returns the problem (and blanks the field) when not hex. */
  private static String hexToBase64(ObjectNode o, String field) {
    JsonNode v = o.get(field);
    if (v == null || v.isNull()) {
      return null;
    }
    String hex = v.isTextual() ? v.textValue() : null;
    try {
      if (hex == null || (hex.length() & 1) == 1) {
        throw new IllegalArgumentException("odd length");
      }
      o.put(field, Base64.getEncoder().encodeToString(HexFormat.of().parseHex(hex)));
      return null;
    } catch (IllegalArgumentException e) {
      o.remove(field);
      return field + " " + OtlpSpans.clip(String.valueOf(v), 40) + " is not a hex string";
    }
  }

  // --- answers

  private static boolean isJson(String contentType) {
    return "application/json".equals(mediaType(contentType));
  }

  private static String mediaType(String contentType) {
    if (contentType == null) {
      return null;
    }
    int semi = contentType.indexOf(';');
    return (semi < 0 ? contentType : contentType.substring(0, semi)).trim().toLowerCase(Locale.ROOT);
  }

  private static ApiException bad(String message) {
    return ApiException.detail(400, message);
  }

  /** A {@code google.rpc.Status} (code, message) in the request's encoding. */
  static Reply status(int httpStatus, String message, boolean json) {
    int code = RPC_CODES.getOrDefault(httpStatus, 2);
    if (json) {
      ObjectNode o = Json.object().put("code", code).put("message", message);
      return Reply.json(httpStatus, o);
    }
    // google.rpc.Status: 1 int32 code, 2 string message (3, details, left out).
    byte[] msg = message.getBytes(StandardCharsets.UTF_8);
    byte[] out = new byte[CodedOutputStream.computeInt32Size(1, code)
        + CodedOutputStream.computeBytesSize(2, ByteString.copyFrom(msg))];
    CodedOutputStream cos = CodedOutputStream.newInstance(out);
    try {
      cos.writeInt32(1, code);
      cos.writeBytes(2, ByteString.copyFrom(msg));
      cos.checkNoSpaceLeft();
    } catch (IOException e) {
      throw new IllegalStateException("sized exactly", e);
    }
    return new Reply(httpStatus, PROTOBUF, out, new LinkedHashMap<>());
  }
}
