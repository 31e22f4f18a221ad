package ai.galileo.tracing.spring.boot.internal;

import java.util.LinkedHashSet;
import java.util.Set;
import org.springframework.core.env.Environment;

/**
 * The paths of the application's MCP server endpoints, which the starter's HTTP server tracing
 * leaves to the MCP server handler: there the caller's trace comes in the request's
 * {@code params._meta}, which wins over HTTP headers (OpenTelemetry's MCP conventions), and the
 * handler makes the {@code tools/call ...} server span. An HTTP server span as well would start a
 * trace of its own for every {@code POST /mcp}, since an MCP client sends its trace in
 * {@code _meta}, not in headers.
 *
 * <p>Empty unless galileo-transport-mcp and the MCP SDK are present and the MCP server side is
 * traced ({@code galileo.mcp.enabled}, {@code galileo.mcp.server.enabled}). Then: every path in
 * {@code galileo.mcp.server.endpoints}, and, with Spring AI's MCP server auto-configuration on the
 * class path and enabled (and not on stdio), the endpoints it serves, from its
 * {@code spring.ai.mcp.server.*endpoint*} properties or their defaults ({@code /mcp} for
 * streamable HTTP and stateless, {@code /sse} and {@code /mcp/message} for SSE).
 *
 * <p>Internal: not part of the public API and may change without notice.
 */
public final class McpEndpoints {
  /** Paths of MCP endpoints, each besides Spring AI's, comma-separated. */
  public static final String PROPERTY = "galileo.mcp.server.endpoints";

  private static final String MCP_TRACING = "ai.galileo.tracing.transport.mcp.McpTracing";
  private static final String MCP_SDK = "io.modelcontextprotocol.spec.McpSchema";
  private static final String SPRING_AI_SERVER =
      "org.springframework.ai.mcp.server.common.autoconfigure.properties.McpServerProperties";

  private static final McpEndpoints NONE = new McpEndpoints(Set.of());

  private final Set<String> paths;

  private McpEndpoints(Set<String> paths) {
    this.paths = Set.copyOf(paths);
  }

  /** The MCP endpoints the environment configures, found as described above. */
  public static McpEndpoints from(Environment env, ClassLoader classLoader) {
    if (!present(MCP_TRACING, classLoader) || !present(MCP_SDK, classLoader)
        || !env.getProperty("galileo.mcp.enabled", Boolean.class, true)
        || !env.getProperty("galileo.mcp.server.enabled", Boolean.class, true)) {
      return NONE;
    }
    Set<String> paths = new LinkedHashSet<>();
    String[] own = env.getProperty(PROPERTY, String[].class, new String[0]);
    for (String path : own) {
      add(paths, path);
    }
    if (present(SPRING_AI_SERVER, classLoader)
        && env.getProperty("spring.ai.mcp.server.enabled", Boolean.class, true)
        && !env.getProperty("spring.ai.mcp.server.stdio", Boolean.class, false)) {
      add(paths, env.getProperty("spring.ai.mcp.server.streamable-http.mcp-endpoint", "/mcp"));
      add(paths, env.getProperty("spring.ai.mcp.server.sse-endpoint", "/sse"));
      add(paths, env.getProperty("spring.ai.mcp.server.sse-message-endpoint", "/mcp/message"));
    }
    return paths.isEmpty() ? NONE : new McpEndpoints(paths);
  }

  public boolean isEmpty() {
    return paths.isEmpty();
  }

  /** Whether the path within the application (no context path, no query) is an MCP endpoint. */
  public boolean contains(String path) {
    return path != null && !paths.isEmpty() && paths.contains(normalize(path));
  }

  public Set<String> paths() {
    return paths;
  }

  private static void add(Set<String> paths, String path) {
    if (path != null && !path.isBlank()) {
      paths.add(normalize(path.strip()));
    }
  }

  /** A leading slash, no trailing one: {@code mcp/} and {@code /mcp} are the same endpoint. */
  private static String normalize(String path) {
    String p = path.startsWith("/") ? path : "/" + path;
    while (p.length() > 1 && p.endsWith("/")) {
      p = p.substring(0, p.length() - 1);
    }
    return p;
  }

  private static boolean present(String className, ClassLoader classLoader) {
    try {
      Class.forName(className, false, classLoader);
      return true;
    } catch (ClassNotFoundException | LinkageError e) {
      return false;
    }
  }

  @Override
  public String toString() {
    return "MCP endpoints " + paths;
  }
}
