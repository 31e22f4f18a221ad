/**
 * Galileo tracing for Spring AI: {@link ai.galileo.tracing.springai.GalileoSpringAi} is the one entry
 * point. It hands out a Micrometer {@code ObservationHandler} that turns Spring AI's observations into
 * Galileo spans; in a Spring Boot application an auto-configuration registers it.
 *
 * @since 0.1.0
 */
package ai.galileo.tracing.springai;
