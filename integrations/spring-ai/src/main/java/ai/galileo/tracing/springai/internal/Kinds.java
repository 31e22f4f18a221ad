package ai.galileo.tracing.springai.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * The kinds of observation this handler can turn into spans, given which Spring AI modules the
 * application has: {@code spring-ai-model} (chat models, tools, embedding models),
 * {@code spring-ai-client-chat} (ChatClient and its advisors), {@code spring-ai-vector-store}
 * (vector store operations). A kind whose module is missing is left out, never failed on.
 *
 * <p>Internal: not part of the public API and may change without notice.
 */
final class Kinds {
  private Kinds() {}

  static List<ObservationKind> available() {
    List<ObservationKind> kinds = new ArrayList<>(6);
    add(kinds, "org.springframework.ai.chat.observation.ChatModelObservationContext", ChatModelKind::new);
    add(kinds, "org.springframework.ai.tool.observation.ToolCallingObservationContext", ToolKind::new);
    add(kinds, "org.springframework.ai.embedding.observation.EmbeddingModelObservationContext", EmbeddingKind::new);
    add(kinds, "org.springframework.ai.chat.client.observation.ChatClientObservationContext", ChatClientKind::new);
    add(kinds, "org.springframework.ai.chat.client.advisor.observation.AdvisorObservationContext", AdvisorKind::new);
    add(kinds, "org.springframework.ai.vectorstore.observation.VectorStoreObservationContext", VectorStoreKind::new);
    return List.copyOf(kinds);
  }

  private static void add(List<ObservationKind> kinds, String marker, Supplier<ObservationKind> kind) {
    if (!present(marker)) {
      return;
    }
    try {
      kinds.add(kind.get());
    } catch (LinkageError e) {
      // A Spring AI version whose classes differ from what this kind was built against.
      Guard.failed("loading the handler for " + marker, e);
    }
  }

  static boolean present(String className) {
    try {
      Class.forName(className, false, Kinds.class.getClassLoader());
      return true;
    } catch (ClassNotFoundException | LinkageError e) {
      return false;
    }
  }
}
