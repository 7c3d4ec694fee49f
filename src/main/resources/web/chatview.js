// The open chat: history (older pages on scroll up), the live stream over the chat's socket,
// the composer (text, images, send, stop), and edit / regenerate on the messages.

import { LiveChat } from './live.js';
import { Attachments, imageFiles } from './attachments.js';
import {
  renderMessage, messageShell, renderUserContent, markdownBlock, toolCard, setToolResult, setToolState,
  approvalCard, resolveApproval, errorNotice,
} from './render.js';
import { addEditButton, placeRegenerate, openEditor } from './messageactions.js';

const PAGE = 50;
const MAX_TEXT = 100000;
const STATUS_TEXT = { thinking: 'Thinking…', tool_use: 'Running a tool…', responding: 'Writing…' };

const $ = id => document.getElementById(id);

export class ChatView {
  /**
   * @param {import('./api.js').Api} api
   * @param {{onChatChanged(id:string):void, onGone(id:string):void}} handlers
   */
  constructor(api, handlers) {
    this.api = api;
    this.handlers = handlers;
    this.scroller = $('messages');
    this.list = $('message-list');
    this.input = $('input');
    this.sendBtn = $('send');
    this.stopBtn = $('stop');
    this.statusEl = $('status');
    this.composerError = $('composer-error');
    this.attachments = new Attachments($('attachments'), api, () => this.chatId, msg => this.showComposerError(msg));
    this.chatId = null;
    this.resetState();
    this.bindComposer();
    this.historyObserver = new IntersectionObserver(entries => {
      if (entries.some(e => e.isIntersecting)) this.loadOlder();
    }, { root: this.scroller, rootMargin: '200px 0px 0px 0px' });
    this.historyObserver.observe($('history-sentinel'));
  }

  resetState() {
    this.rendered = new Map(); // message id -> article (finished messages)
    this.messages = new Map(); // message id -> the finished message itself
    this.editing = null; // {id, editor, sent}: the user message being edited
    this.pending = []; // optimistic user messages: {art, content}
    this.current = null; // the assistant message being streamed
    this.approvals = new Map(); // requestId -> approval box
    this.firstOffset = null; // offset of the oldest loaded message
    this.total = 0;
    this.loadingOlder = false;
    this.running = false;
    this.genStatus = '';
    this.connState = 'connecting';
    this.connInfo = null;
    this.seq = 0; // bumps on every open, so late answers for an older chat are dropped
  }

  // ---- opening and closing ----

  async open(chatId, chat) {
    this.close();
    this.chatId = chatId;
    const seq = this.seq;
    $('empty-state').hidden = true;
    this.scroller.hidden = false;
    $('composer').hidden = false;
    this.setTitle(chat?.title ?? '');
    $('history-status').textContent = 'Loading…';
    try {
      const [info] = await Promise.all([chat ? Promise.resolve(chat) : this.api.getChat(chatId), this.loadLatest(seq)]);
      if (seq !== this.seq) return;
      this.setTitle(info.title);
      this.handlers.onChatLoaded?.(info);
    } catch (e) {
      if (seq !== this.seq) return;
      if (e.status === 404) { this.handlers.onGone(chatId); return; }
      $('history-status').textContent = 'Could not load messages: ' + e.message;
    }
    if (seq !== this.seq) return;
    this.scrollToBottom();
    this.live = new LiveChat(chatId, this.api, {
      onEvent: e => this.onEvent(e),
      onState: (state, info) => this.onConnState(state, info),
      onGone: () => this.handlers.onGone(chatId),
    });
    this.live.start();
    if (window.matchMedia('(min-width: 701px)').matches) this.input.focus();
  }

  close() {
    if (this.live) this.live.stop();
    this.live = null;
    const keepSeq = this.seq + 1;
    this.resetState();
    this.seq = keepSeq;
    this.chatId = null;
    this.list.replaceChildren();
    $('history-status').textContent = '';
    this.attachments.clear();
    this.showComposerError('');
    this.updateControls();
    this.renderStatus();
  }

