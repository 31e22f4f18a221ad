/**
 * Galileo tracing for Apache HttpClient 5 (classic and async) and HttpCore 5 classic servers:
 * {@link ai.galileo.tracing.transport.http.HttpClient5Tracing} is the one entry point.
 *
 * @since 0.1.0
 */
package ai.galileo.tracing.transport.http;
