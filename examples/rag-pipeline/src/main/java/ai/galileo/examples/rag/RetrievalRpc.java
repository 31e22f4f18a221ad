package ai.galileo.examples.rag;

import io.grpc.MethodDescriptor;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * The retrieval service over gRPC, written by hand: a unary method {@code rag.Retrieval/Search}
 * whose request and response are the same JSON documents as over HTTP, carried as UTF-8 strings,
 * and a server-streaming {@code rag.Retrieval/SearchStream} that answers the same request with one
 * message per result. No protoc, no generated code; a real service would use protobuf messages the
 * same way.
 */
final class RetrievalRpc {
  static final String SERVICE = "rag.Retrieval";

  static final MethodDescriptor.Marshaller<String> UTF8 = new MethodDescriptor.Marshaller<>() {
    @Override
    public InputStream stream(String value) {
      return new ByteArrayInputStream(value.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public String parse(InputStream stream) {
      try {
        return new String(stream.readAllBytes(), StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  };

  static final MethodDescriptor<String, String> SEARCH = MethodDescriptor.<String, String>newBuilder()
      .setType(MethodDescriptor.MethodType.UNARY)
      .setFullMethodName(MethodDescriptor.generateFullMethodName(SERVICE, "Search"))
      .setRequestMarshaller(UTF8)
      .setResponseMarshaller(UTF8)
      .build();

  /** One message per result, each {@code {"service": ..., "results": [one]}}. */
  static final MethodDescriptor<String, String> SEARCH_STREAM = MethodDescriptor.<String, String>newBuilder()
      .setType(MethodDescriptor.MethodType.SERVER_STREAMING)
      .setFullMethodName(MethodDescriptor.generateFullMethodName(SERVICE, "SearchStream"))
      .setRequestMarshaller(UTF8)
      .setResponseMarshaller(UTF8)
      .build();

  private RetrievalRpc() {}
}
