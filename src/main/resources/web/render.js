// Rendering of messages, tool cards and approval prompts. Message text only ever reaches the page
// through textContent or the DOM-building Markdown renderer.

import { renderMarkdown } from './markdown.js';
import { icon } from './icons.js';
import { showImage } from './images.js';

export const IMAGE_TYPES = ['image/png', 'image/jpeg', 'image/gif', 'image/webp'];
const DATA_URI = /^data:image\/(png|jpeg|gif|webp);base64,/;
const ATTACHMENT_URL = /^\/api\/chats\/[^/]+\/attachments\/[^/]+$/;

const STOP_NOTES = {
  cancelled: 'Stopped',
  max_tokens: 'Cut off at the maximum length',
  error: 'Ended with an error',
  interrupted: 'Interrupted: the server stopped while writing',
};

function el(tag, className, text) {
  const e = document.createElement(tag);
  if (className) e.className = className;
  if (text !== undefined) e.textContent = text;
  return e;
}

/** An <article> for a stored message (user or assistant). */
export function renderMessage(msg) {
  const art = messageShell(msg.role, msg.id);
  const body = art.querySelector('.message-body');
  if (msg.role === 'user') renderUserContent(body, msg.content);
  else renderAssistantContent(body, msg.content);
  setMeta(art, msg.metadata);
  return art;
}

export function messageShell(role, id) {
  const art = el('article', 'message ' + (role === 'user' ? 'user' : 'assistant'));
  art.dataset.role = role;
  art.dataset.testid = 'message';
  if (id) art.dataset.id = id;
  art.setAttribute('aria-label', role === 'user' ? 'Your message' : 'Assistant message');
  art.append(el('div', 'message-body'), el('footer', 'message-meta'));
  return art;
}

function normalizeContent(content) {
  if (typeof content === 'string') return [{ type: 'text', text: content }];
  return Array.isArray(content) ? content : [];
}

export function renderUserContent(body, content) {
  const parts = normalizeContent(content);
  const images = parts.filter(p => p.type === 'image');
  if (images.length) {
    const row = el('div', 'message-images');
    for (const p of images) row.append(imageElement(p));
    body.append(row);
  }
  for (const p of parts) {
    if (p.type === 'text' && p.text) body.append(el('div', 'user-text', p.text));
  }
}

/** An image part: loaded from its attachment url (with the key), or from an inline data: URI. */
export function imageElement(part) {
  const data = typeof part.imageData === 'string' && DATA_URI.test(part.imageData) ? part.imageData : '';
  const url = typeof part.url === 'string' && ATTACHMENT_URL.test(part.url) ? part.url : '';
  if (!data && !url) return el('span', 'image-missing', '[image]');
  const img = el('img', 'message-image');
  img.alt = 'Attached image';
  img.dataset.testid = 'message-image';
  if (url) showImage(img, url);
  else img.src = data;
  return img;
}

/** Assistant content: text as Markdown, tool_use as cards, tool_result folded into its card. */
export function renderAssistantContent(body, content) {
  const cards = new Map();
  for (const p of normalizeContent(content)) {
    if (p.type === 'text') {
      if (p.text) body.append(markdownBlock(p.text));
    } else if (p.type === 'tool_use') {
      const card = toolCard(p.id, p.name, p.input);
      cards.set(p.id, card);
      body.append(card);
    } else if (p.type === 'tool_result') {
      let card = cards.get(p.toolUseId);
      if (!card) {
        card = toolCard(p.toolUseId, 'tool', undefined);
        body.append(card);
      }
      setToolResult(card, p.content, p.isError, p.images);
    } else if (p.type === 'image') {
      body.append(imageElement(p));
    }
  }
  for (const card of cards.values()) {
    if (!card.classList.contains('done')) setToolState(card, 'no result');
  }
}

export function markdownBlock(text) {
  const div = el('div', 'markdown');
  div.append(renderMarkdown(text));
  return div;
}

export function setMeta(art, metadata) {
  const meta = art.querySelector('.message-meta');
  meta.replaceChildren();
  if (!metadata) return;
  const note = STOP_NOTES[metadata.stopReason];
  if (note) {
    const n = el('span', 'stop-note stop-' + metadata.stopReason, note);
    meta.append(n);
  }
  const details = [];
  if (metadata.model) details.push(metadata.model);
  if (metadata.inputTokens != null) details.push(`${count(metadata.inputTokens)} in`);
  if (metadata.cacheReadTokens) details.push(`${count(metadata.cacheReadTokens)} cache read`);
  if (metadata.outputTokens != null) details.push(`${count(metadata.outputTokens)} out`);
  if (metadata.durationMs != null) details.push(`${(metadata.durationMs / 1000).toFixed(1)} s`);
  if (metadata.totalCostUsd != null) details.push(`$${Number(metadata.totalCostUsd).toFixed(4)}`);
  if (!details.length) return;
  const span = el('span', 'meta-details', details.join(' · '));
  const usage = tokenUsage(metadata);
  if (usage) span.title = usage;
  meta.append(span);
}

