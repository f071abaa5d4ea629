#!/usr/bin/env node
// A small local stand-in for Anthropic's Messages API, for driving the real Claude Code CLI
// in tests (it cannot reach Anthropic here). POST /v1/messages answers with a streamed
// (SSE) or plain reply chosen by the last user text:
//   contains "RUN_TOOL"   -> a Bash tool use (`touch standin-tool-ran`), then text once the result comes
//   contains "ASK_USER"   -> an AskUserQuestion tool use (one question, two options)
//   contains "FAIL_TURN"  -> a 400 invalid_request_error (not retried: the turn fails)
//   contains "SLOW"       -> text streamed slowly (one word every 300 ms, 200 words)
//   contains "HOLD"       -> a short text reply, sent only once the test releases it
//   anything else         -> a short text reply
// The reply that follows a tool's result is planned from the prompt of that turn: after a
// "RUN_TOOL HOLD" prompt it is held too. POST /standin/release lets one held reply go (a
// release that comes first is kept for the next hold), so a test sees "working" for sure.
// Everything else (count_tokens, telemetry, ...) gets a small JSON 200.
// Usage: node messages-standin.mjs [port-file]; prints the URL (and writes it to port-file).
// Requests are appended as JSON lines to $STANDIN_LOG when set.
import { createServer } from 'node:http';
import { appendFileSync, writeFileSync } from 'node:fs';

let counter = 0;
const id = (prefix) => `${prefix}_standin${(++counter).toString().padStart(6, '0')}`;

function lastUserText(body) {
  const messages = Array.isArray(body?.messages) ? body.messages : [];
  for (let i = messages.length - 1; i >= 0; i--) {
    const m = messages[i];
    if (m.role !== 'user') continue;
    if (typeof m.content === 'string') return { text: m.content, toolResult: false };
    const parts = Array.isArray(m.content) ? m.content : [];
    const toolResult = parts.some((p) => p.type === 'tool_result');
    const text = parts.filter((p) => p.type === 'text').map((p) => p.text).join('\n');
    return { text, toolResult };
  }
  return { text: '', toolResult: false };
}

// The words of the turn's prompt: the last user message that has any (a message holding
// only a tool_result belongs to the turn its prompt started).
function turnPrompt(body) {
  const messages = Array.isArray(body?.messages) ? body.messages : [];
  for (let i = messages.length - 1; i >= 0; i--) {
    const m = messages[i];
    if (m.role !== 'user') continue;
    const text = typeof m.content === 'string' ? m.content : (Array.isArray(m.content) ? m.content : []).filter((p) => p.type === 'text').map((p) => p.text).join('\n');
    if (text !== '') return text;
  }
  return '';
}

// The tool uses the stand-in asks for.
const BASH_TOOL = { name: 'Bash', input: { command: 'touch standin-tool-ran', description: 'Create a marker file' } };
const ASK_TOOL = {
  name: 'AskUserQuestion',
  input: { questions: [{ question: 'Which colour should the marker be?', header: 'Colour', multiSelect: false, options: [{ label: 'Red', description: 'A red marker' }, { label: 'Blue', description: 'A blue marker' }] }] },
};

function plan(body) {
  const { text, toolResult } = lastUserText(body);
  // The user's words first: after a denied tool, the next prompt arrives beside its tool_result.
  if (/RUN_TOOL/.test(text)) return { kind: 'tool', tool: BASH_TOOL };
  if (/ASK_USER/.test(text)) return { kind: 'tool', tool: ASK_TOOL };
  if (/FAIL_TURN/.test(text)) return { kind: 'error' };
  if (/SLOW/.test(text)) return { kind: 'text', words: Array.from({ length: 200 }, (_, i) => `word${i}`), delayMs: 300 };
  if (/HOLD/.test(text)) return { kind: 'text', words: ['Held', 'reply', 'from', 'the', 'stand-in.'], held: true };
  if (toolResult) return { kind: 'text', words: ['The', 'tool', 'ran.'], held: /HOLD/.test(turnPrompt(body)) };
  return { kind: 'text', words: ['Hello', 'from', 'the', 'stand-in.'] };
}

