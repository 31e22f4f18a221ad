package ai.galileo.tracing.otlp.internal;

import java.util.Arrays;

/**
 * The protobuf wire format written into one growing byte array, reused from request to request.
 * A nested message's length is not known before its fields are written: {@link #begin} leaves
 * room for a guess at the length's varint and {@link #end} writes it there, moving the message's
 * bytes only when the guess was wrong, so the output is the canonical encoding protobuf-java
 * writes. Strings are encoded to UTF-8 in place ({@link Utf8}), without a byte array per string.
 *
 * <p>Not thread-safe: one writer per encoding thread.
 */
final class ProtoWriter {
  static final int VARINT = 0;
  static final int FIXED64 = 1;
  static final int LENGTH_DELIMITED = 2;
  static final int FIXED32 = 5;

  /** Nesting deeper than OTLP's (request, resource spans, scope spans, span, key-value, value, array, value). */
  private static final int MAX_DEPTH = 16;

  private byte[] buf;
  private int pos;
  private final int[] starts = new int[MAX_DEPTH];
  private final byte[] reserved = new byte[MAX_DEPTH];
  private int depth;

  ProtoWriter(int initialCapacity) {
    buf = new byte[Math.max(64, initialCapacity)];
  }

  /** Starts over; the array is kept. */
  void reset() {
    pos = 0;
    depth = 0;
  }

  int size() {
    return pos;
  }

  int capacity() {
    return buf.length;
  }

  byte[] toByteArray() {
    return Arrays.copyOf(buf, pos);
  }

  /** The bytes written so far, valid until the next write; {@link #size()} of them. */
  byte[] array() {
    return buf;
  }

  void tag(int field, int wireType) {
    varint32((field << 3) | wireType);
  }

  /** A length-delimited field: its message follows, until the matching {@link #end}. */
  void begin(int field) {
    begin(field, 1);
  }

  /**
   * As {@link #begin(int)}, with room for a length of {@code lengthBytes} varint bytes: 1 for a
   * message under 128 bytes, 2 under 16 KiB, 3 under 2 MiB.
   */
  void begin(int field, int lengthBytes) {
    tag(field, LENGTH_DELIMITED);
    ensure(lengthBytes);
    starts[depth] = pos;
    reserved[depth] = (byte) lengthBytes;
    depth++;
    pos += lengthBytes;
  }

  void end() {
    depth--;
    int start = starts[depth];
    int room = reserved[depth];
    int length = pos - start - room;
    int needed = varintSize(length);
    if (needed != room) {
      ensure(needed - room);
      System.arraycopy(buf, start + room, buf, start + needed, length);
      pos += needed - room;
    }
    int p = start;
    int v = length;
    while ((v & ~0x7f) != 0) {
      buf[p++] = (byte) ((v & 0x7f) | 0x80);
      v >>>= 7;
    }
    buf[p] = (byte) v;
  }

  /**
   * A string field, UTF-8. A lone half of a surrogate pair becomes U+FFFD, as {@code SafeText}
   * repairs it, so text within the length limit needs no pass of its own before it comes here.
   */
  void string(int field, String s) {
    tag(field, LENGTH_DELIMITED);
    int chars = s.length();
    // Room for every character as three bytes, the length assumed to be one byte per character.
    ensure(5 + 3 * chars);
    int room = varintSize(chars);
    int start = pos;
    int p = utf8.encode(s, buf, start + room);
    pos = p;
    int length = p - start - room;
    int needed = varintSize(length);
    if (needed != room) { // more bytes than characters, across a varint boundary
      ensure(needed - room);
      System.arraycopy(buf, start + room, buf, start + needed, length);
      pos += needed - room;
    }
    int q = start;
    int v = length;
    while ((v & ~0x7f) != 0) {
      buf[q++] = (byte) ((v & 0x7f) | 0x80);
      v >>>= 7;
    }
    buf[q] = (byte) v;
  }

  private final Utf8 utf8 = new Utf8();

  /** A proto3 string field that is not written when empty, as protobuf-java leaves it out. */
  void stringIfNotEmpty(int field, String s) {
    if (!s.isEmpty()) {
      string(field, s);
    }
  }

  /** A UUID's canonical text form, as {@link java.util.UUID#toString()} has it, as a string field. */
  void uuidText(int field, java.util.UUID id) {
    tag(field, LENGTH_DELIMITED);
    ensure(37);
    buf[pos++] = 36;
    long high = id.getMostSignificantBits();
    long low = id.getLeastSignificantBits();
    hex(high >>> 32, 8);
    buf[pos++] = '-';
    hex(high >>> 16, 4);
    buf[pos++] = '-';
    hex(high, 4);
    buf[pos++] = '-';
    hex(low >>> 48, 4);
    buf[pos++] = '-';
    hex(low, 12);
  }

