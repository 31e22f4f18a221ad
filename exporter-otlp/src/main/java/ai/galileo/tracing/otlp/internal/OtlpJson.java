package ai.galileo.tracing.otlp.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Base64;

/**
 * OTLP/JSON, transcoded from the protobuf request {@link OtlpSpans} wrote, with the few OTLP
 * messages it writes described below by field number. It follows the OTLP specification where it
 * differs from protobuf's canonical JSON mapping: trace and span ids are hex strings, not base64,
 * and enums are their integer values. Field names are lowerCamelCase, 64-bit integers strings, and
 * fields are written in field-number order, as the canonical mapping does; a repeated field's
 * values must be consecutive, as every encoder writes them.
 */
public final class OtlpJson {
  private static final JsonFactory FACTORY = new JsonFactory();
  private static final char[] HEX = "0123456789abcdef".toCharArray();

  private enum Type {
    MESSAGE(ProtoWriter.LENGTH_DELIMITED), STRING(ProtoWriter.LENGTH_DELIMITED),
    HEX_ID(ProtoWriter.LENGTH_DELIMITED), BYTES(ProtoWriter.LENGTH_DELIMITED),
    INT64(ProtoWriter.VARINT), UINT32(ProtoWriter.VARINT), ENUM(ProtoWriter.VARINT),
    BOOL(ProtoWriter.VARINT), FIXED64(ProtoWriter.FIXED64), DOUBLE(ProtoWriter.FIXED64),
    FIXED32(ProtoWriter.FIXED32);

    final int wireType;

    Type(int wireType) {
      this.wireType = wireType;
    }
  }

  private record Field(String name, Type type, boolean repeated, Schema message) {}

  /** One message type: its fields by number. */
  private static final class Schema {
    private final Field[] fields = new Field[17];

    Schema field(int number, String name, Type type) {
      fields[number] = new Field(name, type, false, null);
      return this;
    }

    Schema message(int number, String name, Schema message, boolean repeated) {
      fields[number] = new Field(name, Type.MESSAGE, repeated, message);
      return this;
    }

    Field get(int number) {
      return number < fields.length ? fields[number] : null;
    }
  }

  private static final Schema REQUEST = new Schema();

  static {
    // opentelemetry-proto 1.x: collector/trace/v1, trace/v1, resource/v1, common/v1.
    Schema anyValue = new Schema();
    Schema keyValue = new Schema().field(1, "key", Type.STRING).message(2, "value", anyValue, false);
    anyValue.field(1, "stringValue", Type.STRING).field(2, "boolValue", Type.BOOL)
        .field(3, "intValue", Type.INT64).field(4, "doubleValue", Type.DOUBLE)
        .message(5, "arrayValue", new Schema().message(1, "values", anyValue, true), false)
        .message(6, "kvlistValue", new Schema().message(1, "values", keyValue, true), false)
        .field(7, "bytesValue", Type.BYTES);
    Schema resource = new Schema().message(1, "attributes", keyValue, true)
        .field(2, "droppedAttributesCount", Type.UINT32);
    Schema scope = new Schema().field(1, "name", Type.STRING).field(2, "version", Type.STRING)
        .message(3, "attributes", keyValue, true).field(4, "droppedAttributesCount", Type.UINT32);
    Schema event = new Schema().field(1, "timeUnixNano", Type.FIXED64).field(2, "name", Type.STRING)
        .message(3, "attributes", keyValue, true).field(4, "droppedAttributesCount", Type.UINT32);
    Schema link = new Schema().field(1, "traceId", Type.HEX_ID).field(2, "spanId", Type.HEX_ID)
        .field(3, "traceState", Type.STRING).message(4, "attributes", keyValue, true)
        .field(5, "droppedAttributesCount", Type.UINT32).field(6, "flags", Type.FIXED32);
    Schema status = new Schema().field(2, "message", Type.STRING).field(3, "code", Type.ENUM);
    Schema span = new Schema().field(1, "traceId", Type.HEX_ID).field(2, "spanId", Type.HEX_ID)
        .field(3, "traceState", Type.STRING).field(4, "parentSpanId", Type.HEX_ID)
        .field(5, "name", Type.STRING).field(6, "kind", Type.ENUM)
        .field(7, "startTimeUnixNano", Type.FIXED64).field(8, "endTimeUnixNano", Type.FIXED64)
        .message(9, "attributes", keyValue, true).field(10, "droppedAttributesCount", Type.UINT32)
        .message(11, "events", event, true).field(12, "droppedEventsCount", Type.UINT32)
        .message(13, "links", link, true).field(14, "droppedLinksCount", Type.UINT32)
        .message(15, "status", status, false).field(16, "flags", Type.FIXED32);
    Schema scopeSpans = new Schema().message(1, "scope", scope, false)
        .message(2, "spans", span, true).field(3, "schemaUrl", Type.STRING);
    Schema resourceSpans = new Schema().message(1, "resource", resource, false)
        .message(2, "scopeSpans", scopeSpans, true).field(3, "schemaUrl", Type.STRING);
    REQUEST.message(1, "resourceSpans", resourceSpans, true);
  }

  private OtlpJson() {}