// Held replies wait here until /standin/release; releases that came first wait for them.
const held = [];
let releases = 0;
function waitForRelease() {
  if (releases > 0) {
    releases--;
    return Promise.resolve();
  }
  return new Promise((resolve) => held.push(resolve));
}
function release() {
  const next = held.shift();
  if (next) next();
  else releases++;
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function stream(res, body, p) {
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive', 'request-id': id('req') });
  const send = (event, data) => res.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
  const model = body.model || 'claude-standin';
  send('message_start', { type: 'message_start', message: { id: id('msg'), type: 'message', role: 'assistant', model, content: [], stop_reason: null, stop_sequence: null, usage: { input_tokens: 10, output_tokens: 1, cache_creation_input_tokens: 0, cache_read_input_tokens: 0 } } });
  if (p.kind === 'tool') {
    send('content_block_start', { type: 'content_block_start', index: 0, content_block: { type: 'tool_use', id: id('toolu'), name: p.tool.name, input: {} } });
    send('content_block_delta', { type: 'content_block_delta', index: 0, delta: { type: 'input_json_delta', partial_json: JSON.stringify(p.tool.input) } });
    send('content_block_stop', { type: 'content_block_stop', index: 0 });
    send('message_delta', { type: 'message_delta', delta: { stop_reason: 'tool_use', stop_sequence: null }, usage: { output_tokens: 20 } });
  } else {
    send('content_block_start', { type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } });
    for (const word of p.words) {
      if (res.destroyed) return;
      // Slow words each end a paragraph: Claude Code shows a streamed paragraph once it is complete.
      send('content_block_delta', { type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: p.delayMs ? `${word}\n\n` : `${word} ` } });
      if (p.delayMs) await sleep(p.delayMs);
    }
    send('content_block_stop', { type: 'content_block_stop', index: 0 });
    send('message_delta', { type: 'message_delta', delta: { stop_reason: 'end_turn', stop_sequence: null }, usage: { output_tokens: p.words.length } });
  }
  send('message_stop', { type: 'message_stop' });
  res.end();
}

const server = createServer((req, res) => {
  const chunks = [];
  req.on('data', (c) => chunks.push(c));
  req.on('end', async () => {
    let body = {};
    try { body = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}'); } catch {}
    if (process.env.STANDIN_LOG) appendFileSync(process.env.STANDIN_LOG, `${JSON.stringify({ method: req.method, url: req.url, stream: body.stream, last: lastUserText(body) })}\n`);
    const path = (req.url || '').split('?')[0];
    if (req.method === 'POST' && path === '/standin/release') {
      release();
      res.writeHead(200, { 'content-type': 'application/json' });
      return res.end(JSON.stringify({ held: held.length, releases }));
    }
    if (req.method === 'POST' && path === '/v1/messages') {
      const p = plan(body);
      if (p.held) await waitForRelease();
      // A request error Claude Code does not retry: the turn ends in StopFailure.
      if (p.kind === 'error') {
        res.writeHead(400, { 'content-type': 'application/json' });
        return res.end(JSON.stringify({ type: 'error', error: { type: 'invalid_request_error', message: 'stand-in: this turn fails on purpose' } }));
      }
      if (body.stream) return stream(res, body, p);
      const content = p.kind === 'tool'
        ? [{ type: 'tool_use', id: id('toolu'), name: p.tool.name, input: p.tool.input }]
        : [{ type: 'text', text: p.words.join(' ') }];
      res.writeHead(200, { 'content-type': 'application/json' });
      return res.end(JSON.stringify({ id: id('msg'), type: 'message', role: 'assistant', model: body.model || 'claude-standin', content, stop_reason: p.kind === 'tool' ? 'tool_use' : 'end_turn', stop_sequence: null, usage: { input_tokens: 10, output_tokens: 5 } }));
    }
    if (path === '/v1/messages/count_tokens') {
      res.writeHead(200, { 'content-type': 'application/json' });
      return res.end(JSON.stringify({ input_tokens: 10 }));
    }
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end('{}');
  });
});

server.listen(0, '127.0.0.1', () => {
  const url = `http://127.0.0.1:${server.address().port}`;
  if (process.argv[2]) writeFileSync(process.argv[2], url);
  process.stdout.write(`${url}\n`);
});
