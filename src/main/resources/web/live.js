// One live WebSocket per open chat. Each connection attempt fetches a fresh single-use ticket
// (POST /api/chats/:id/ws-ticket), so the API key never appears in a URL. After a drop it
// reconnects with exponential backoff and jitter; the server replays an ongoing generation
// (message_start + the text so far + tool events) to a socket that opens mid-stream.

import { apiUrl } from './api.js';

const BASE_DELAY_MS = 500;
const MAX_DELAY_MS = 15000;

export class LiveChat {
  /**
   * @param {string} chatId
   * @param {import('./api.js').Api} api
   * @param {{onEvent(e:object):void, onState(state:string, info?:object):void, onGone(err:Error):void}} handlers
   *   state is one of "connecting", "open", "waiting" (info.delayMs until the next try), "closed"
   */
  constructor(chatId, api, handlers) {
    this.chatId = chatId;
    this.api = api;
    this.handlers = handlers;
    this.ws = null;
    this.attempt = 0;
    this.timer = null;
    this.stopped = false;
    this.everOpened = false;
  }

  start() {
    this.connect();
    // Coming back online or to the tab: try at once instead of waiting out the backoff.
    this.onOnline = () => this.retryNow();
    window.addEventListener('online', this.onOnline);
  }

  retryNow() {
    if (this.stopped || (this.ws && this.ws.readyState <= WebSocket.OPEN)) return;
    clearTimeout(this.timer);
    this.connect();
  }

  async connect() {
    if (this.stopped) return;
    this.timer = null;
    this.handlers.onState('connecting');
    let ticket;
    try {
      ticket = await this.api.wsTicket(this.chatId);
    } catch (e) {
      if (this.stopped) return;
      if (e.status === 404 && await this.chatIsGone()) { this.stop(); this.handlers.onGone(e); return; }
      if (e.status === 401) { this.stop(); return; } // the api client already brought back the key prompt
      this.scheduleReconnect();
      return;
    }
    if (this.stopped) return;
    const url = apiUrl(`api/chats/${encodeURIComponent(this.chatId)}/ws`);
    url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
    url.searchParams.set('ticket', ticket.ticket);
    url.searchParams.set('imageData', 'false'); // images load from their url, once (images.js)
    const ws = new WebSocket(url);
    this.ws = ws;
    ws.addEventListener('open', () => {
      if (ws !== this.ws) return;
      this.attempt = 0;
      const reconnected = this.everOpened;
      this.everOpened = true;
      this.handlers.onState('open', { reconnected });
    });
    ws.addEventListener('message', ev => {
      if (ws !== this.ws) return;
      let event;
      try {
        event = JSON.parse(ev.data);
      } catch {
        return;
      }
      this.handlers.onEvent(event);
    });
    ws.addEventListener('close', ev => {
      if (ws !== this.ws) return;
      this.ws = null;
      if (this.stopped) return;
      this.scheduleReconnect(ev.code);
    });
  }

  /** A 404 on the ticket means the chat is gone only if the chat itself answers 404 too. */
  async chatIsGone() {
    try {
      await this.api.getChat(this.chatId);
      return false;
    } catch (e) {
      return e.status === 404;
    }
  }

  scheduleReconnect(code) {
    const delay = Math.min(MAX_DELAY_MS, BASE_DELAY_MS * 2 ** this.attempt);
    const delayMs = Math.round(delay / 2 + Math.random() * delay / 2);
    this.attempt++;
    this.handlers.onState('waiting', { delayMs, code });
    this.timer = setTimeout(() => this.connect(), delayMs);
  }

  /** Sends one event; false when the socket is not open. */
  send(event) {
    if (!this.ws || this.ws.readyState !== WebSocket.OPEN) return false;
    this.ws.send(JSON.stringify(event));
    return true;
  }

  get isOpen() {
    return !!this.ws && this.ws.readyState === WebSocket.OPEN;
  }

  stop() {
    this.stopped = true;
    clearTimeout(this.timer);
    window.removeEventListener('online', this.onOnline);
    const ws = this.ws;
    this.ws = null;
    if (ws) ws.close(1000, 'closed by the page');
    this.handlers.onState('closed');
  }
}
