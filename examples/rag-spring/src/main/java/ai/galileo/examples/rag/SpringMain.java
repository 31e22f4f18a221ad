package ai.galileo.examples.rag;

import java.util.Arrays;

/**
 * One jar, two Spring Boot applications, each run in its own JVM: {@code retrieval} (the
 * retrieval service, a Spring MVC endpoint) and {@code orchestrator} (runs the RAG pipeline and
 * calls it with a {@code RestClient}). Both trace through galileo-spring-boot-starter alone,
 * configured by properties ({@code application.properties}, {@code --galileo.*} arguments).
 */
public final class SpringMain {
  private SpringMain() {}

  public static void main(String[] args) throws Exception {
    if (args.length == 0 || args[0].equals("--help") || args[0].equals("-h")) {
      System.out.println(String.join("\n",
          "usage: java -jar rag-spring.jar COMMAND [options] [--galileo.*=... and other Spring properties]",
          "  retrieval     [--server.port=8000] [--facts=all|research|places]",
          "  orchestrator  [--retrieval-url=URL]... [--parallel] [--question=Q]... [--flush-seconds=N] [--model-url=URL]"));
      return;
    }
    String[] rest = Arrays.copyOfRange(args, 1, args.length);
    switch (args[0]) {
      case "retrieval" -> SpringRetrievalApp.run(rest);
      case "orchestrator" -> System.exit(SpringOrchestratorApp.run(rest));
      default -> {
        System.err.println("unknown command " + args[0] + " (retrieval or orchestrator)");
        System.exit(2);
      }
    }
  }
}