function count(n) {
  return Number(n).toLocaleString('en-US');
}

/** The four token counts spelled out, for the footer's tooltip. */
function tokenUsage(m) {
  if (m.inputTokens == null && m.outputTokens == null) return '';
  const parts = [`input ${count(m.inputTokens ?? 0)} uncached`];
  if (m.cacheReadTokens != null) parts.push(`${count(m.cacheReadTokens)} read from the prompt cache`);
  if (m.cacheWriteTokens != null) parts.push(`${count(m.cacheWriteTokens)} written to it`);
  return `Tokens: ${parts.join(', ')}; output ${count(m.outputTokens ?? 0)}`;
}

function pretty(value) {
  if (value === undefined) return '';
  if (typeof value === 'string') return value;
  try {
    return JSON.stringify(value, null, 2);
  } catch {
    return String(value);
  }
}

/** Tool result content may be a string or a list of text parts. */
function resultText(content) {
  if (Array.isArray(content)) {
    return content.map(c => (c && c.type === 'text' ? c.text : pretty(c))).join('\n');
  }
  return pretty(content);
}

/** `mcp__<server>__<tool>` names a tool of an MCP server: {server, tool}; null for a built-in tool. */
export function mcpTool(name) {
  const m = /^mcp__(.+?)__(.+)$/.exec(name || '');
  return m ? { server: m[1], tool: m[2] } : null;
}

export function toolCard(toolUseId, name, input) {
  const card = el('details', 'tool-card');
  card.dataset.toolUseId = toolUseId || '';
  card.dataset.testid = 'tool-card';
  const summary = el('summary');
  const gear = el('span', 'tool-icon');
  gear.append(icon('gear', 14));
  const mcp = mcpTool(name);
  const label = el('span', 'tool-name', mcp ? mcp.tool : name || 'tool');
  label.title = name || '';
  summary.append(gear, label);
  if (mcp) {
    const server = el('span', 'tool-server', mcp.server);
    server.title = `Tool of the MCP server ${mcp.server}`;
    server.dataset.testid = 'tool-server';
    summary.append(server);
  }
  summary.append(el('span', 'tool-state', 'running…'));
  const inSec = el('div', 'tool-section tool-input');
  inSec.append(el('div', 'tool-label', 'Input'), el('pre', '', pretty(input)));
  const outSec = el('div', 'tool-section tool-result');
  outSec.hidden = true;
  outSec.append(el('div', 'tool-label', 'Result'), el('pre'));
  card.append(summary, inSec, outSec);
  return card;
}

export function setToolResult(card, output, isError, images) {
  const sec = card.querySelector('.tool-result');
  sec.hidden = false;
  sec.querySelector('pre').textContent = resultText(output);
  sec.querySelector('.message-images')?.remove();
  if (Array.isArray(images) && images.length) {
    const row = el('div', 'message-images');
    for (const image of images) row.append(imageElement(image));
    sec.append(row);
  }
  card.classList.add('done');
  card.classList.toggle('error', !!isError);
  setToolState(card, isError ? 'failed' : 'done');
}

export function setToolState(card, text) {
  card.querySelector('.tool-state').textContent = text;
}

/** A prompt asking whether a tool may run; `respond(approved)` sends the answer. */
export function approvalCard(request, respond) {
  const box = el('div', 'approval');
  box.dataset.requestId = request.requestId;
  box.dataset.testid = 'tool-approval';
  box.setAttribute('role', 'group');
  box.setAttribute('aria-label', `Approve tool ${request.toolName}`);
  const q = el('p', 'approval-question');
  const mcp = mcpTool(request.toolName);
  q.append('The agent wants to run ', el('strong', '', mcp ? mcp.tool : request.toolName),
    mcp ? ` of the MCP server ${mcp.server}.` : '.');
  const input = el('pre', '', pretty(request.toolInput));
  const actions = el('div', 'approval-actions');
  const allow = el('button', 'primary', 'Allow');
  allow.type = 'button';
  const deny = el('button', 'danger', 'Deny');
  deny.type = 'button';
  const state = el('span', 'approval-state');
  actions.append(allow, deny, state);
  box.append(q, input, actions);
  const answer = approved => {
    if (respond(approved)) resolveApproval(box, approved ? 'Allowed' : 'Denied');
    else state.textContent = 'Not connected; try again in a moment.';
  };
  allow.addEventListener('click', () => answer(true));
  deny.addEventListener('click', () => answer(false));
  return box;
}

export function resolveApproval(box, text) {
  for (const b of box.querySelectorAll('button')) b.disabled = true;
  box.classList.add('resolved');
  box.querySelector('.approval-state').textContent = text;
}

export function errorNotice(text, code) {
  const p = el('div', 'inline-error');
  p.setAttribute('role', 'alert');
  p.dataset.testid = 'inline-error';
  p.textContent = text;
  if (code) p.title = code;
  return p;
}
