/**
 * Export of Galileo spans as OpenTelemetry (OTLP over HTTP): select it with {@code
 * GALILEO_EXPORTER=otlp}; {@link ai.galileo.tracing.otlp.OtlpExporter} is the one entry point for
 * code that builds its exporter itself.
 *
 * @since 0.1.0
 */
package ai.galileo.tracing.otlp;
