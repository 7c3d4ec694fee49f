// A small MCP server used only by the tests (no dependencies; Node >= 18).
//
//   node test-mcp-server.mjs            stdio: one JSON-RPC message per line on stdin/stdout
//   node test-mcp-server.mjs --http     Streamable HTTP on 127.0.0.1 (port MCP_TEST_PORT or a free one);
//                                       prints "LISTENING <port>" as its first line
//
// Environment: MCP_TEST_LOG (file to append "started <pid>", "call <tool> <id>", "cancelled <id> <reason>",
// "child <pid>" lines to), MCP_TEST_PAGE_SIZE (tools per tools/list page, default 3, so paging is exercised),
// MCP_TEST_HANG_INIT=1 (never answers initialize), MCP_TEST_CHILD=1 (starts a `sleep` child process, for the
// process-tree tests).
import { appendFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { createInterface } from 'node:readline';

const VERSIONS = ['2024-11-05', '2025-03-26', '2025-06-18', '2025-11-25'];
// a 2x2 red PNG
const PNG = 'iVBORw0KGgoAAAANSUhEUgAAAAIAAAACCAIAAAD91JpzAAAAFklEQVR4nGP8z8DAwMDAxMDAwMDAAAANHQEDasKb6QAAAABJRU5ErkJggg==';

function log(line) {
  if (process.env.MCP_TEST_LOG) appendFileSync(process.env.MCP_TEST_LOG, line + '\n');
}

const object = (properties, required = []) => ({ type: 'object', properties, required, additionalProperties: false });
const text = t => ({ content: [{ type: 'text', text: t }] });

const tools = [
  { name: 'echo', description: 'Returns the text it is given.',
    inputSchema: object({ text: { type: 'string', description: 'what to echo' } }, ['text']),
    run: args => text(args.text) },
  { name: 'add', description: 'Adds two numbers.', annotations: { readOnlyHint: true },
    inputSchema: object({ a: { type: 'number' }, b: { type: 'number' } }, ['a', 'b']),
    run: args => text(String(args.a + args.b)) },
  { name: 'sleep', description: 'Waits, then answers (a cancelled call is never answered).',
    inputSchema: object({ ms: { type: 'integer', minimum: 0 } }, ['ms']),
    run: args => new Promise(resolve => setTimeout(() => resolve(text(`slept ${args.ms} ms`)), args.ms)) },
  { name: 'fail', description: 'Always fails.',
    inputSchema: object({ message: { type: 'string' } }),
    run: args => ({ content: [{ type: 'text', text: args.message || 'it failed' }], isError: true }) },
  { name: 'env', description: 'Reports its environment, working directory and (over HTTP) request headers.',
    inputSchema: object({}),
    run: (args, context) => text(JSON.stringify({ env: process.env, cwd: process.cwd(), headers: context.headers || {} })) },
  { name: 'image', description: 'Returns a small red PNG.',
    inputSchema: object({}),
    run: () => ({ content: [{ type: 'text', text: 'a red square' }, { type: 'image', data: PNG, mimeType: 'image/png' }] }) },
  { name: 'dotted.name', description: 'A tool whose name needs cleaning before a model may call it.',
    inputSchema: object({}),
    run: () => text('dotted') },
  { name: 'add_tool', description: 'Adds a tool named `name` and tells the client that the list changed.',
    inputSchema: object({ name: { type: 'string' } }, ['name']),
    run: (args, context) => {
      tools.push({ name: args.name, description: 'Added at run time.', inputSchema: object({}), run: () => text('new') });
      setTimeout(() => context.notify({ jsonrpc: '2.0', method: 'notifications/tools/list_changed' }), 10);
      return text('added ' + args.name);
    } },
];

const listed = t => {
  const { run, ...rest } = t;
  return rest;
};

const cancelled = new Set();

/** Answers one message; `send` writes a message to the client. Returns a promise of the response or null. */
async function handle(message, context) {
  const { id, method, params } = message;
  if (method === undefined) return null; // a response to something we never asked
  if (id === undefined) { // notification
    if (method === 'notifications/cancelled') {
      cancelled.add(String(params.requestId));
      log(`cancelled ${params.requestId} ${params.reason || ''}`.trim());
    }
    return null;
  }
  const result = r => ({ jsonrpc: '2.0', id, result: r });
  const error = (code, msg) => ({ jsonrpc: '2.0', id, error: { code, message: msg } });
  switch (method) {
    case 'initialize': {
      if (process.env.MCP_TEST_HANG_INIT === '1') return new Promise(() => {});
      const asked = params && params.protocolVersion;
      return result({
        protocolVersion: VERSIONS.includes(asked) ? asked : VERSIONS[VERSIONS.length - 1],
        capabilities: { tools: { listChanged: true } },
        serverInfo: { name: 'agentchat-test-mcp', version: '1.0.0' },
      });
    }
    case 'ping':
      return result({});
    case 'tools/list': {
      const size = Number(process.env.MCP_TEST_PAGE_SIZE || 3);
      const start = params && params.cursor ? Number(params.cursor) : 0;
      const page = tools.slice(start, start + size).map(listed);
      const next = start + size < tools.length ? { nextCursor: String(start + size) } : {};
      return result({ tools: page, ...next });
    }
    case 'tools/call': {
      log(`call ${params.name} ${id}`);
      const tool = tools.find(t => t.name === params.name);
      if (!tool) return error(-32602, 'Unknown tool: ' + params.name);
      const answer = await tool.run(params.arguments || {}, context);
      if (cancelled.has(String(id))) return null; // the client gave up on it: no answer
      return result(answer);
    }
    default:
      return error(-32601, 'Method not found: ' + method);
  }
}

log(`started ${process.pid}`);
if (process.env.MCP_TEST_CHILD === '1') {
  const child = spawn('sleep', ['300'], { stdio: 'ignore' });
  log(`child ${child.pid}`);
}

if (process.argv.includes('--http')) {
  const sessions = new Set();
  const server = createServer((req, res) => {
    if (req.method === 'GET') { res.writeHead(405).end(); return; } // no server-initiated stream
    if (req.method === 'DELETE') { sessions.delete(req.headers['mcp-session-id']); res.writeHead(200).end(); return; }
    const session = req.headers['mcp-session-id'];
    let body = '';
    req.setEncoding('utf8');
    req.on('data', chunk => { body += chunk; });
    req.on('end', async () => {
      let message;
      try {
        message = JSON.parse(body);
      } catch {
        res.writeHead(400, { 'content-type': 'application/json' }).end('{"error":"not JSON"}');
        return;
      }
      const headers = {};
      if (message.method === 'initialize') {
        const created = randomUUID();
        sessions.add(created);
        headers['mcp-session-id'] = created;
      } else if (session !== undefined && !sessions.has(session)) {
        res.writeHead(404).end();
        return;
      }
      const response = await handle(message, { headers: req.headers, notify: () => {} });
      if (response === null) {
        res.writeHead(202).end();
      } else {
        res.writeHead(200, { ...headers, 'content-type': 'application/json' }).end(JSON.stringify(response));
      }
    });
  });
  server.listen(Number(process.env.MCP_TEST_PORT || 0), '127.0.0.1', () => {
    process.stdout.write(`LISTENING ${server.address().port}\n`);
  });
} else {
  const send = message => process.stdout.write(JSON.stringify(message) + '\n');
  const lines = createInterface({ input: process.stdin });
  lines.on('line', async line => {
    if (!line.trim()) return;
    let message;
    try {
      message = JSON.parse(line);
    } catch {
      send({ jsonrpc: '2.0', id: null, error: { code: -32700, message: 'Parse error' } });
      return;
    }
    const response = await handle(message, { notify: send });
    if (response !== null) send(response);
  });
  lines.on('close', () => process.exit(0));
}
