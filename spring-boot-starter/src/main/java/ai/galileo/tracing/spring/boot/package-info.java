/**
 * Galileo tracing for Spring Boot 3.5 and 4.0: adding {@code galileo-spring-boot-starter} and
 * setting {@code galileo.*} properties ({@link ai.galileo.tracing.spring.boot.GalileoProperties})
 * is the whole set-up. The auto-configurations install the tracer, trace Spring MVC and WebFlux
 * servers, and make {@code RestClient}, {@code RestTemplate} and {@code WebClient} carry the trace.
 *
 * @since 0.1.0
 */
package ai.galileo.tracing.spring.boot;
