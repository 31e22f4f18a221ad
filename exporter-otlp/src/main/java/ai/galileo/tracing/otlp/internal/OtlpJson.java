package ai.galileo.tracing.otlp.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.google.protobuf.ByteString;
import com.google.protobuf.Descriptors.EnumValueDescriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Message;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * OTLP/JSON, written from the official messages' descriptors. It differs from protobuf's canonical
 * JSON mapping where the OTLP specification says so: trace and span ids are hex strings, not
 * base64, and enums are their integer values. Field names are lowerCamelCase, 64-bit integers
 * strings, and fields at their default value are left out, as in the canonical mapping.
 */
public final class OtlpJson {
  private static final JsonFactory FACTORY = new JsonFactory();
  private static final Set<String> HEX_IDS = Set.of("trace_id", "span_id", "parent_span_id");
  private static final char[] HEX = "0123456789abcdef".toCharArray();

  private OtlpJson() {}

  public static byte[] write(Message message) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(4096);
    try (JsonGenerator g = FACTORY.createGenerator(out)) {
      message(g, message);
    } catch (IOException e) {
      throw new UncheckedIOException(e); // a ByteArrayOutputStream does not fail
    }
    return out.toByteArray();
  }

  private static void message(JsonGenerator g, Message m) throws IOException {
    // Attributes make up most of a request: written with their getters, not by reflection.
    if (m instanceof KeyValue kv) {
      g.writeStartObject();
      g.writeStringField("key", kv.getKey());
      if (kv.hasValue()) {
        g.writeFieldName("value");
        anyValue(g, kv.getValue());
      }
      g.writeEndObject();
      return;
    }
    if (m instanceof AnyValue v) {
      anyValue(g, v);
      return;
    }
    generic(g, m);
  }

  /** Any message, from its descriptor: the fields that are set, by their JSON names. */
  private static void generic(JsonGenerator g, Message m) throws IOException {
    g.writeStartObject();
    for (Map.Entry<FieldDescriptor, Object> e : m.getAllFields().entrySet()) {
      FieldDescriptor f = e.getKey();
      g.writeFieldName(f.getJsonName());
      if (f.isRepeated()) {
        g.writeStartArray();
        for (Object v : (List<?>) e.getValue()) {
          value(g, f, v);
        }
        g.writeEndArray();
      } else {
        value(g, f, e.getValue());
      }
    }
    g.writeEndObject();
  }

  private static void anyValue(JsonGenerator g, AnyValue v) throws IOException {
    switch (v.getValueCase()) {
      case STRING_VALUE -> {
        g.writeStartObject();
        g.writeStringField("stringValue", v.getStringValue());
        g.writeEndObject();
      }
      case INT_VALUE -> {
        g.writeStartObject();
        g.writeStringField("intValue", Long.toString(v.getIntValue()));
        g.writeEndObject();
      }
      case BOOL_VALUE -> {
        g.writeStartObject();
        g.writeBooleanField("boolValue", v.getBoolValue());
        g.writeEndObject();
      }
      default -> generic(g, v); // doubles (NaN), arrays, maps, bytes, unset: the general path
    }
  }

  private static void value(JsonGenerator g, FieldDescriptor f, Object v) throws IOException {
    switch (f.getJavaType()) {
      case MESSAGE -> message(g, (Message) v);
      case ENUM -> g.writeNumber(((EnumValueDescriptor) v).getNumber());
      case BYTE_STRING -> {
        byte[] b = ((ByteString) v).toByteArray();
        g.writeString(HEX_IDS.contains(f.getName()) ? hex(b) : Base64.getEncoder().encodeToString(b));
      }
      case LONG -> {
        long n = (Long) v;
        boolean unsigned = f.getType() == FieldDescriptor.Type.FIXED64
            || f.getType() == FieldDescriptor.Type.UINT64;
        g.writeString(unsigned ? Long.toUnsignedString(n) : Long.toString(n));
      }
      case INT -> {
        int n = (Integer) v;
        boolean unsigned = f.getType() == FieldDescriptor.Type.FIXED32
            || f.getType() == FieldDescriptor.Type.UINT32;
        g.writeNumber(unsigned ? Integer.toUnsignedLong(n) : n);
      }
      case DOUBLE, FLOAT -> {
        double d = ((Number) v).doubleValue();
        if (Double.isFinite(d)) {
          g.writeNumber(d);
        } else {
          g.writeString(Double.isNaN(d) ? "NaN" : d > 0 ? "Infinity" : "-Infinity");
        }
      }
      case BOOLEAN -> g.writeBoolean((Boolean) v);
      case STRING -> g.writeString((String) v);
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