  private static final byte[] HEX = "0123456789abcdef".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

  /** The low {@code digits} hex digits of {@code v}. */
  private void hex(long v, int digits) {
    for (int shift = (digits - 1) * 4; shift >= 0; shift -= 4) {
      buf[pos++] = HEX[(int) (v >>> shift) & 0xf];
    }
  }

  void bytes(int field, byte[] bytes) {
    tag(field, LENGTH_DELIMITED);
    varint32(bytes.length);
    ensure(bytes.length);
    System.arraycopy(bytes, 0, buf, pos, bytes.length);
    pos += bytes.length;
  }

  /** A field of 8 bytes taken from a long, most significant first (an OTLP span id). */
  void id64(int field, long id) {
    tag(field, LENGTH_DELIMITED);
    ensure(9);
    buf[pos++] = 8;
    bigEndian(id);
  }

  /** A field of 16 bytes taken from two longs, most significant first (an OTLP trace id). */
  void id128(int field, long high, long low) {
    tag(field, LENGTH_DELIMITED);
    ensure(17);
    buf[pos++] = 16;
    bigEndian(high);
    bigEndian(low);
  }

  private void bigEndian(long v) {
    for (int shift = 56; shift >= 0; shift -= 8) {
      buf[pos++] = (byte) (v >>> shift);
    }
  }

  /** An int64, int32 or enum field (negative numbers take ten bytes, as protobuf says). */
  void int64(int field, long value) {
    tag(field, VARINT);
    varint64(value);
  }

  void bool(int field, boolean value) {
    tag(field, VARINT);
    ensure(1);
    buf[pos++] = (byte) (value ? 1 : 0);
  }

  void fixed64(int field, long value) {
    tag(field, FIXED64);
    ensure(8);
    for (int shift = 0; shift < 64; shift += 8) {
      buf[pos++] = (byte) (value >>> shift);
    }
  }

  /** A proto3 fixed64 field, left out at zero as protobuf-java leaves it out. */
  void fixed64IfNotZero(int field, long value) {
    if (value != 0) {
      fixed64(field, value);
    }
  }

  void double64(int field, double value) {
    fixed64(field, Double.doubleToRawLongBits(value));
  }

  /** Bytes already encoded as fields of the current message (a message encoded once, reused). */
  void raw(byte[] encoded) {
    raw(encoded, 0, encoded.length);
  }

  /** Bytes of a value being written (a string field's UTF-8, or encoded fields). */
  void raw(byte[] bytes, int offset, int length) {
    ensure(length);
    System.arraycopy(bytes, offset, buf, pos, length);
    pos += length;
  }

  void rawByte(int b) {
    ensure(1);
    buf[pos++] = (byte) b;
  }

  /** How many nested messages are open. */
  int depth() {
    return depth;
  }

  /** Back to an earlier {@link #size()} and {@link #depth()}: what was written since is dropped. */
  void rewind(int size, int openMessages) {
    pos = size;
    depth = openMessages;
  }

  private void varint32(int v) {
    ensure(5);
    while ((v & ~0x7f) != 0) {
      buf[pos++] = (byte) ((v & 0x7f) | 0x80);
      v >>>= 7;
    }
    buf[pos++] = (byte) v;
  }

  private void varint64(long v) {
    ensure(10);
    while ((v & ~0x7fL) != 0) {
      buf[pos++] = (byte) ((v & 0x7f) | 0x80);
      v >>>= 7;
    }
    buf[pos++] = (byte) v;
  }

  static int varintSize(int v) {
    if ((v & (~0 << 7)) == 0) {
      return 1;
    }
    if ((v & (~0 << 14)) == 0) {
      return 2;
    }
    if ((v & (~0 << 21)) == 0) {
      return 3;
    }
    if ((v & (~0 << 28)) == 0) {
      return 4;
    }
    return 5;
  }

  private void ensure(int more) {
    if (buf.length - pos < more) {
      long wanted = Math.max((long) buf.length * 2, (long) pos + more);
      if (wanted > Integer.MAX_VALUE - 8) {
        throw new IllegalStateException("An OTLP request over 2 GiB cannot be encoded");
      }
      buf = Arrays.copyOf(buf, (int) wanted);
    }
  }
}
