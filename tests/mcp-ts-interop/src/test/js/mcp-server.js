// An MCP tool server written with the official MCP TypeScript SDK (npm @modelcontextprotocol/sdk,
// the version pinned in package.json), knowing nothing of Galileo: its one tool, echo_meta,
// answers with the params._meta and the arguments of the tools/call it received, as JSON text,
// so the Java test can see exactly what our client put on the wire.
//
//   node mcp-server.js http    streamable HTTP on 127.0.0.1, a free port; prints
//                              "listening on http://127.0.0.1:PORT/mcp" once it accepts requests
//   node mcp-server.js stdio   stdio: JSON-RPC on stdin and stdout, nothing else on stdout
//
// Run by McpTsInteropTest. It connects to nothing; it only listens on loopback (http) or reads
// its stdin (stdio).
import { randomUUID } from 'node:crypto';
import http from 'node:http';
import { Server } from '@modelcontextprotocol/sdk/server/index.js';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import {
  CallToolRequestSchema,
  ListToolsRequestSchema,
  isInitializeRequest
} from '@modelcontextprotocol/sdk/types.js';

const ECHO_META = {
  name: 'echo_meta',
  description: 'Answers with the _meta and the arguments of the call it received',
  inputSchema: { type: 'object', properties: { city: { type: 'string' } } }
};

/** One MCP server: the SDK's low-level Server, whose handlers see the whole request. */
function newServer() {
  const server = new Server({ name: 'echo-meta-ts', version: '1.0.0' }, { capabilities: { tools: {} } });
  server.setRequestHandler(ListToolsRequestSchema, async () => ({ tools: [ECHO_META] }));
  server.setRequestHandler(CallToolRequestSchema, async (request) => {
    if (request.params.name !== ECHO_META.name) {
      return { content: [{ type: 'text', text: `unknown tool ${request.params.name}` }], isError: true };
    }
    const received = { meta: request.params._meta ?? null, arguments: request.params.arguments ?? null };
    return { content: [{ type: 'text', text: JSON.stringify(received) }] };
  });
  return server;
}

function readBody(req) {
  return new Promise((resolve, reject) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

/** Streamable HTTP with sessions, as the SDK's own examples serve it: one transport per session. */
async function serveHttp() {
  const sessions = new Map();
  const httpServer = http.createServer(async (req, res) => {
    try {
      if (!req.url.startsWith('/mcp')) {
        res.writeHead(404).end();
        return;
      }
      const sessionId = req.headers['mcp-session-id'];
      const body = req.method === 'POST' ? JSON.parse((await readBody(req)) || 'null') : undefined;
      let transport = sessionId ? sessions.get(sessionId) : undefined;
      if (!transport) {
        if (req.method !== 'POST' || sessionId || !isInitializeRequest(body)) {
          res.writeHead(400, { 'content-type': 'application/json' }).end(JSON.stringify({
            jsonrpc: '2.0', id: null, error: { code: -32000, message: 'Bad Request: no valid session' }
          }));
          return;
        }
        transport = new StreamableHTTPServerTransport({
          sessionIdGenerator: () => randomUUID(),
          onsessioninitialized: (id) => sessions.set(id, transport)
        });
        transport.onclose = () => sessions.delete(transport.sessionId);
        await newServer().connect(transport);
      }
      await transport.handleRequest(req, res, body);
    } catch (e) {
      process.stderr.write(`request failed: ${e && e.stack ? e.stack : e}\n`);
      if (!res.headersSent) {
        res.writeHead(500).end();
      }
    }
  });
  httpServer.listen(0, '127.0.0.1', () => {
    console.log(`listening on http://127.0.0.1:${httpServer.address().port}/mcp`);
  });
}

const mode = process.argv[2];
if (mode === 'http') {
  await serveHttp();
} else if (mode === 'stdio') {
  await newServer().connect(new StdioServerTransport());
  process.stderr.write('serving MCP on stdio\n');
} else {
  process.stderr.write('usage: node mcp-server.js http|stdio\n');
  process.exit(2);
}
