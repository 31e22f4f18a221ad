package ai.galileo.tracing.spi;

import ai.galileo.tracing.Propagator;

/**
 * A named propagator plug-in. List the class in
 * {@code META-INF/services/ai.galileo.tracing.spi.PropagatorProvider} and add its name to
 * {@code GALILEO_PROPAGATORS}.
 *
 * <pre>{@code
 * public final class CompanyPropagatorProvider implements PropagatorProvider {
 *   public String name() { return "company"; }
 *   public Propagator create(ConfigValues config) { return new CompanyPropagator(); }
 * }
 * }</pre>
 *
 * @since 0.1.0
 */
public interface PropagatorProvider {

  /** The name users select it by, lower-case, such as {@code "galileo"} or {@code "tracecontext"}. */
  String name();

  /** Creates the propagator. Called once per tracer. */
  Propagator create(ConfigValues config);
}
