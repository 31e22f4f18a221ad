/**
 * Galileo tracing for LangChain4j: {@link ai.galileo.tracing.langchain4j.GalileoLangChain4j} hands
 * out listeners for LangChain4j's own observability APIs, and AI Services are traced without any
 * set-up; {@link ai.galileo.tracing.langchain4j.GalileoAgentic} gives the listener for
 * {@code langchain4j-agentic} systems.
 *
 * @since 0.1.0
 */
package ai.galileo.tracing.langchain4j;
