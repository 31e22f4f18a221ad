/**
 * Galileo tracing for LangChain4j: {@link ai.galileo.tracing.langchain4j.GalileoLangChain4j} is the
 * one entry point. It hands out listeners for LangChain4j's own observability APIs; AI Services
 * are traced without any set-up.
 *
 * @since 0.1.0
 */
package ai.galileo.tracing.langchain4j;