  showEmpty() {
    this.close();
    this.scroller.hidden = true;
    $('composer').hidden = true;
    $('empty-state').hidden = false;
    this.setTitle('agentchat');
  }

  setTitle(title) {
    $('chat-title').textContent = title || 'agentchat';
    document.title = title ? `${title} · agentchat` : 'agentchat';
  }

  // ---- history ----

  /** Loads the newest page of finished messages, merging by id with what is shown. */
  async loadLatest(seq = this.seq) {
    let page = await this.api.listMessages(this.chatId, PAGE, 0);
    if (page.total > page.data.length) {
      page = await this.api.listMessages(this.chatId, PAGE, Math.max(0, page.total - PAGE));
    }
    if (seq !== this.seq) return;
    const start = Math.max(0, page.total - page.data.length);
    if (this.firstOffset === null) this.firstOffset = start;
    this.total = page.total;
    const stick = this.nearBottom();
    for (const msg of page.data) this.mergeFinished(msg);
    $('history-status').textContent = this.firstOffset === 0 && this.rendered.size === 0 ? 'No messages yet. Say hello!' : '';
    this.refreshActions();
    if (stick) this.scrollToBottom();
  }

  async loadOlder() {
    if (this.loadingOlder || !this.chatId || !this.firstOffset) return;
    this.loadingOlder = true;
    const seq = this.seq;
    const from = Math.max(0, this.firstOffset - PAGE);
    $('history-status').textContent = 'Loading older messages…';
    try {
      const page = await this.api.listMessages(this.chatId, this.firstOffset - from, from);
      if (seq !== this.seq) return;
      const before = this.scroller.scrollHeight;
      const top = this.scroller.scrollTop;
      const frag = document.createDocumentFragment();
      for (const msg of page.data) {
        if (this.rendered.has(msg.id)) continue;
        frag.append(this.renderFinished(msg));
      }
      this.list.prepend(frag);
      this.firstOffset = from;
      this.scroller.scrollTop = top + (this.scroller.scrollHeight - before);
      $('history-status').textContent = '';
    } catch (e) {
      if (seq === this.seq) $('history-status').textContent = 'Could not load older messages: ' + e.message;
    } finally {
      if (seq === this.seq) this.loadingOlder = false;
    }
  }

  /** The article of a finished message, remembered with the message (user messages get an Edit button). */
  renderFinished(msg) {
    const art = renderMessage(msg);
    this.rendered.set(msg.id, art);
    this.messages.set(msg.id, msg);
    if (msg.role === 'user') addEditButton(art, a => this.startEdit(a));
    return art;
  }

  /** Shows a finished message once: replaces the live copy of it, or adds it at the end. */
  mergeFinished(msg) {
    if (this.current && this.current.id === msg.id) {
      clearTimeout(this.current.timer);
      const art = this.renderFinished(msg);
      this.current.art.replaceWith(art);
      this.current = null;
      this.finishRun();
      return;
    }
    if (this.rendered.has(msg.id)) return;
    const art = this.renderFinished(msg);
    const firstLive = this.pending[0]?.art ?? this.current?.art;
    if (msg.role === 'user' && this.pending.length) {
      this.pending.shift().art.replaceWith(art);
    } else if (firstLive && firstLive.parentNode === this.list) {
      this.list.insertBefore(art, firstLive);
    } else {
      this.list.append(art);
    }
  }

  // ---- live events ----

  onConnState(state, info) {
    this.connState = state;
    this.connInfo = info;
    if (state === 'open') {
      // Catch up on whatever finished while we were away (the server only replays a running turn).
      this.loadLatest().catch(() => {});
    }
    this.renderStatus();
    this.updateControls();
  }

