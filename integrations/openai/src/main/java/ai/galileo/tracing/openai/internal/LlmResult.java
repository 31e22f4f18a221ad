package ai.galileo.tracing.openai.internal;

import ai.galileo.tracing.Message;
import java.util.Map;

/**
 * What an OpenAI answer says, whole or as far as a stream got, as the {@code LLM} span records
 * it. Null fields were not sent: a provider that reports no usage gets no token counts.
 *
 * <p>Internal: not part of the public API and may change without notice.
 *
 * @param output the answer: text and tool calls, or null when nothing arrived
 * @param model the model that answered (such as a dated snapshot), or null
 * @param inputTokens prompt tokens, or null
 * @param outputTokens generated tokens, or null
 * @param totalTokens all tokens, or null
 * @param metadata what else the span records ({@code response_id}, {@code finish_reason}, ...)
 * @param failed true when the answer itself reports a failure (a Responses API {@code failed}
 *     status or {@code error} event); its details are in {@code metadata}
 */
record LlmResult(Message output, String model, Long inputTokens, Long outputTokens,
    Long totalTokens, Map<String, String> metadata, boolean failed) {}
