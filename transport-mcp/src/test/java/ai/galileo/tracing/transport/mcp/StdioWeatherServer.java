package ai.galileo.tracing.transport.mcp;

import ai.galileo.tracing.core.GalileoConfig;
import ai.galileo.tracing.core.GalileoTracer;
import ai.galileo.tracing.core.Mode;
import ai.galileo.tracing.core.SpanData;
import ai.galileo.tracing.core.export.ExportResult;
import ai.galileo.tracing.core.export.SpanExporter;
import io.modelcontextprotocol.json.McpJsonDefaults;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.transport.StdioServerTransportProvider;
import java.io.PrintStream;
import java.util.List;

/**
 * The weather server as its own process on stdio, as MCP hosts start tool servers: a tracer in
 * distributed mode whose "backend" reports each span it delivers on stderr (stdout is the MCP
 * channel), one line per span, for the test on the other side of the pipe to read.
 */
public final class StdioWeatherServer {
  static final String PREFIX = "GALILEO-SPAN ";

  private StdioWeatherServer() {}

  public static void main(String[] args) throws Exception {
    PrintStream err = System.err;
    SpanExporter reporter = new SpanExporter() {
      @Override
      public ExportResult export(List<SpanData> batch) {
        int sent = 0;
        for (SpanData s : batch) {
          if (s.isFinal()) {
            err.println(PREFIX + s.type() + " " + s.spanId() + " " + s.parentId() + " " + s.traceId()
                + " " + s.remoteParent() + " " + s.name());
            sent++;
          }
        }
        err.flush();
        return ExportResult.sent(sent);
      }
    };
    GalileoTracer tracer = GalileoTracer.builder()
        .config(GalileoConfig.builder().mode(Mode.DISTRIBUTED).serviceName("weather-stdio")
            .set("GALILEO_EXPORT_DELAY_MS", "10").build())
        .exporter(reporter)
        .build();
    McpTracing tracing = McpTracing.create(tracer);
    WeatherApp app = new WeatherApp(tracer);
    StdioServerTransportProvider transport = new StdioServerTransportProvider(McpJsonDefaults.getMapper());
    if (args.length > 0 && args[0].equals("async")) {
      app.async(McpServer.async(transport), tracing).build();
    } else {
      app.sync(McpServer.sync(transport), tracing).build();
    }
    Thread.currentThread().join(); // the client ends this process when it closes
  }
}