  onEvent(e) {
    const stick = this.nearBottom();
    switch (e.type) {
      case 'user_message_stored': this.onUserStored(e.message); break;
      case 'message_start': this.onMessageStart(e.messageId); break;
      case 'status': this.onStatus(e.status); break;
      case 'message_delta': this.onDelta(e.messageId, e.delta); break;
      case 'tool_use': this.onToolUse(e); break;
      case 'tool_result': this.onToolResult(e); break;
      case 'message_complete': this.onComplete(e.message); break;
      case 'error': this.onError(e); break;
      case 'tool_approval_request': this.onApprovalRequest(e); break;
      case 'messages_deleted': this.onMessagesDeleted(e.messageIds); break;
      case 'user_message_updated': this.onUserMessageUpdated(e.message); break;
      default: break;
    }
    this.refreshActions();
    if (stick) this.scrollToBottom();
  }

  /** regenerate or edit_message removed these messages (on this socket's request or another's). */
  onMessagesDeleted(ids) {
    if (!Array.isArray(ids)) return;
    for (const id of ids) {
      const art = this.rendered.get(id);
      if (!art) continue;
      art.remove();
      this.rendered.delete(id);
      this.messages.delete(id);
      this.total = Math.max(0, this.total - 1);
      if (this.editing?.id === id) this.editing = null;
    }
  }

  onUserMessageUpdated(msg) {
    if (!msg?.id) return;
    const old = this.rendered.get(msg.id);
    if (!old) return;
    old.replaceWith(this.renderFinished(msg));
    if (this.editing?.id === msg.id) this.editing = null;
  }

  /** Regenerate under the last answer while nothing runs; Edit buttons only while nothing runs. */
  refreshActions() {
    const articles = this.list.querySelectorAll('article.message');
    const last = articles[articles.length - 1];
    const canRegenerate = !this.running && !this.current && this.connState === 'open' && last
      && last.dataset.role === 'assistant' && this.rendered.get(last.dataset.id) === last;
    placeRegenerate(this.list, canRegenerate ? last : null, () => this.regenerate());
    this.list.classList.toggle('busy', this.running);
  }

  regenerate() {
    if (!this.startRequest({ type: 'regenerate' }, msg => this.showComposerError(msg))) return;
    this.showComposerError('');
  }

  /** Sends a request that starts a turn; false (after saying why through `fail`) when it cannot go out. */
  startRequest(request, fail) {
    if (this.running) {
      fail('The agent is still answering. Wait for it, or press Stop.');
      return false;
    }
    if (!this.live || !this.live.send(request)) {
      fail('Not connected yet. Try again in a moment.');
      this.live?.retryNow();
      return false;
    }
    this.running = true;
    this.genStatus = 'thinking';
    this.renderStatus();
    this.updateControls();
    return true;
  }

  startEdit(art) {
    const msg = this.messages.get(art.dataset.id);
    if (!msg || this.editing) return;
    if (this.running) {
      this.showComposerError('The agent is still answering. Wait for it, or press Stop.');
      return;
    }
    const text = msg.content.filter(p => p.type === 'text').map(p => p.text).join('\n');
    const images = msg.content.filter(p => p.type === 'image').map(p => (p.attachmentId
      ? { type: 'image', attachmentId: p.attachmentId, mimeType: p.mimeType }
      : { type: 'image', mimeType: p.mimeType, imageData: p.imageData }));
    const editing = { id: msg.id, sent: false, editor: null };
    editing.editor = openEditor(art, text, {
      onSave: edited => {
        const sent = this.startRequest({ type: 'edit_message', messageId: msg.id, content: [...images, { type: 'text', text: edited }] },
          error => editing.editor.showError(error));
        editing.sent = sent;
        return sent;
      },
      onCancel: () => {
        if (this.editing === editing) this.editing = null;
        this.refreshActions();
      },
    });
    this.editing = editing;
  }

  onUserStored(msg) {
    if (!msg) return;
    if (this.rendered.has(msg.id)) {
      this.pending.shift()?.art.remove();
      return;
    }
    this.mergeFinished(msg);
    this.total++;
    $('history-status').textContent = '';
  }

