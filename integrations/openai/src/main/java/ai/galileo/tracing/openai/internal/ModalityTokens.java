package ai.galileo.tracing.openai.internal;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The image and audio parts of a call's token counts, from the usage's details: chat completions'
 * {@code prompt_tokens_details} and {@code completion_tokens_details}, the Responses API's
 * {@code input_tokens_details} and {@code output_tokens_details}, each read for
 * {@code image_tokens} and {@code audio_tokens}. OpenAI sends {@code audio_tokens: 0} on every
 * chat completion, so a kind is recorded only when one of its two counts is above zero; the other
 * is then its count, or 0 when not sent.
 *
 * <p>Internal: not part of the public API and may change without notice.
 *
 * @param imageInput image tokens in the prompt, or null
 * @param imageOutput image tokens generated, or null
 * @param audioInput audio tokens in the prompt, or null
 * @param audioOutput audio tokens generated, or null
 */
record ModalityTokens(Long imageInput, Long imageOutput, Long audioInput, Long audioOutput) {
  static final ModalityTokens NONE = new ModalityTokens(null, null, null, null);

  /** From the usage's details about the prompt and about the answer (either may be missing). */
  static ModalityTokens of(JsonNode promptDetails, JsonNode answerDetails) {
    if (!isObject(promptDetails) && !isObject(answerDetails)) {
      return NONE;
    }
    return new ModalityTokens(count(promptDetails, "image_tokens"), count(answerDetails, "image_tokens"),
        count(promptDetails, "audio_tokens"), count(answerDetails, "audio_tokens"));
  }

  boolean hasImage() {
    return positive(imageInput) || positive(imageOutput);
  }

  boolean hasAudio() {
    return positive(audioInput) || positive(audioOutput);
  }

  private static boolean isObject(JsonNode node) {
    return node != null && node.isObject();
  }

  private static Long count(JsonNode details, String field) {
    return isObject(details) ? Json.count(details, field) : null;
  }

  private static boolean positive(Long n) {
    return n != null && n > 0;
  }

  static long orZero(Long n) {
    return n == null || n < 0 ? 0 : n;
  }
}
