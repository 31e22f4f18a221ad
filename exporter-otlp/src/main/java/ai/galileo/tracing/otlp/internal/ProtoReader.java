package ai.galileo.tracing.otlp.internal;

import java.nio.charset.StandardCharsets;

/**
 * Reads the protobuf wire format field by field: enough for an OTLP response's partial success
 * and for turning our own requests into OTLP/JSON. Malformed input throws {@link
 * IllegalArgumentException}, never reads out of bounds.
 */
final class ProtoReader {
  private final byte[] buf;
  private int pos;
  private final int limit;
  private int tag;

  ProtoReader(byte[] buf, int offset, int limit) {
    if (offset < 0 || limit > buf.length || offset > limit) {
      throw new IllegalArgumentException("bad bounds");
    }
    this.buf = buf;
    this.pos = offset;
    this.limit = limit;
  }

  /** Moves to the next field; false at the end of the message. */
  boolean next() {
    if (pos >= limit) {
      return false;
    }
    long t = varint();
    if (t <= 0 || t > Integer.MAX_VALUE || (t >>> 3) == 0) {
      throw new IllegalArgumentException("bad tag " + t);
    }
    tag = (int) t;
    return true;
  }

  int field() {
    return tag >>> 3;
  }

  int wireType() {
    return tag & 7;
  }

  long varint() {
    long result = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      if (pos >= limit) {
        throw new IllegalArgumentException("truncated varint");
      }
      byte b = buf[pos++];
      result |= (long) (b & 0x7f) << shift;
      if (b >= 0) {
        return result;
      }
    }
    throw new IllegalArgumentException("varint longer than ten bytes");
  }

  long fixed64() {
    need(8);
    long v = 0;
    for (int i = 0; i < 8; i++) {
      v |= (buf[pos++] & 0xffL) << (8 * i);
    }
    return v;
  }

  int fixed32() {
    need(4);
    int v = 0;
    for (int i = 0; i < 4; i++) {
      v |= (buf[pos++] & 0xff) << (8 * i);
    }
    return v;
  }

  /** Reads a length-delimited field's length and moves past it: its bytes are [valueStart, pos). */
  private void delimited() {
    long len = varint();
    if (len < 0 || len > limit - pos) {
      throw new IllegalArgumentException("length " + len + " past the end");
    }
    valueStart = pos;
    pos += (int) len;
  }

  private int valueStart;

  /** Moves past a length-delimited field, whose bytes are then {@link #valueStart()} to {@link #valueEnd()}. */
  void readDelimited() {
    delimited();
  }

  int valueStart() {
    return valueStart;
  }

  int valueEnd() {
    return pos;
  }

  byte[] buffer() {
    return buf;
  }

  /** A reader over a length-delimited field's bytes (a nested message). */
  ProtoReader message() {
    delimited();
    return new ProtoReader(buf, valueStart, pos);
  }

  String string() {
    delimited();
    return new String(buf, valueStart, pos - valueStart, StandardCharsets.UTF_8);
  }

  byte[] bytes() {
    delimited();
    return java.util.Arrays.copyOfRange(buf, valueStart, pos);
  }

  /** Skips the current field's value. */
  void skip() {
    switch (wireType()) {
      case ProtoWriter.VARINT -> varint();
      case ProtoWriter.FIXED64 -> {
        need(8);
        pos += 8;
      }
      case ProtoWriter.LENGTH_DELIMITED -> delimited();
      case ProtoWriter.FIXED32 -> {
        need(4);
        pos += 4;
      }
      default -> throw new IllegalArgumentException("unsupported wire type " + wireType());
    }
  }

  private void need(int n) {
    if (limit - pos < n) {
      throw new IllegalArgumentException("truncated field");
    }
  }
}
