package ai.galileo.tracing.core.redaction;

/**
 * Finds what must not leave the process in a piece of text and replaces it. A plug-in: list the
 * class in {@code META-INF/services/ai.galileo.tracing.core.redaction.Redactor} (it needs a public
 * no-argument constructor) and add its name to {@code GALILEO_REDACTORS}.
 *
 * <pre>{@code
 * public final class EmployeeIdRedactor implements Redactor {
 *   public String name() { return "employee-id"; }
 *   public String redact(String text) {
 *     return text.indexOf("EMP-") < 0 ? text : text.replaceAll("EMP-\\d{6}", "[EMPLOYEE_ID]");
 *   }
 * }
 * }</pre>
 *
 * <p>It runs on the export worker, not on the application's threads, once for every text of every
 * span exported (inputs, outputs, each message, tool call arguments, documents, metadata values),
 * so it must be thread-safe and should be quick; returning the same instance when nothing matched
 * tells the SDK nothing changed. A redactor that throws or returns null fails closed: the value is
 * replaced by {@code [REDACTION_FAILED]}, counted and logged once.
 *
 * @since 0.1.0
 */
public interface Redactor {

  /** The name users select it by in {@code GALILEO_REDACTORS}, lower-case, such as {@code "email"}. */
  String name();

  /**
   * The text with what this redactor finds replaced.
   *
   * @param text never null
   * @return the text itself when nothing was found, else the redacted copy; never null
   */
  String redact(String text);
}
