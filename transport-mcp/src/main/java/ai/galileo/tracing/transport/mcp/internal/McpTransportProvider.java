package ai.galileo.tracing.transport.mcp.internal;

import ai.galileo.tracing.core.internal.transport.ModuleVersion;
import ai.galileo.tracing.core.transport.TransportProvider;

/**
 * Makes {@code galileo-transport-mcp} known to {@link ai.galileo.tracing.core.transport.Transports}
 * and the doctor. Looks for the MCP Java SDK by name: it is a {@code provided} dependency.
 *
 * <p>Internal: not part of the public API and may change without notice.
 */
public final class McpTransportProvider implements TransportProvider {
  private static final String VERSION = ModuleVersion.of(McpTransportProvider.class);
  private static final String CLIENT = "io.modelcontextprotocol.spec.McpClientTransport";
  private static final String SERVER = "io.modelcontextprotocol.server.McpServerFeatures";

  /** Called by {@link java.util.ServiceLoader}. */
  public McpTransportProvider() {}

  @Override
  public String name() {
    return "mcp";
  }

  @Override
  public String version() {
    return VERSION;
  }

  @Override
  public boolean client() {
    return sdkVersion(CLIENT) != null;
  }

  @Override
  public boolean server() {
    return sdkVersion(SERVER) != null;
  }

  @Override
  public String description() {
    String version = sdkVersion(CLIENT);
    return version == null
        ? "the MCP Java SDK (io.modelcontextprotocol.sdk:mcp-core), which is not on the class path"
        : "the MCP Java SDK's clients and servers, every transport"
            + (version.isEmpty() ? "" : " (mcp-core " + version + ")");
  }

  private static String sdkVersion(String className) {
    return ModuleVersion.ofLibrary(className, McpTransportProvider.class.getClassLoader());
  }
}