  onMessageStart(messageId) {
    if (this.rendered.has(messageId)) return;
    if (this.current && this.current.id === messageId) {
      // A replay after a reconnect: the next delta carries all the text so far, then the tool
      // events and a pending approval request come again.
      for (const [requestId, box] of this.approvals) {
        if (this.current.body.contains(box)) this.approvals.delete(requestId);
      }
      this.current.body.replaceChildren();
      this.current.parts = [];
      this.current.cards.clear();
    } else {
      if (this.current) this.finishCurrent();
      const art = messageShell('assistant', messageId);
      art.classList.add('streaming');
      this.list.append(art);
      this.current = { id: messageId, art, body: art.querySelector('.message-body'), parts: [], cards: new Map(), timer: null };
    }
    this.running = true;
    if (!this.genStatus) this.genStatus = 'thinking';
    this.renderStatus();
    this.updateControls();
  }

  ensureCurrent(messageId) {
    if (!this.current || (messageId && this.current.id !== messageId)) this.onMessageStart(messageId);
    return this.current;
  }

  onStatus(status) {
    if (status === 'idle') {
      this.genStatus = '';
      this.finishRun();
    } else {
      this.genStatus = status;
      if (!this.running && status !== 'idle') { this.running = true; this.updateControls(); }
    }
    this.renderStatus();
  }

  onDelta(messageId, delta) {
    if (typeof delta !== 'string' || this.rendered.has(messageId)) return;
    const cur = this.ensureCurrent(messageId);
    let part = cur.parts[cur.parts.length - 1];
    if (!part || part.type !== 'text') {
      part = { type: 'text', text: '', node: document.createElement('div') };
      part.node.className = 'markdown';
      cur.parts.push(part);
      cur.body.append(part.node);
    }
    part.text += delta;
    if (this.genStatus === 'thinking' || !this.genStatus) { this.genStatus = 'responding'; this.renderStatus(); }
    this.scheduleRender(cur);
  }

  scheduleRender(cur) {
    if (cur.timer) return;
    cur.timer = setTimeout(() => {
      cur.timer = null;
      const stick = this.nearBottom();
      for (const p of cur.parts) {
        if (p.type === 'text' && p.dirtyLength !== p.text.length) {
          const fresh = markdownBlock(p.text);
          p.node.replaceChildren(...fresh.childNodes);
          p.dirtyLength = p.text.length;
        }
      }
      if (stick) this.scrollToBottom();
    }, 40);
  }

  onToolUse(e) {
    if (this.rendered.has(e.messageId)) return;
    const cur = this.ensureCurrent(e.messageId);
    if (cur.cards.has(e.toolUseId)) return;
    const card = toolCard(e.toolUseId, e.toolName, e.toolInput);
    cur.cards.set(e.toolUseId, card);
    cur.parts.push({ type: 'tool', card });
    cur.body.append(card);
    this.genStatus = 'tool_use';
    this.toolName = e.toolName;
    this.renderStatus();
  }

  onToolResult(e) {
    if (this.rendered.has(e.messageId)) return;
    const cur = this.ensureCurrent(e.messageId);
    let card = cur.cards.get(e.toolUseId);
    if (!card) {
      card = toolCard(e.toolUseId, 'tool', undefined);
      cur.cards.set(e.toolUseId, card);
      cur.parts.push({ type: 'tool', card });
      cur.body.append(card);
    }
    setToolResult(card, e.output, e.isError, e.images);
  }

  onComplete(msg) {
    if (!msg) return;
    this.mergeFinished(msg);
    this.total++;
    this.finishRun();
    this.handlers.onChatChanged(this.chatId);
  }

