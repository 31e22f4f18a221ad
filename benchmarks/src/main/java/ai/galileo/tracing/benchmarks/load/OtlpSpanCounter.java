package ai.galileo.tracing.benchmarks.load;

/**
 * Counts the spans in an OTLP {@code ExportTraceServiceRequest} by walking the protobuf wire format
 * (resource_spans = 1, then scope_spans = 2, then spans = 2) without decoding anything else.
 */
final class OtlpSpanCounter {
  private static final int[] PATH = {1, 2, 2};

  private OtlpSpanCounter() {}

  static long count(byte[] message) {
    try {
      return count(message, 0, message.length, 0);
    } catch (RuntimeException e) {
      return 0; // not protobuf: nothing counted
    }
  }

  private static long count(byte[] b, int from, int to, int depth) {
    long n = 0;
    int[] pos = {from};
    while (pos[0] < to) {
      long tag = varint(b, pos);
      int field = (int) (tag >>> 3);
      int wire = (int) (tag & 7);
      switch (wire) {
        case 0 -> varint(b, pos);
        case 1 -> pos[0] += 8;
        case 5 -> pos[0] += 4;
        case 2 -> {
          int length = (int) varint(b, pos);
          if (field == PATH[depth]) {
            n += depth == PATH.length - 1 ? 1 : count(b, pos[0], pos[0] + length, depth + 1);
          }
          pos[0] += length;
        }
        default -> throw new IllegalArgumentException("wire type " + wire);
      }
    }
    return n;
  }

  private static long varint(byte[] b, int[] pos) {
    long value = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      byte x = b[pos[0]++];
      value |= (long) (x & 0x7f) << shift;
      if (x >= 0) {
        return value;
      }
    }
    throw new IllegalArgumentException("varint too long");
  }
}
