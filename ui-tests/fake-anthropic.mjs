// A fake Anthropic Messages API for the browser tests: a real HTTP server that answers
// POST /v1/messages with `stream: true` as server-sent events in the documented order
// (message_start, content_block_start, ping, content_block_delta*, content_block_stop,
// message_delta with stop_reason and usage, message_stop), with a delay between deltas.
//
// Tests script replies by a marker in the last user message:
//   fake.script('[[slow]]', { text: 'one two three', delayMs: 200 })
//   fake.script('[[tool]]', { tool: { name: 'Glob', input: { pattern: '*' } }, afterTool: { text: 'Done.' } })
// or over HTTP: POST /__script {marker, ...spec}. Without a match the reply echoes the text.
// Spec fields: text (string, split into word chunks, or an array of chunks), delayMs, tool
// ({name, input, id?}: a tool_use block after the text, stop_reason tool_use), afterTool (the spec
// for the request that carries the tool_result), stopReason, status + error (an HTTP error instead),
// usage (fields for message_start's usage, e.g. {input_tokens, cache_read_input_tokens}, instead of 12 input).

import http from 'node:http';

export async function startFakeAnthropic({ delayMs = 25 } = {}) {
  const scripts = new Map();
  const requests = [];
  const openStreams = new Set();
  let seq = 0;

  const server = http.createServer(async (req, res) => {
    const body = await readBody(req);
    if (req.method === 'POST' && req.url === '/__script') {
      const spec = JSON.parse(body || '{}');
      scripts.set(spec.marker, spec);
      res.writeHead(204).end();
      return;
    }
    if (req.method === 'GET' && req.url.startsWith('/v1/models')) {
      json(res, 200, { data: [{ id: 'claude-fake-1', type: 'model', display_name: 'Fake' }], has_more: false });
      return;
    }
    if (req.method !== 'POST' || !req.url.startsWith('/v1/messages')) {
      json(res, 404, { type: 'error', error: { type: 'not_found_error', message: 'Not found: ' + req.url } });
      return;
    }
    let request;
    try {
      request = JSON.parse(body);
    } catch {
      json(res, 400, { type: 'error', error: { type: 'invalid_request_error', message: 'bad JSON' } });
      return;
    }
    requests.push({ headers: req.headers, body: request });
    const { spec, userText } = choose(request, scripts);
    if (spec.status) {
      json(res, spec.status, { type: 'error', error: { type: spec.errorType || 'api_error', message: spec.error || 'fake failure' } });
      return;
    }
    const text = spec.text ?? `You said: ${userText}`;
    const chunks = Array.isArray(text) ? text : (text.match(/\s*\S+/g) || ['']);
    const delay = spec.delayMs ?? delayMs;
    const id = `msg_fake_${++seq}`;
    const model = request.model || 'claude-fake-1';

    if (!request.stream) {
      const content = [{ type: 'text', text: chunks.join('') }];
      if (spec.tool) content.push({ type: 'tool_use', id: spec.tool.id || `toolu_fake_${seq}`, name: spec.tool.name, input: spec.tool.input });
      json(res, 200, {
        id, type: 'message', role: 'assistant', model, content,
        stop_reason: spec.tool ? 'tool_use' : spec.stopReason || 'end_turn', stop_sequence: null,
        usage: { input_tokens: 12, output_tokens: chunks.length },
      });
      return;
    }

    res.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache',
      connection: 'keep-alive',
      'request-id': `req_fake_${seq}`,
    });
    let closed = false;
    const stream = { res, abort: () => res.destroy() };
    openStreams.add(stream);
    res.on('close', () => { closed = true; openStreams.delete(stream); });
    const send = (event, data) => {
      if (!closed) res.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
    };
    const sleep = ms => new Promise(r => setTimeout(r, ms));

    send('message_start', {
      type: 'message_start',
      message: {
        id, type: 'message', role: 'assistant', model, content: [],
        stop_reason: null, stop_sequence: null, usage: { input_tokens: 12, ...spec.usage, output_tokens: 1 },
      },
    });
    let index = 0;
    if (chunks.length && chunks.join('') !== '') {
      send('content_block_start', { type: 'content_block_start', index, content_block: { type: 'text', text: '' } });
      send('ping', { type: 'ping' });
      for (const chunk of chunks) {
        if (closed) return;
        await sleep(delay);
        send('content_block_delta', { type: 'content_block_delta', index, delta: { type: 'text_delta', text: chunk } });
      }
      send('content_block_stop', { type: 'content_block_stop', index });
      index++;
    } else {
      send('ping', { type: 'ping' });
    }
    if (spec.tool) {
      const toolId = spec.tool.id || `toolu_fake_${seq}`;
      send('content_block_start', {
        type: 'content_block_start', index,
        content_block: { type: 'tool_use', id: toolId, name: spec.tool.name, input: {} },
      });
      const json = JSON.stringify(spec.tool.input ?? {});
      const pieces = [json.slice(0, Math.ceil(json.length / 2)), json.slice(Math.ceil(json.length / 2))];
      send('content_block_delta', { type: 'content_block_delta', index, delta: { type: 'input_json_delta', partial_json: '' } });
      for (const p of pieces) {
        if (closed) return;
        await sleep(delay);
        send('content_block_delta', { type: 'content_block_delta', index, delta: { type: 'input_json_delta', partial_json: p } });
      }
      send('content_block_stop', { type: 'content_block_stop', index });
    }
    if (closed) return;
    await sleep(delay);
    send('message_delta', {
      type: 'message_delta',
      delta: { stop_reason: spec.tool ? 'tool_use' : spec.stopReason || 'end_turn', stop_sequence: null },
      usage: { output_tokens: chunks.length + (spec.tool ? 10 : 0) },
    });
    send('message_stop', { type: 'message_stop' });
    res.end();
  });

  await new Promise(resolve => server.listen(0, '127.0.0.1', resolve));
  const port = server.address().port;
  return {
    port,
    url: `http://127.0.0.1:${port}`,
    requests,
    script(marker, spec) { scripts.set(marker, spec); },
    /** Streams still being written (the server's upstream requests). */
    get openStreams() { return openStreams.size; },
    async close() {
      for (const s of openStreams) s.abort();
      server.closeAllConnections?.();
      await new Promise(resolve => server.close(resolve));
    },
  };
}

