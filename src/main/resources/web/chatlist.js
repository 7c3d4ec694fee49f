// The chat list: newest updatedAt first, paged with load-more on scroll, new chat, inline rename,
// delete with an inline confirmation, the open chat highlighted; and search over it (debounced,
// each hit with the snippet that matched, the match highlighted).

import { icon } from './icons.js';

const PAGE = 30;
const SEARCH_DELAY_MS = 250;

export class ChatList {
  /**
   * @param {import('./api.js').Api} api
   * @param {{onOpen(id:string):void, onDeleted(id:string):void, onError(msg:string):void}} handlers
   */
  constructor(api, handlers) {
    this.api = api;
    this.handlers = handlers;
    this.chats = new Map(); // id -> Chat
    this.total = null;
    this.offset = 0;
    this.loading = false;
    this.activeId = null;
    this.query = ''; // non-empty: the list shows search hits
    this.generation = 0; // bumps on every reset, so a late page of an older list or query is dropped
    this.listEl = document.getElementById('chat-list');
    this.statusEl = document.getElementById('chat-list-status');
    this.sentinel = document.getElementById('chat-list-sentinel');
    this.observer = new IntersectionObserver(entries => {
      if (entries.some(e => e.isIntersecting)) this.loadMore();
    }, { root: document.getElementById('chat-list-scroll'), rootMargin: '120px' });
    this.observer.observe(this.sentinel);
    this.bindSearch();
  }

  bindSearch() {
    this.searchEl = document.getElementById('chat-search');
    let timer = null;
    this.searchEl.addEventListener('input', () => {
      clearTimeout(timer);
      timer = setTimeout(() => this.search(this.searchEl.value), SEARCH_DELAY_MS);
    });
    this.searchEl.addEventListener('keydown', e => {
      if (e.key === 'Escape' && this.searchEl.value) {
        e.preventDefault();
        clearTimeout(timer);
        this.searchEl.value = '';
        this.search('');
      } else if (e.key === 'Enter') {
        e.preventDefault();
        clearTimeout(timer);
        this.search(this.searchEl.value);
      }
    });
  }

  /** Shows the chats matching `text` (all chats when it is blank). */
  search(text) {
    const query = text.trim() ? text : '';
    if (query === this.query) return;
    this.resetItems();
    this.query = query;
    document.getElementById('chat-list-scroll').classList.toggle('searching', !!query);
    this.loadMore();
  }

  get hasMore() {
    return this.total === null || this.offset < this.total;
  }

  reset() {
    this.resetItems();
    this.query = '';
    if (this.searchEl) this.searchEl.value = '';
    document.getElementById('chat-list-scroll').classList.remove('searching');
  }

  resetItems() {
    this.generation++;
    this.loading = false;
    this.chats.clear();
    this.total = null;
    this.offset = 0;
    this.listEl.replaceChildren();
    this.statusEl.textContent = '';
  }

  async loadMore() {
    if (this.loading || !this.hasMore) return;
    this.loading = true;
    const generation = this.generation;
    const query = this.query;
    this.statusEl.textContent = query ? 'Searching…' : 'Loading…';
    try {
      const page = query ? await this.api.searchChats(query, PAGE, this.offset) : await this.api.listChats(PAGE, this.offset);
      if (generation !== this.generation) return;
      this.total = page.total;
      this.offset += page.data.length;
      if (page.data.length === 0) this.total = this.offset;
      for (const chat of page.data) if (!this.chats.has(chat.id)) this.add(chat);
      this.statusEl.textContent = this.chats.size > 0 ? '' : query ? `No chats contain “${query}”.` : 'No chats yet.';
    } catch (e) {
      if (generation !== this.generation) return;
      this.statusEl.textContent = (query ? 'Search failed: ' : 'Could not load chats: ') + e.message;
    } finally {
      if (generation === this.generation) this.loading = false;
    }
    if (generation !== this.generation) return;
    // Still room on screen (tall window, short page)? Keep going while the sentinel is visible.
    if (this.hasMore && this.isSentinelVisible()) this.loadMore();
  }

  isSentinelVisible() {
    const root = document.getElementById('chat-list-scroll').getBoundingClientRect();
    const r = this.sentinel.getBoundingClientRect();
    return r.top < root.bottom + 120 && root.height > 0;
  }

