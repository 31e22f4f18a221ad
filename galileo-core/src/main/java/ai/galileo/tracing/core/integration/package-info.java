/**
 * The {@link ai.galileo.tracing.core.integration.IntegrationProvider} plug-in through which
 * installed integration modules tell the {@linkplain ai.galileo.tracing.core.Doctor doctor} that
 * they are present and whether they are on.
 *
 * @since 0.1.0
 */
package ai.galileo.tracing.core.integration;