  onError(e) {
    const text = e.error || 'Something went wrong.';
    if (!e.messageId && this.editing?.sent) {
      // our edit was refused (busy, not found, invalid): nothing changed; the editor stays open
      this.editing.sent = false;
      this.editing.editor.showError(text);
      if (!this.current) this.finishRun();
      return;
    }
    if (e.messageId && this.current && this.current.id === e.messageId) {
      const cur = this.current;
      this.finishCurrent();
      cur.art.querySelector('.message-body').append(errorNotice(text, e.code));
      this.rendered.set(cur.id, cur.art);
      this.finishRun();
      this.handlers.onChatChanged(this.chatId);
      return;
    }
    if (!e.messageId && this.pending.length && e.code !== 'AGENT_NOT_CONFIGURED') {
      // Our send was refused (validation, busy): nothing was stored; give the text back.
      const { art, content } = this.pending.shift();
      art.remove();
      this.restoreDraft(content);
    }
    this.list.append(errorNotice(text, e.code));
    if (!this.current) this.finishRun();
  }

  onApprovalRequest(e) {
    if (this.approvals.has(e.requestId)) return;
    const box = approvalCard(e, approved => {
      const sent = this.live?.send({ type: 'tool_approval_response', requestId: e.requestId, approved }) ?? false;
      if (sent) setTimeout(() => this.renderStatus());
      return sent;
    });
    this.approvals.set(e.requestId, box);
    (this.current ? this.current.body : this.list).append(box);
    this.renderStatus();
    box.querySelector('button')?.focus({ preventScroll: true });
  }

  /** The streamed message stops being live (complete, failed, or replaced). */
  finishCurrent() {
    const cur = this.current;
    if (!cur) return;
    clearTimeout(cur.timer);
    cur.timer = null;
    for (const p of cur.parts) {
      if (p.type === 'text') p.node.replaceChildren(...markdownBlock(p.text).childNodes);
      if (p.type === 'tool' && !p.card.classList.contains('done')) setToolState(p.card, 'no result');
    }
    cur.art.classList.remove('streaming');
    this.current = null;
  }

  finishRun() {
    if (this.current) return; // still streaming: the terminal event will end it
    this.running = false;
    this.genStatus = '';
    for (const box of this.approvals.values()) {
      if (!box.classList.contains('resolved')) resolveApproval(box, 'No longer pending');
    }
    this.renderStatus();
    this.updateControls();
  }

  renderStatus() {
    let text = '';
    if (this.chatId && this.connState === 'connecting' && !this.live?.everOpened) text = 'Connecting…';
    else if (this.chatId && this.connState === 'connecting') text = 'Reconnecting…';
    else if (this.chatId && this.connState === 'waiting') {
      text = `Connection lost. Reconnecting in ${Math.max(1, Math.round((this.connInfo?.delayMs ?? 0) / 1000))} s…`;
    } else if (this.running) {
      text = this.genStatus === 'tool_use' && this.toolName ? `Running ${this.toolName}…` : STATUS_TEXT[this.genStatus] ?? 'Working…';
      if ([...this.approvals.values()].some(b => !b.classList.contains('resolved'))) text = 'Waiting for your approval…';
      if (this.stopping) text = 'Stopping…';
    }
    this.statusEl.textContent = text;
    this.statusEl.dataset.state = this.running ? this.genStatus || 'working' : this.connState;
    this.statusEl.dataset.conn = this.connState;
  }

  updateControls() {
    this.stopBtn.hidden = !this.running;
    this.sendBtn.hidden = this.running;
    if (!this.running) this.stopping = false;
    this.refreshActions();
  }

  // ---- composer ----

