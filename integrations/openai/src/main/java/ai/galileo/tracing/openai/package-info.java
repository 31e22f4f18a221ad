/**
 * Galileo tracing for the OpenAI Java SDK: {@link ai.galileo.tracing.openai.GalileoOpenAI} is the
 * one entry point. It wraps an {@code OpenAIClient} or {@code OpenAIClientAsync} so that chat
 * completions and Responses API calls, streaming included, are logged as {@code LLM} spans.
 *
 * @since 0.1.0
 */
package ai.galileo.tracing.openai;
