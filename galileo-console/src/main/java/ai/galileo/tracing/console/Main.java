package ai.galileo.tracing.console;

import ai.galileo.tracing.console.internal.KeyStrength;
import java.io.PrintStream;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;

/**
 * Runs a {@link GalileoConsole} until the process is stopped:
 * {@code java -jar galileo-console.jar [--port 8088] [--host 127.0.0.1] [--live-port N] [--db FILE|:memory:]
 * [--api-key KEY] [--max-traces N] [--max-spans N] [--max-age-days N] [--max-body-mb N] [--strict]}.
 *
 * <p>Prints {@code Galileo console listening on http://127.0.0.1:8088} once it accepts requests.
 * On SIGTERM (or Ctrl-C) it stops listening and closes the database before the process exits.
 *
 * @since 0.1.0
 */
public final class Main {
  static final String USAGE = String.join("\n",
      "Usage: java -jar galileo-console.jar [options]",
      "",
      "  --port N          port to listen on (default " + GalileoConsole.DEFAULT_PORT + "; 0 picks a free one)",
      "  --host H          interface to listen on (default " + GalileoConsole.DEFAULT_HOST + ");",
      "                    one beyond loopback needs --api-key",
      "  --live-port N     port of the web view's live updates (default 0: a free one)",
      "  --db FILE         database file (default " + GalileoConsole.defaultDatabase() + "),",
      "                    or :memory: to keep nothing after exit",
      "  --api-key KEY     require this API key everywhere: Galileo's API, and the web view",
      "                    after signing in with it (default: none; also GALILEO_CONSOLE_API_KEY)",
      "  --max-traces N    keep at most N traces, dropping the oldest (default "
          + GalileoConsole.DEFAULT_MAX_TRACES + "; 0: no limit)",
      "  --max-spans N     keep at most about N spans, dropping the oldest traces (default "
          + GalileoConsole.DEFAULT_MAX_SPANS + "; 0: no limit)",
      "  --max-age-days N  drop traces older than N days (default "
          + GalileoConsole.DEFAULT_MAX_AGE.toDays() + "; 0: no limit)",
      "  --max-body-mb N   largest request body accepted, in MiB (default "
          + GalileoConsole.DEFAULT_MAX_BODY_BYTES / (1024 * 1024) + ")",
      "  --strict          refuse a span sent for a trace already complete, as Galileo does",
      "                    (400 \"Trace is marked as complete\"); by default it is kept, marked late",
      "  --help            print this and exit",
      "  --version         print the version and exit");

  private Main() {}

  /** Starts the console and waits until the process is stopped. */
  public static void main(String[] args) throws InterruptedException {
    GalileoConsole.Builder builder;
    try {
      builder = parse(args, System.getenv("GALILEO_CONSOLE_API_KEY"), System.out);
    } catch (IllegalArgumentException e) {
      System.err.println("galileo-console: " + e.getMessage());
      System.err.println(USAGE);
      System.exit(2);
      return;
    }
    if (builder == null) {
      return; // --help or --version
    }
    String weakness = builder.apiKeyWeakness();
    if (weakness != null) {
      System.err.println(weakKeyWarning(weakness));
    }
    // The JDK's HTTP server waits forever for a slow client unless told otherwise (seconds).
    setIfAbsent("sun.net.httpserver.maxReqTime", "120");
    setIfAbsent("sun.net.httpserver.maxRspTime", "120");
    GalileoConsole console;
    try {
      console = builder.start();
    } catch (Exception e) {
      System.err.println("galileo-console: cannot start: " + e.getMessage());
      System.exit(1);
      return;
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      console.close();
      System.out.println("Galileo console stopped");
      System.out.flush();
      stopped.countDown();
    }, "galileo-console-shutdown"));
    PrintStream out = System.out;
    out.println("Galileo console listening on " + console.url());
    out.println("Database: " + console.databaseLocation());
    out.flush();
    stopped.await();
  }

  /** The start-up warning for an easily guessed key: why, and what to use instead; never the key. */
  static String weakKeyWarning(String weakness) {
    return "galileo-console: warning: the API key is easy to guess (" + weakness + "); wrong keys are"
        + " slowed down, not stopped. Use a random key of " + KeyStrength.MIN_LENGTH
        + " characters or more, e.g. from `openssl rand -hex 32`.";
  }

  private static void setIfAbsent(String property, String value) {
    if (System.getProperty(property) == null) {
      System.setProperty(property, value);
    }
  }

  /**
   * The console's settings from the command line.
   *
   * @param envApiKey the API key from the environment, or null
   * @return null after printing what {@code --help} or {@code --version} ask for
   * @throws IllegalArgumentException naming the option that is unknown or has a bad value
   */
  static GalileoConsole.Builder parse(String[] args, String envApiKey, PrintStream out) {
    GalileoConsole.Builder b = GalileoConsole.builder();
    if (envApiKey != null && !envApiKey.isEmpty()) {
      b.apiKey(envApiKey);
    }
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      String name = arg;
      String value = null;
      int eq = arg.indexOf('=');
      if (arg.startsWith("--") && eq > 0) {
        name = arg.substring(0, eq);
        value = arg.substring(eq + 1);
      }
      switch (name) {
        case "--help", "-h" -> {
          out.println(USAGE);
          return null;
        }
        case "--version" -> {
          out.println("galileo-console " + GalileoConsole.version());
          return null;
        }
        case "--strict" -> {
          if (value != null) {
            throw new IllegalArgumentException("--strict takes no value");
          }
          b.strict(true);
        }
        case "--port", "--host", "--live-port", "--db", "--api-key", "--max-traces", "--max-spans",
            "--max-age-days", "--max-body-mb" -> {
          if (value == null) {
            if (i + 1 >= args.length) {
              throw new IllegalArgumentException(name + " needs a value");
            }
            value = args[++i];
          }
          apply(b, name, value);
        }
        // The name only: a mistyped --api-key=KEY must not print the key.
        default -> throw new IllegalArgumentException("unknown option " + name);
      }
    }
    return b;
  }

  private static void apply(GalileoConsole.Builder b, String name, String value) {
    try {
      switch (name) {
        case "--port" -> b.port(Integer.parseInt(value));
        case "--live-port" -> b.livePort(Integer.parseInt(value));
        case "--host" -> {
          if (value.isBlank()) {
            throw new IllegalArgumentException("must not be empty");
          }
          b.host(value);
        }
        case "--db" -> {
          if (value.isBlank()) {
            throw new IllegalArgumentException("must not be empty");
          }
          b.database(value);
        }
        case "--api-key" -> b.apiKey(value);
        case "--max-traces" -> b.maxTraces(Long.parseLong(value));
        case "--max-spans" -> b.maxSpans(Long.parseLong(value));
        case "--max-age-days" -> b.maxAge(Duration.ofDays(Long.parseLong(value)));
        case "--max-body-mb" -> {
          long mb = Long.parseLong(value);
          if (mb < 1 || mb > 1024) {
            throw new IllegalArgumentException("must be 1 to 1024");
          }
          b.maxBodyBytes(mb * 1024 * 1024);
        }
        default -> throw new IllegalStateException(name);
      }
    } catch (IllegalArgumentException e) {
      String why = e instanceof NumberFormatException ? "not a whole number" : e.getMessage();
      String shown = name.equals("--api-key") ? "(key not shown)" : value;
      throw new IllegalArgumentException(name + " " + shown + ": " + why, e);
    }
  }
}
