package ai.galileo.tracing.langchain4j;

import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.output.Response;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** An in-process embedding model: letter counts, so similar words score close, deterministically. */
final class LetterEmbeddings implements EmbeddingModel {
  @Override
  public Response<List<Embedding>> embedAll(List<TextSegment> segments) {
    List<Embedding> out = new ArrayList<>(segments.size());
    for (TextSegment s : segments) {
      float[] v = new float[26];
      for (char c : s.text().toLowerCase(Locale.ROOT).toCharArray()) {
        if (c >= 'a' && c <= 'z') {
          v[c - 'a']++;
        }
      }
      out.add(Embedding.from(v));
    }
    return Response.from(out);
  }

  @Override
  public int dimension() {
    return 26;
  }
}