  /** Re-reads the first page (another tab may have created or renamed chats). */
  async refreshTop() {
    if (this.query) return; // search hits stay as they were found
    try {
      const page = await this.api.listChats(PAGE, 0);
      for (const chat of page.data.slice().reverse()) this.upsert(chat, true);
      if (this.total !== null) {
        this.offset += Math.max(0, page.total - this.total);
        this.total = page.total;
      }
      if (this.chats.size > 0) this.statusEl.textContent = '';
    } catch {
      // a refresh is best effort
    }
  }

  /**
   * Adds or updates a chat. A chat whose updatedAt moved goes to its place in the order;
   * `top` puts a new chat first (it is the newest).
   */
  upsert(chat, top) {
    const known = this.chats.get(chat.id);
    let li = this.listEl.querySelector(`li[data-id="${CSS.escape(chat.id)}"]`);
    if (this.query && !li) return null; // while searching, only chats that were found are shown
    if (known?.match !== undefined && chat.match === undefined) chat = { ...chat, match: known.match };
    this.chats.set(chat.id, chat);
    if (!li) {
      li = this.renderItem(chat);
      if (top) this.listEl.prepend(li);
      else this.listEl.append(li);
      if (top && !known) this.statusEl.textContent = '';
    } else {
      this.updateItem(li, chat);
      if (known && known.updatedAt !== chat.updatedAt) this.placeByUpdatedAt(li, chat);
    }
    return li;
  }

  /** A chat of a page just loaded: at the end, in the server's order. */
  add(chat) {
    this.chats.set(chat.id, chat);
    const li = this.renderItem(chat);
    this.listEl.append(li);
    return li;
  }

  placeByUpdatedAt(li, chat) {
    for (const other of this.listEl.children) {
      if (other === li) continue;
      const c = this.chats.get(other.dataset.id);
      if (c && c.updatedAt <= chat.updatedAt) {
        this.listEl.insertBefore(li, other);
        return;
      }
    }
    this.listEl.append(li);
  }

  remove(id) {
    this.chats.delete(id);
    this.listEl.querySelector(`li[data-id="${CSS.escape(id)}"]`)?.remove();
    if (this.total !== null) { this.total--; this.offset = Math.max(0, this.offset - 1); }
    if (this.chats.size === 0 && !this.hasMore) this.statusEl.textContent = 'No chats yet.';
  }

  setActive(id) {
    this.activeId = id;
    for (const li of this.listEl.children) {
      const on = li.dataset.id === id;
      li.classList.toggle('active', on);
      const open = li.querySelector('.chat-open');
      if (on) open.setAttribute('aria-current', 'page');
      else open.removeAttribute('aria-current');
    }
  }

  renderItem(chat) {
    const li = document.createElement('li');
    li.className = 'chat-item';
    li.dataset.id = chat.id;
    li.dataset.testid = 'chat-item';

    const open = document.createElement('a');
    open.className = 'chat-open';
    open.href = '#/chat/' + encodeURIComponent(chat.id);
    const title = document.createElement('span');
    title.className = 'chat-item-title';
    const time = document.createElement('time');
    time.className = 'chat-item-time';
    const match = document.createElement('span');
    match.className = 'chat-item-match';
    match.dataset.testid = 'chat-match';
    open.append(title, time, match);

    const actions = document.createElement('span');
    actions.className = 'chat-actions';
    const rename = iconButton('pencil', 'rename');
    rename.addEventListener('click', () => this.startRename(li));
    const del = iconButton('trash', 'delete');
    del.addEventListener('click', () => this.confirmDelete(li));
    actions.append(rename, del);

    li.append(open, actions);
    this.updateItem(li, chat);
    if (chat.id === this.activeId) {
      li.classList.add('active');
      open.setAttribute('aria-current', 'page');
    }
    return li;
  }

  updateItem(li, chat) {
    li.querySelector('.chat-item-title').textContent = chat.title;
    const match = li.querySelector('.chat-item-match');
    if (this.query && typeof chat.match === 'string' && chat.match !== chat.title) highlight(match, chat.match, this.query);
    else match.replaceChildren();
    if (this.query && chat.match === chat.title) highlight(li.querySelector('.chat-item-title'), chat.title, this.query);
    const time = li.querySelector('.chat-item-time');
    time.dateTime = chat.updatedAt;
    time.textContent = shortTime(chat.updatedAt);
    li.querySelector('[data-action="rename"]').setAttribute('aria-label', `Rename chat ${chat.title}`);
    li.querySelector('[data-action="delete"]').setAttribute('aria-label', `Delete chat ${chat.title}`);
  }

