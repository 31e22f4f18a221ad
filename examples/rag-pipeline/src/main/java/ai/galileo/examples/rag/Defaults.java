package ai.galileo.examples.rag;

/**
 * The example's defaults, applied as system properties only where neither the environment nor a
 * system property says otherwise, so configuration still wins: distributed mode (the services'
 * spans join the orchestrator's open trace), project {@code rag-demo}, log stream {@code default}.
 */
final class Defaults {
  private Defaults() {}

  static void apply(String serviceName) {
    setIfUnset("GALILEO_SERVICE_NAME", serviceName);
    setIfUnset("GALILEO_MODE", "distributed");
    setIfUnset("GALILEO_PROJECT", "rag-demo");
    setIfUnset("GALILEO_LOG_STREAM", "default");
  }

  private static void setIfUnset(String env, String value) {
    String property = env.toLowerCase(java.util.Locale.ROOT).replace('_', '.');
    boolean idSet = env.equals("GALILEO_PROJECT") || env.equals("GALILEO_LOG_STREAM")
        ? isSet(env + "_ID") : false;
    if (!isSet(env) && !idSet) {
      System.setProperty(property, value);
    }
  }

  private static boolean isSet(String env) {
    String property = env.toLowerCase(java.util.Locale.ROOT).replace('_', '.');
    String e = System.getenv(env);
    return (e != null && !e.isBlank()) || System.getProperty(property) != null;
  }

  /** The value after {@code name} in {@code args}, or {@code fallback}. */
  static String option(String[] args, String name, String fallback) {
    for (int i = 0; i < args.length - 1; i++) {
      if (args[i].equals(name)) {
        return args[i + 1];
      }
      if (args[i].startsWith(name + "=")) {
        return args[i].substring(name.length() + 1);
      }
    }
    if (args.length > 0 && args[args.length - 1].startsWith(name + "=")) {
      return args[args.length - 1].substring(name.length() + 1);
    }
    return fallback;
  }
}