/** Picks the script for a request: by marker in the newest user text; afterTool when answering a tool_result. */
function choose(request, scripts) {
  const messages = request.messages || [];
  const last = messages[messages.length - 1];
  const isToolFollowUp = last && last.role === 'user' && Array.isArray(last.content)
    && last.content.some(c => c.type === 'tool_result');
  let userText = '';
  for (let i = messages.length - 1; i >= 0; i--) {
    const m = messages[i];
    if (m.role !== 'user') continue;
    const t = textOf(m.content);
    if (t) { userText = t; break; }
  }
  let spec = null;
  for (const [marker, s] of scripts) if (marker && userText.includes(marker)) { spec = s; break; }
  if (isToolFollowUp) return { spec: spec?.afterTool ?? { text: 'Done.' }, userText };
  return { spec: spec ?? {}, userText };
}

function textOf(content) {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return '';
  return content.filter(c => c.type === 'text').map(c => c.text).join('\n');
}

function json(res, status, body) {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

function readBody(req) {
  return new Promise((resolve, reject) => {
    const parts = [];
    req.on('data', d => parts.push(d));
    req.on('end', () => resolve(Buffer.concat(parts).toString('utf8')));
    req.on('error', reject);
  });
}

// `node fake-anthropic.mjs` runs it on its own (random port, printed), for trying the UI by hand.
if (import.meta.url === `file://${process.argv[1]}`) {
  const fake = await startFakeAnthropic({ delayMs: Number(process.env.FAKE_DELAY_MS || 40) });
  console.log(`fake Anthropic API on ${fake.url}`);
}
