package ai.galileo.tracing.testing.openai;

import java.io.PrintStream;
import java.util.concurrent.CountDownLatch;

/**
 * Runs a {@link FakeOpenAi} until the process is stopped:
 * {@code java -cp CLASSPATH ai.galileo.tracing.testing.openai.Main [--port N] [--api-key KEY]
 * [--embedding-dimensions N]}, with galileo-testing and jackson-databind on the class path.
 *
 * <p>Prints {@code openai-fake listening on http://127.0.0.1:PORT/v1} once it accepts requests
 * (with {@code --port 0}, the default, PORT is the free port it took). The key is not printed.
 *
 * @since 0.1.0
 */
public final class Main {
  static final String USAGE = String.join("\n",
      "Usage: java -cp CLASSPATH ai.galileo.tracing.testing.openai.Main [options]",
      "",
      "  --port N                  port on 127.0.0.1 (default 0: a free one, printed)",
      "  --api-key KEY             the only key accepted as 'Authorization: Bearer KEY'",
      "                            (default " + FakeOpenAi.DEFAULT_API_KEY + "; also OPENAI_FAKE_API_KEY)",
      "  --embedding-dimensions N  size of embedding vectors (default " + FakeOpenAi.DEFAULT_EMBEDDING_DIMENSIONS + ")",
      "  --help                    print this and exit");

  private Main() {}

  /** Starts the fake and waits until the process is stopped. */
  public static void main(String[] args) throws InterruptedException {
    FakeOpenAi.Builder builder;
    try {
      builder = parse(args, System.getenv("OPENAI_FAKE_API_KEY"), System.out);
    } catch (IllegalArgumentException e) {
      System.err.println("openai-fake: " + e.getMessage());
      System.err.println(USAGE);
      System.exit(2);
      return;
    }
    if (builder == null) {
      return; // --help
    }
    FakeOpenAi fake;
    try {
      fake = builder.start();
    } catch (RuntimeException e) {
      System.err.println("openai-fake: cannot start: " + e.getMessage());
      System.exit(1);
      return;
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      fake.close();
      stopped.countDown();
    }, "openai-fake-shutdown"));
    PrintStream out = System.out;
    out.println("openai-fake listening on " + fake.baseUrl());
    out.flush();
    stopped.await();
  }

  /**
   * The settings from the command line.
   *
   * @return null after printing the usage for {@code --help}
   * @throws IllegalArgumentException naming the option that is unknown or has a bad value
   */
  static FakeOpenAi.Builder parse(String[] args, String envApiKey, PrintStream out) {
    FakeOpenAi.Builder b = FakeOpenAi.builder();
    if (envApiKey != null && !envApiKey.isBlank()) {
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
        case "--port", "--api-key", "--embedding-dimensions" -> {
          if (value == null) {
            if (i + 1 >= args.length) {
              throw new IllegalArgumentException(name + " needs a value");
            }
            value = args[++i];
          }
          apply(b, name, value);
        }
        default -> throw new IllegalArgumentException("unknown option " + arg);
      }
    }
    return b;
  }

  private static void apply(FakeOpenAi.Builder b, String name, String value) {
    try {
      switch (name) {
        case "--port" -> b.port(Integer.parseInt(value));
        case "--api-key" -> b.apiKey(value);
        case "--embedding-dimensions" -> b.embeddingDimensions(Integer.parseInt(value));
        default -> throw new IllegalStateException(name);
      }
    } catch (IllegalArgumentException e) {
      String why = e instanceof NumberFormatException ? "not a whole number" : e.getMessage();
      // The key's value is not repeated in the message.
      String shown = name.equals("--api-key") ? "" : " " + value;
      throw new IllegalArgumentException(name + shown + ": " + why, e);
    }
  }
}