  /** The OTLP/JSON form of an {@code ExportTraceServiceRequest} in protobuf, its first {@code length} bytes. */
  public static byte[] fromProtobuf(byte[] request, int length) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(Math.max(256, length * 3 / 2));
    try (JsonGenerator g = FACTORY.createGenerator(out)) {
      message(g, new ProtoReader(request, 0, length), REQUEST);
    } catch (IOException e) {
      throw new UncheckedIOException(e); // a ByteArrayOutputStream does not fail
    }
    return out.toByteArray();
  }

  private static void message(JsonGenerator g, ProtoReader r, Schema schema) throws IOException {
    g.writeStartObject();
    int openArray = 0;
    while (r.next()) {
      Field f = schema.get(r.field());
      if (f == null || f.type().wireType != r.wireType()) {
        r.skip(); // not a field this exporter writes
        continue;
      }
      if (openArray != 0 && openArray != r.field()) {
        g.writeEndArray();
        openArray = 0;
      }
      if (!f.repeated()) {
        g.writeFieldName(f.name());
      } else if (openArray == 0) {
        g.writeArrayFieldStart(f.name());
        openArray = r.field();
      }
      value(g, r, f);
    }
    if (openArray != 0) {
      g.writeEndArray();
    }
    g.writeEndObject();
  }

  private static void value(JsonGenerator g, ProtoReader r, Field f) throws IOException {
    switch (f.type()) {
      case MESSAGE -> message(g, r.message(), f.message());
      case STRING -> { // our own UTF-8, copied with only JSON's escapes: no String made
        r.readDelimited();
        g.writeUTF8String(r.buffer(), r.valueStart(), r.valueEnd() - r.valueStart());
      }
      case HEX_ID -> g.writeString(hex(r.bytes()));
      case BYTES -> g.writeString(Base64.getEncoder().encodeToString(r.bytes()));
      case INT64 -> g.writeString(Long.toString(r.varint()));
      case UINT32 -> g.writeNumber(r.varint() & 0xffff_ffffL);
      case ENUM -> g.writeNumber((int) r.varint());
      case BOOL -> g.writeBoolean(r.varint() != 0);
      case FIXED64 -> g.writeString(Long.toUnsignedString(r.fixed64()));
      case FIXED32 -> g.writeNumber(r.fixed32() & 0xffff_ffffL);
      case DOUBLE -> {
        double d = Double.longBitsToDouble(r.fixed64());
        if (Double.isFinite(d)) {
          g.writeNumber(d);
        } else {
          g.writeString(Double.isNaN(d) ? "NaN" : d > 0 ? "Infinity" : "-Infinity");
        }
      }
    }
  }

  static String hex(byte[] b) {
    char[] out = new char[b.length * 2];
    for (int i = 0; i < b.length; i++) {
      out[2 * i] = HEX[(b[i] >> 4) & 0xf];
      out[2 * i + 1] = HEX[b[i] & 0xf];
    }
    return new String(out);
  }

  /**
   * The {@code partial_success} of an OTLP protobuf response ({@code ExportTraceServiceResponse}:
   * field 1, an {@code ExportTracePartialSuccess} of {@code rejected_spans} = 1 and {@code
   * error_message} = 2); zero and null when absent or unreadable.
   */
  static PartialSuccess partialSuccessProtobuf(byte[] body) {
    try {
      ProtoReader r = new ProtoReader(body, 0, body.length);
      long rejected = 0;
      String message = "";
      boolean found = false;
      while (r.next()) {
        if (r.field() != 1 || r.wireType() != ProtoWriter.LENGTH_DELIMITED) {
          r.skip();
          continue;
        }
        found = true;
        ProtoReader p = r.message();
        while (p.next()) {
          if (p.field() == 1 && p.wireType() == ProtoWriter.VARINT) {
            rejected = p.varint();
          } else if (p.field() == 2 && p.wireType() == ProtoWriter.LENGTH_DELIMITED) {
            message = p.string();
          } else {
            p.skip();
          }
        }
      }
      return found ? new PartialSuccess(rejected, message) : PartialSuccess.NONE;
    } catch (IllegalArgumentException e) {
      return PartialSuccess.NONE;
    }
  }

  /**
   * The {@code partialSuccess} of an OTLP/JSON response: rejected spans and the error message;
   * zero and null when absent or unreadable.
   */
  static PartialSuccess partialSuccess(byte[] body) {
    long rejected = 0;
    String message = null;
    try (JsonParser p = FACTORY.createParser(body)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        return PartialSuccess.NONE;
      }
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String name = p.currentName();
        JsonToken t = p.nextToken();
        if (!name.equals("partialSuccess") && !name.equals("partial_success")
            || t != JsonToken.START_OBJECT) {
          p.skipChildren();
          continue;
        }
        while (p.nextToken() == JsonToken.FIELD_NAME) {
          String field = p.currentName();
          p.nextToken();
          if (field.equals("rejectedSpans") || field.equals("rejected_spans")) {
            rejected = Long.parseLong(p.getValueAsString("0").trim());
          } else if (field.equals("errorMessage") || field.equals("error_message")) {
            message = p.getValueAsString();
          } else {
            p.skipChildren();
          }
        }
      }
    } catch (IOException | RuntimeException e) {
      return PartialSuccess.NONE;
    }
    return new PartialSuccess(rejected, message);
  }

  /** What a response says it did not take. */
  record PartialSuccess(long rejectedSpans, String errorMessage) {
    static final PartialSuccess NONE = new PartialSuccess(0, null);
  }
}
