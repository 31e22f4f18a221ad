package ai.galileo.tracing.core.internal.redaction;

import ai.galileo.tracing.core.redaction.Redactor;

/** User redactors as a plug-in would ship them, listed in the tests' META-INF/services. */
public final class TestRedactors {
  private TestRedactors() {}

  /** Masks EMP- followed by six digits. */
  public static final class EmployeeId implements Redactor {
    @Override
    public String name() {
      return "Employee-ID"; // names are matched case-insensitively
    }

    @Override
    public String redact(String text) {
      return text.indexOf("EMP-") < 0 ? text : text.replaceAll("EMP-\\d{6}", "[EMPLOYEE]");
    }
  }

  /** Fails on any text holding "boom", quoting it in the exception as careless code does. */
  public static final class Explodes implements Redactor {
    @Override
    public String name() {
      return "explodes";
    }

    @Override
    public String redact(String text) {
      if (text.contains("boom")) {
        throw new IllegalStateException("cannot redact " + text);
      }
      return text;
    }
  }

  /** Breaks the contract: null for any text holding "void". */
  public static final class ReturnsNull implements Redactor {
    @Override
    public String name() {
      return "returns-null";
    }

    @Override
    public String redact(String text) {
      return text.contains("void") ? null : text;
    }
  }
}
