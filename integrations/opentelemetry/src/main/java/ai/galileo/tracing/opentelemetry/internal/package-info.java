/**
 * Internals of the OpenTelemetry bridge. Not part of the public API; may change without notice.
 */
package ai.galileo.tracing.opentelemetry.internal;
