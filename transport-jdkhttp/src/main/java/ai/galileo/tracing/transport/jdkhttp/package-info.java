/**
 * Galileo tracing for the JDK's own HTTP client and server: {@link
 * ai.galileo.tracing.transport.jdkhttp.JdkHttpTracing} is the one entry point.
 *
 * @since 0.1.0
 */
package ai.galileo.tracing.transport.jdkhttp;