  startRename(li) {
    const chat = this.chats.get(li.dataset.id);
    if (!chat || li.querySelector('.rename-form')) return;
    const form = document.createElement('form');
    form.className = 'rename-form';
    const input = document.createElement('input');
    input.type = 'text';
    input.maxLength = 200;
    input.value = chat.title;
    input.setAttribute('aria-label', 'Chat title');
    const save = document.createElement('button');
    save.type = 'submit';
    save.textContent = 'Save';
    const cancel = document.createElement('button');
    cancel.type = 'button';
    cancel.textContent = 'Cancel';
    form.append(input, save, cancel);
    li.classList.add('editing');
    li.append(form);
    input.focus();
    input.select();

    let done = false;
    const finish = () => { done = true; form.remove(); li.classList.remove('editing'); };
    cancel.addEventListener('click', finish);
    input.addEventListener('keydown', e => { if (e.key === 'Escape') { e.preventDefault(); finish(); } });
    form.addEventListener('submit', async e => {
      e.preventDefault();
      if (done) return;
      const title = input.value.trim();
      if (!title || title === chat.title) { finish(); return; }
      save.disabled = true;
      try {
        const updated = await this.api.renameChat(chat.id, title);
        finish();
        this.upsert(updated, false);
        this.handlers.onRenamed?.(updated);
      } catch (err) {
        save.disabled = false;
        this.handlers.onError('Rename failed: ' + err.message);
      }
    });
  }

  confirmDelete(li) {
    const chat = this.chats.get(li.dataset.id);
    if (!chat || li.querySelector('.confirm-delete')) return;
    const box = document.createElement('div');
    box.className = 'confirm-delete';
    box.setAttribute('role', 'group');
    box.setAttribute('aria-label', 'Confirm delete');
    const q = document.createElement('span');
    q.textContent = 'Delete this chat and its messages?';
    const yes = document.createElement('button');
    yes.type = 'button';
    yes.className = 'danger';
    yes.textContent = 'Delete';
    const no = document.createElement('button');
    no.type = 'button';
    no.textContent = 'Cancel';
    box.append(q, yes, no);
    li.append(box);
    yes.focus();
    no.addEventListener('click', () => box.remove());
    box.addEventListener('keydown', e => { if (e.key === 'Escape') box.remove(); });
    yes.addEventListener('click', async () => {
      yes.disabled = true;
      try {
        await this.api.deleteChat(chat.id);
      } catch (err) {
        if (err.status !== 404) {
          yes.disabled = false;
          this.handlers.onError('Delete failed: ' + err.message);
          return;
        }
      }
      this.remove(chat.id);
      this.handlers.onDeleted(chat.id);
    });
  }
}

/** Puts `text` into `el` with every case-insensitive occurrence of `query` in a <mark>. */
export function highlight(el, text, query) {
  el.replaceChildren();
  const lower = text.toLowerCase();
  const needle = query.toLowerCase();
  let from = 0;
  if (needle && lower.length === text.length) {
    for (let at = lower.indexOf(needle); at >= 0; at = lower.indexOf(needle, from)) {
      if (at > from) el.append(text.slice(from, at));
      const mark = document.createElement('mark');
      mark.textContent = text.slice(at, at + needle.length);
      el.append(mark);
      from = at + needle.length;
    }
  }
  if (from < text.length) el.append(text.slice(from));
}

function iconButton(iconName, action) {
  const b = document.createElement('button');
  b.type = 'button';
  b.className = 'icon-button';
  b.dataset.action = action;
  b.append(icon(iconName));
  b.title = action === 'rename' ? 'Rename' : 'Delete';
  return b;
}

function shortTime(iso) {
  const d = new Date(iso);
  if (isNaN(d)) return '';
  const now = new Date();
  if (d.toDateString() === now.toDateString()) return d.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
  return d.toLocaleDateString([], { month: 'short', day: 'numeric' });
}
