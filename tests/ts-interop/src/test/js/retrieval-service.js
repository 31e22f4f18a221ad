'use strict';
// A retrieval service written with Galileo's TypeScript SDK (npm "galileo", the version pinned in
// package.json), as a TypeScript team would write one: for each POST /retrieve it continues the
// caller's trace from the X-Galileo-Trace-ID and X-Galileo-Parent-ID headers, logs a workflow
// span with a retriever span in it, waits until the SDK has sent them, and answers JSON.
//
// The SDK reads no tracing headers itself: continuing a trace is GalileoLogger.create({ mode:
// 'streaming', traceId, spanId }), which reads the trace and the parent span back from the API.
//
// Configuration is the SDK's own, from the environment: GALILEO_API_URL, GALILEO_API_KEY,
// GALILEO_PROJECT, GALILEO_LOG_STREAM, GALILEO_LOG_LEVEL. The port is free (0) and printed as
// "listening on http://127.0.0.1:PORT". Run by TsInteropTest; `node retrieval-service.js` alone
// works too.

// The test promises that nothing leaves the machine once the SDK is installed: refuse any
// connection that is not to the loopback interface, and say so on stderr.
const net = require('node:net');
const connect = net.Socket.prototype.connect;
const LOOPBACK = new Set([undefined, null, '', 'localhost', '127.0.0.1', '::1']);
net.Socket.prototype.connect = function guardedConnect(...args) {
  const first = Array.isArray(args[0]) ? args[0][0] : args[0];
  const options = typeof first === 'object' && first !== null ? first : { port: first, host: args[1] };
  if (!options.path && !LOOPBACK.has(options.host)) {
    process.stderr.write(`BLOCKED a connection to ${options.host}:${options.port} (not loopback)\n`);
    process.nextTick(() => this.destroy(new Error(`blocked: ${options.host} is not loopback`)));
    return this;
  }
  return connect.apply(this, args);
};

const http = require('node:http');
const { GalileoLogger } = require('galileo');

const SERVICE = { 'service.name': process.env.SERVICE_NAME || 'retrieval-ts' };
const KNOWLEDGE = [
  'Galileo Galilei studied the motion of pendulums and falling bodies.',
  'Galileo Galilei observed the moons of Jupiter with his telescope.',
  'Galileo Galilei taught mathematics at the University of Padua.'
];

// Every document is about Galileo: match on the other words of the query.
const NAMES = new Set(['galileo', 'galilei']);

function search(query) {
  const words = String(query).toLowerCase().split(/\W+/).filter((w) => w.length > 4 && !NAMES.has(w));
  return KNOWLEDGE.filter((doc) => words.some((w) => doc.toLowerCase().includes(w)));
}

function header(req, name) {
  const v = req.headers[name];
  return Array.isArray(v) ? v[0] : v;
}

async function retrieve(req, body) {
  const traceId = header(req, 'x-galileo-trace-id');
  const parentId = header(req, 'x-galileo-parent-id');
  const query = JSON.parse(body || '{}').query || '';
  const tracing = { trace_id: traceId || null, parent_id: parentId || null, continued_under: null, error: null };
  // Reads the trace and the parent span back from the API; a failed read is logged by the SDK,
  // not thrown, and leaves the logger without a current parent.
  const logger = await GalileoLogger.create({ mode: 'streaming', traceId, spanId: parentId });
  const createdAt = new Date();
  const started = process.hrtime.bigint();
  const documents = search(query);
  const durationNs = Number(process.hrtime.bigint() - started);
  try {
    const parent = logger.currentParent();
    tracing.continued_under = parent ? { id: parent.id, name: parent.name, type: parent.type } : null;
    logger.addWorkflowSpan({ name: 'POST /retrieve', input: query, createdAt, metadata: SERVICE });
    logger.addRetrieverSpan({
      name: 'search knowledge base',
      input: query,
      output: documents.map((content) => ({ content, metadata: { source: 'kb' } })),
      createdAt,
      durationNs,
      metadata: SERVICE
    });
    logger.conclude({ output: `${documents.length} document${documents.length === 1 ? '' : 's'}` });
  } catch (e) {
    // What a TypeScript service sees when the caller's trace is not in the backend yet:
    // "A trace needs to be created in order to add a span." The answer does not depend on it.
    tracing.error = e instanceof Error ? e.message : String(e);
  } finally {
    // In streaming mode flush() sends nothing (each span is sent as it is logged);
    // terminate() is what waits until the SDK's requests have been answered.
    await logger.terminate();
  }
  return { documents, tracing };
}

const server = http.createServer((req, res) => {
  let body = '';
  req.setEncoding('utf8');
  req.on('data', (chunk) => { body += chunk; });
  req.on('end', async () => {
    if (req.method !== 'POST' || req.url !== '/retrieve') {
      res.writeHead(404, { 'content-type': 'application/json' });
      res.end('{"error":"not found"}');
      return;
    }
    try {
      const answer = await retrieve(req, body);
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(answer));
    } catch (e) {
      process.stderr.write(`retrieve failed: ${e && e.stack ? e.stack : e}\n`);
      res.writeHead(500, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: String(e && e.message ? e.message : e) }));
    }
  });
});

server.listen(0, '127.0.0.1', () => {
  process.stdout.write(`listening on http://127.0.0.1:${server.address().port}\n`);
});
