/**
 * One trace with the OpenTelemetry SDK in the same JVM: {@link
 * ai.galileo.tracing.opentelemetry.GalileoOpenTelemetry} is the one entry point. OpenTelemetry
 * spans nest under Galileo spans and Galileo spans under OpenTelemetry spans, and OpenTelemetry
 * spans are exported to Galileo as workflow, llm, retriever, tool and agent spans.
 *
 * @since 0.1.0
 */
package ai.galileo.tracing.opentelemetry;
