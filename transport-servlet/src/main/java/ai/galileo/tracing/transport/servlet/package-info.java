/**
 * Galileo tracing for Jakarta Servlet containers: {@link
 * ai.galileo.tracing.transport.servlet.ServletTracing} is the one entry point.
 *
 * @since 0.1.0
 */
package ai.galileo.tracing.transport.servlet;
