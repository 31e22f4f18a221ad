/** Internal: not part of the public API and may change without notice. */
package ai.galileo.tracing.adk.internal;
