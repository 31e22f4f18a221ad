package ai.galileo.tracing.core.internal.redaction;

import ai.galileo.tracing.core.redaction.Redactor;

/**
 * A built-in redactor: one kind of {@link BuiltInScanner}. Each is listed in {@code
 * META-INF/services} under its own class, so they are found and chosen by name as a user's are;
 * the redaction then runs all the chosen built-ins in one scanner pass.
 *
 * <p>Internal: not part of the public API and may change without notice.
 */
public abstract class BuiltInRedactor implements Redactor {
  private final String name;
  private final BuiltInScanner scanner;

  BuiltInRedactor(String name, int kind) {
    this.name = name;
    this.scanner = new BuiltInScanner(kind);
  }

  @Override
  public final String name() {
    return name;
  }

  /** The scanner kind, such as {@link BuiltInScanner#EMAIL}. */
  public final int kind() {
    return scanner.kinds();
  }

  @Override
  public final String redact(String text) {
    return scanner.redact(text);
  }

  @Override
  public String toString() {
    return "BuiltInRedactor{" + name + "}";
  }

  /** E-mail addresses: {@code [EMAIL]}. */
  public static final class Email extends BuiltInRedactor {
    public Email() {
      super("email", BuiltInScanner.EMAIL);
    }
  }

  /** Phone numbers: {@code [PHONE]}. */
  public static final class Phone extends BuiltInRedactor {
    public Phone() {
      super("phone", BuiltInScanner.PHONE);
    }
  }

  /** Payment card numbers that pass the Luhn check: {@code [CARD]}. */
  public static final class Card extends BuiltInRedactor {
    public Card() {
      super("card", BuiltInScanner.CARD);
    }
  }

  /** IBANs that pass the mod-97 check: {@code [IBAN]}. */
  public static final class Iban extends BuiltInRedactor {
    public Iban() {
      super("iban", BuiltInScanner.IBAN);
    }
  }

  /** IPv4 and IPv6 addresses: {@code [IP]}. */
  public static final class Ip extends BuiltInRedactor {
    public Ip() {
      super("ip", BuiltInScanner.IP);
    }
  }

  /** API keys known by their prefix ({@link ApiKeys}): {@code [API_KEY]}. */
  public static final class ApiKey extends BuiltInRedactor {
    public ApiKey() {
      super("api-key", BuiltInScanner.API_KEY);
    }
  }

  /** The token of {@code Bearer <token>}: {@code Bearer [TOKEN]}. */
  public static final class Bearer extends BuiltInRedactor {
    public Bearer() {
      super("bearer", BuiltInScanner.BEARER);
    }
  }

  /** JSON Web Tokens: {@code [JWT]}. */
  public static final class Jwt extends BuiltInRedactor {
    public Jwt() {
      super("jwt", BuiltInScanner.JWT);
    }
  }
}
