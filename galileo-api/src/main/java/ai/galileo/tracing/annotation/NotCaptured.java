package ai.galileo.tracing.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Leaves a parameter of a {@link Traced} method out of the span's input, for secrets such as API
 * keys and passwords, and for arguments too large or meaningless to record. The parameter's name
 * does not appear either.
 *
 * <pre>{@code
 * @Traced(type = SpanType.TOOL)
 * String search(String query, @NotCaptured String apiKey) { ... }
 * }</pre>
 *
 * @since 0.1.0
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.PARAMETER)
public @interface NotCaptured {}
