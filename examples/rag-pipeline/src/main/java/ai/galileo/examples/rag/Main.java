package ai.galileo.examples.rag;

import java.util.Arrays;

/**
 * One jar, several programs: {@code retrieval} (the retrieval service), {@code orchestrator} (the
 * client that runs the RAG pipeline), {@code model} (the demo's OpenAI-compatible endpoint), {@code mcp} (the MCP tool server) and {@code show} (prints a trace fetched back from the
 * console as a tree). Each runs in its own JVM, as separate services would.
 */
public final class Main {
  private Main() {}

  public static void main(String[] args) throws Exception {
    if (args.length == 0 || args[0].equals("--help") || args[0].equals("-h")) {
      System.out.println(String.join("\n",
          "usage: java -jar rag-pipeline.jar COMMAND [options]",
          "  retrieval     [--port 8000] [--transport http|grpc] [--facts all|research|places]",
          "                [--delay-ms N] [--after-answer-ms N]",
          "  orchestrator  [--retrieval-url URL]... [--transport http|grpc] [--parallel] [--question Q]...",
          "                [--repeat N] [--streaming] [--fire-and-forget] [--flush-seconds N] [--model-url URL]",
          "                [--agent [--mcp-url URL]]   a LangChain4j agent whose tools call the retrieval",
          "                service and (with --mcp-url) the MCP tool server",
          "  mcp           [--port 8020]   the MCP tool server (streamable HTTP at /mcp): lookup_dates",
          "  adk-orchestrator [--retrieval-url URL] [--transport http|grpc] [--question Q]... [--model-url URL]",
          "                the orchestrator as a Google ADK agent whose tool calls the retrieval service",
          "  model         [--port 8010]   the demo's OpenAI-compatible endpoint (when no OPENAI_API_KEY)",
          "  show          --console URL [--retrievers N] [--timeout-seconds N] [--otlp true] TRACE_ID..."));
      return;
    }
    String[] rest = Arrays.copyOfRange(args, 1, args.length);
    switch (args[0]) {
      case "retrieval" -> RetrievalService.main(rest);
      case "orchestrator" -> System.exit(Orchestrator.run(rest));
      case "adk-orchestrator" -> System.exit(AdkOrchestrator.run(rest));
      case "model" -> ModelGateway.main(rest);
      case "mcp" -> McpToolServer.main(rest);
      case "show" -> System.exit(TraceTree.run(rest));
      default -> {
        System.err.println("unknown command " + args[0] + " (retrieval, orchestrator, model, mcp or show)");
        System.exit(2);
      }
    }
  }
}
