package ai.galileo.tracing.adk;

import com.google.adk.models.BaseLlm;
import com.google.adk.models.BaseLlmConnection;
import com.google.adk.models.LlmRequest;
import com.google.adk.models.LlmResponse;
import com.google.genai.types.Content;
import com.google.genai.types.FinishReason;
import com.google.genai.types.FunctionCall;
import com.google.genai.types.GenerateContentResponseUsageMetadata;
import com.google.genai.types.Part;
import io.reactivex.rxjava3.core.Flowable;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * An ADK model that answers from a script, in order, and keeps the requests it was given: the
 * real Runner, agents and tools around a model that needs no network.
 */
final class ScriptedLlm extends BaseLlm {
  private final Deque<LlmResponse> script = new ArrayDeque<>();
  final List<LlmRequest> requests = new CopyOnWriteArrayList<>();

  ScriptedLlm(String model, LlmResponse... responses) {
    super(model);
    script.addAll(List.of(responses));
  }

  @Override
  public synchronized Flowable<LlmResponse> generateContent(LlmRequest request, boolean stream) {
    requests.add(request);
    LlmResponse next = script.pollFirst();
    return next == null
        ? Flowable.error(new IllegalStateException(model() + ": the script has no answer left"))
        : Flowable.just(next);
  }

  @Override
  public BaseLlmConnection connect(LlmRequest request) {
    throw new UnsupportedOperationException("no live connection in tests");
  }

  static LlmResponse text(String text, int in, int out) {
    return LlmResponse.builder()
        .content(Content.builder().role("model").parts(Part.fromText(text)).build())
        .finishReason(new FinishReason(FinishReason.Known.STOP))
        .usageMetadata(usage(in, out))
        .build();
  }

  static LlmResponse call(String id, String name, Map<String, Object> args, int in, int out) {
    FunctionCall call = FunctionCall.builder().id(id).name(name).args(args).build();
    return LlmResponse.builder()
        .content(Content.builder().role("model").parts(Part.builder().functionCall(call).build()).build())
        .finishReason(new FinishReason(FinishReason.Known.STOP))
        .usageMetadata(usage(in, out))
        .build();
  }

  static LlmResponse thinking(String thought, String text) {
    return LlmResponse.builder()
        .content(Content.builder().role("model")
            .parts(Part.builder().text(thought).thought(true).build(), Part.fromText(text)).build())
        .finishReason(new FinishReason(FinishReason.Known.STOP))
        .usageMetadata(GenerateContentResponseUsageMetadata.builder().promptTokenCount(10)
            .candidatesTokenCount(4).thoughtsTokenCount(6).totalTokenCount(20).build())
        .build();
  }

  private static GenerateContentResponseUsageMetadata usage(int in, int out) {
    return GenerateContentResponseUsageMetadata.builder()
        .promptTokenCount(in).candidatesTokenCount(out).totalTokenCount(in + out).build();
  }
}
