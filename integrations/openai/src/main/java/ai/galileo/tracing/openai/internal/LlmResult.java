package ai.galileo.tracing.openai.internal;

import ai.galileo.tracing.LlmEvent;
import ai.galileo.tracing.Message;
import java.util.List;
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
 * @param modalityTokens the image and audio parts of the counts
 * @param finishReason why the model stopped, in OpenAI's words ({@code stop}, {@code tool_calls},
 *     {@code length}, ...), or null when the answer did not say (a stream closed early)
 * @param events reasoning and the tools OpenAI ran inside the call, in order; never null
 * @param metadata what else the span records ({@code response_id}, {@code refusal}, ...)
 * @param failed true when the answer itself reports a failure (a Responses API {@code failed}
 *     status or {@code error} event); its details are in {@code metadata}
 */
record LlmResult(Message output, String model, Long inputTokens, Long outputTokens,
    Long totalTokens, ModalityTokens modalityTokens, String finishReason, List<LlmEvent> events,
    Map<String, String> metadata, boolean failed) {}
