// An MCP client written with the official MCP TypeScript SDK (npm @modelcontextprotocol/sdk, the
// version pinned in package.json), standing for an OpenTelemetry-instrumented agent: it makes a
// W3C trace of its own (random trace-id and parent-id, as OpenTelemetry does), puts it in the
// tools/call's params._meta under SEP-414's traceparent, calls the tool over streamable HTTP, and
// prints one JSON line: {"traceparent": ..., "result": <the CallToolResult>}.
//
//   node mcp-client.js http://127.0.0.1:PORT/mcp TOOL
//
// Run by McpTsInteropTest against the Java server; it connects only to the URL it is given.
import { randomBytes } from 'node:crypto';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';

const [url, tool] = process.argv.slice(2);
if (!url || !tool || !new URL(url).hostname.match(/^(127\.0\.0\.1|localhost|\[::1\])$/)) {
  process.stderr.write('usage: node mcp-client.js http://127.0.0.1:PORT/mcp TOOL (loopback only)\n');
  process.exit(2);
}

const traceparent = `00-${randomBytes(16).toString('hex')}-${randomBytes(8).toString('hex')}-01`;
const client = new Client({ name: 'w3c-caller-ts', version: '1.0.0' });
await client.connect(new StreamableHTTPClientTransport(new URL(url)));
try {
  const result = await client.callTool({ name: tool, arguments: { city: 'Pisa' }, _meta: { traceparent } });
  console.log(JSON.stringify({ traceparent, result }));
} finally {
  await client.close();
}