  bindComposer() {
    $('composer').addEventListener('submit', e => { e.preventDefault(); this.send(); });
    this.input.addEventListener('keydown', e => {
      if (e.key === 'Enter' && !e.shiftKey && !e.isComposing && !e.altKey && !e.ctrlKey && !e.metaKey) {
        e.preventDefault();
        this.send();
      }
    });
    this.input.addEventListener('input', () => this.autosize());
    const narrow = window.matchMedia('(max-width: 700px)');
    const placeholder = () => {
      this.input.placeholder = narrow.matches ? 'Message' : 'Message (Enter to send, Shift+Enter for a new line)';
    };
    narrow.addEventListener('change', placeholder);
    placeholder();
    this.stopBtn.addEventListener('click', () => this.stop());
    $('file-input').addEventListener('change', e => {
      this.attachments.add([...e.target.files]);
      e.target.value = '';
    });
    this.input.addEventListener('paste', e => {
      const files = imageFiles(e.clipboardData);
      if (files.length) {
        e.preventDefault();
        this.attachments.add(files);
      }
    });
    const chat = $('chat');
    const hint = $('drop-hint');
    let depth = 0;
    const hasFiles = e => [...(e.dataTransfer?.types || [])].includes('Files');
    chat.addEventListener('dragenter', e => {
      if (!hasFiles(e) || !this.chatId) return;
      depth++;
      hint.hidden = false;
    });
    chat.addEventListener('dragleave', () => {
      depth = Math.max(0, depth - 1);
      if (depth === 0) hint.hidden = true;
    });
    chat.addEventListener('dragover', e => {
      if (hasFiles(e) && this.chatId) { e.preventDefault(); e.dataTransfer.dropEffect = 'copy'; }
    });
    chat.addEventListener('drop', e => {
      depth = 0;
      hint.hidden = true;
      if (!this.chatId) return;
      e.preventDefault();
      this.attachments.add(imageFiles(e.dataTransfer));
    });
  }

  autosize() {
    if (!this.input.value) {
      this.input.style.height = ''; // an empty box keeps one line, however long the placeholder
      return;
    }
    this.input.style.height = 'auto';
    this.input.style.height = Math.min(this.input.scrollHeight + 2, 220) + 'px';
  }

  showComposerError(msg) {
    this.composerError.textContent = msg || '';
  }

  async send() {
    if (!this.chatId || this.sending) return;
    const text = this.input.value;
    if (!text.trim() && this.attachments.count === 0) return;
    if (text.length > MAX_TEXT) {
      this.showComposerError(`The message is ${text.length.toLocaleString()} characters; the limit is ${MAX_TEXT.toLocaleString()}.`);
      return;
    }
    if (this.running) {
      this.showComposerError('The agent is still answering. Wait for it, or press Stop.');
      return;
    }
    const seq = this.seq;
    let images;
    this.sending = true;
    try {
      if (this.attachments.uploading) this.showComposerError('Uploading images… the message is sent when they are up.');
      images = await this.attachments.parts();
    } catch {
      if (seq === this.seq) this.showComposerError('An image could not be uploaded: remove it (×) and try again.');
      return;
    } finally {
      this.sending = false;
    }
    if (seq !== this.seq) return;
    const content = [...images];
    if (text.trim()) content.push({ type: 'text', text });
    if (!this.live || !this.live.send({ type: 'send_message', content })) {
      this.showComposerError('Not connected yet; your message is still here. Try again in a moment.');
      this.live?.retryNow();
      return;
    }
    this.showComposerError('');
    if (this.input.value === text) this.input.value = '';
    this.autosize();
    this.attachments.clear();
    const art = messageShell('user');
    art.classList.add('pending');
    renderUserContent(art.querySelector('.message-body'), content);
    this.list.append(art);
    this.pending.push({ art, content });
    $('history-status').textContent = '';
    this.running = true;
    this.genStatus = 'thinking';
    this.renderStatus();
    this.updateControls();
    this.scrollToBottom();
  }

  restoreDraft(content) {
    const text = content.filter(p => p.type === 'text').map(p => p.text).join('\n');
    if (!this.input.value) this.input.value = text;
    if (this.attachments.count === 0) this.attachments.restore(content.filter(p => p.type === 'image'));
    this.autosize();
  }

  stop() {
    if (!this.running) return;
    if (this.live?.send({ type: 'cancel' })) {
      this.stopping = true;
      this.renderStatus();
    } else {
      this.showComposerError('Not connected; cannot stop right now.');
    }
  }

  // ---- scrolling ----

  nearBottom() {
    const s = this.scroller;
    return s.scrollHeight - s.scrollTop - s.clientHeight < 80;
  }

  scrollToBottom() {
    this.scroller.scrollTop = this.scroller.scrollHeight;
  }
}
