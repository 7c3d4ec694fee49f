// The open chat's own settings (its model and system prompt, PATCH /api/chats/:id) and its export
// (a download of GET /api/chats/:id/export, fetched with the key and saved from a blob: URL).

const $ = id => document.getElementById(id);

export class ChatTools {
  /**
   * @param {import('./api.js').Api} api
   * @param {{onUpdated(chat:object):void}} handlers
   */
  constructor(api, handlers) {
    this.api = api;
    this.handlers = handlers;
    this.chat = null;
    this.models = null; // a promise of GET /api/models, asked once
    this.dialog = $('settings-dialog');
    this.menu = $('export-menu');
    this.notice = $('chat-notice');
    $('settings-open').addEventListener('click', () => this.openSettings());
    $('settings-cancel').addEventListener('click', () => this.dialog.close());
    $('settings-form').addEventListener('submit', e => { e.preventDefault(); this.saveSettings(); });
    for (const button of this.menu.querySelectorAll('button[data-format]')) {
      button.addEventListener('click', () => this.exportAs(button.dataset.format));
    }
    this.menu.addEventListener('keydown', e => {
      if (e.key === 'Escape' && this.menu.open) {
        e.preventDefault();
        this.menu.open = false;
        this.menu.querySelector('summary').focus();
      }
    });
    this.menu.addEventListener('toggle', () => {
      if (this.menu.open) this.menu.querySelector('button[data-format]').focus();
    });
    document.addEventListener('click', e => {
      if (this.menu.open && !this.menu.contains(e.target)) this.menu.open = false;
    });
  }

  /** The tools act on this chat from now on; null hides them. */
  show(chat) {
    this.chat = chat;
    $('chat-tools').hidden = !chat;
    this.menu.open = false;
    this.setNotice('');
    if (this.dialog.open) this.dialog.close();
  }

  setNotice(text) {
    this.notice.textContent = text;
    this.notice.hidden = !text;
  }

  async openSettings() {
    if (!this.chat) return;
    const chat = this.chat;
    $('settings-error').textContent = '';
    $('settings-prompt').value = chat.systemPrompt ?? '';
    const select = $('settings-model');
    select.replaceChildren(new Option('Loading models…', ''));
    select.disabled = true;
    this.dialog.showModal();
    try {
      this.models ??= this.api.listModels();
      const models = await this.models;
      if (this.chat !== chat) return;
      const fallback = models.find(m => m.default);
      select.replaceChildren(new Option(`Server default${fallback ? ` (${fallback.id})` : ''}`, ''));
      for (const model of models) select.append(new Option(model.id, model.id));
      if (chat.model && !models.some(m => m.id === chat.model)) {
        select.append(new Option(`${chat.model} (no longer offered: the default is used)`, chat.model));
      }
      select.value = chat.model ?? '';
      select.disabled = false;
    } catch (e) {
      this.models = null;
      select.replaceChildren(new Option(chat.model ?? 'Server default', chat.model ?? ''));
      $('settings-error').textContent = 'Could not load the models: ' + e.message;
    }
  }

  async saveSettings() {
    const chat = this.chat;
    if (!chat) return;
    const changes = {};
    const model = $('settings-model').value || null;
    if (!$('settings-model').disabled && model !== (chat.model ?? null)) changes.model = model;
    const prompt = $('settings-prompt').value;
    const systemPrompt = prompt.trim() ? prompt : null;
    if (systemPrompt !== (chat.systemPrompt ?? null)) changes.systemPrompt = systemPrompt;
    if (Object.keys(changes).length === 0) {
      this.dialog.close();
      return;
    }
    const save = $('settings-save');
    save.disabled = true;
    try {
      const updated = await this.api.updateChat(chat.id, changes);
      if (this.chat?.id === updated.id) this.chat = updated;
      this.handlers.onUpdated(updated);
      this.dialog.close();
    } catch (e) {
      $('settings-error').textContent = 'Not saved: ' + e.message;
    } finally {
      save.disabled = false;
    }
  }

  async exportAs(format) {
    const chat = this.chat;
    this.menu.open = false;
    if (!chat) return;
    this.setNotice('');
    try {
      const { blob, filename } = await this.api.exportChat(chat.id, format);
      const url = URL.createObjectURL(blob);
      const a = document.createElement('a');
      a.href = url;
      a.download = filename;
      a.hidden = true;
      document.body.append(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(url), 60_000);
    } catch (e) {
      this.setNotice('Export failed: ' + e.message);
    }
  }
}
