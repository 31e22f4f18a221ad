/**
 * Galileo tracing for Google's Agent Development Kit for Java: {@link ai.galileo.tracing.adk.GalileoAdk}.
 *
 * @since 0.1.0
 */
package ai.galileo.tracing.adk;
