package ai.galileo.tracing.openai.internal;

import ai.galileo.tracing.Content;
import ai.galileo.tracing.ToolDefinition;
import java.util.List;
import java.util.Map;

/**
 * What an OpenAI request says before it leaves, as the {@code LLM} span records it.
 *
 * <p>Internal: not part of the public API and may change without notice.
 *
 * @param name the span's name, such as {@code chat gpt-4o-mini}
 * @param model the model asked for, or null
 * @param input the conversation sent
 * @param temperature the sampling temperature, or null when the request left it to the model
 * @param tools the tools offered to the model; never null
 * @param metadata what else the span records ({@code api}, {@code stream}, ...)
 */
record LlmRequest(String name, String model, Content input, Double temperature,
    List<ToolDefinition> tools, Map<String, String> metadata) {}
