package ai.galileo.tracing.core.internal;

/**
 * The kinds of bad input a propagator ignores, each logged once per propagator.
 *
 * <p>Internal: not part of the public API and may change without notice.
 */
public enum HeaderProblem {
  OVERSIZED,
  DUPLICATED,
  MALFORMED,
  NIL_ID,
  PARENT_WITHOUT_TRACE,
  INVALID_TRACESTATE,
  GETTER_FAILED,
  REPEATED_TRACESTATE_KEY
}
