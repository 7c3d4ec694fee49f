// Image attachments for the composer: file picker, paste and drag-and-drop, checked against the
// server's limits (PNG, JPEG, GIF or WebP; 10 MiB), then uploaded at once to the chat
// (POST /api/chats/:id/attachments) with a progress bar. A message refers to them by id.

import { IMAGE_TYPES } from './render.js';
import { rememberImage, showImage } from './images.js';

export const MAX_IMAGE_BYTES = 10 * 1024 * 1024;
export const MAX_IMAGES = 10;

export class Attachments {
  /**
   * @param {HTMLUListElement} listEl where previews go
   * @param {import('./api.js').Api} api
   * @param {() => string|null} chatId the open chat, which the images are uploaded to
   * @param {(msg:string) => void} onError
   */
  constructor(listEl, api, chatId, onError) {
    this.listEl = listEl;
    this.api = api;
    this.chatId = chatId;
    this.onError = onError;
    this.items = []; // {id, name, mimeType, preview, li, upload: Promise<Attachment>, attachment?, failed?}
    this.seq = 0;
  }

  get count() {
    return this.items.length;
  }

  /** Adds files, rejecting those the server would refuse, and starts uploading them; returns how many were taken. */
  add(files) {
    const problems = [];
    let taken = 0;
    for (const file of files) {
      if (!IMAGE_TYPES.includes(file.type)) {
        problems.push(`${file.name || 'file'}: only PNG, JPEG, GIF or WebP images can be attached`);
        continue;
      }
      if (file.size > MAX_IMAGE_BYTES) {
        problems.push(`${file.name || 'image'}: ${(file.size / 1048576).toFixed(1)} MiB is over the 10 MiB limit`);
        continue;
      }
      if (this.items.length >= MAX_IMAGES) {
        problems.push(`at most ${MAX_IMAGES} images per message`);
        break;
      }
      this.upload(file);
      taken++;
    }
    this.onError(problems.join('; '));
    return taken;
  }

  upload(file) {
    const chatId = this.chatId();
    const name = file.name || 'pasted image';
    const item = this.push(name, file.type, URL.createObjectURL(file));
    item.upload = this.api.uploadAttachment(chatId, file, fraction => this.progress(item, fraction))
      .then(attachment => {
        item.attachment = attachment;
        rememberImage(attachment.url, item.preview); // the sent message shows it without fetching it back
        this.progress(item, 1);
        item.li.classList.remove('uploading');
        return attachment;
      }, err => {
        item.failed = true;
        item.li.classList.remove('uploading');
        item.li.classList.add('failed');
        item.bar.hidden = item.percent.hidden = true;
        item.li.title = err.message;
        this.onError(`${name}: ${err.message}`);
        throw err;
      });
    item.upload.catch(() => {}); // reported above; send() asks again
  }

  /** A preview with a progress bar; `attachment` when the image is on the server already. */
  push(name, mimeType, preview, attachment) {
    const id = ++this.seq;
    const li = document.createElement('li');
    li.className = 'attachment' + (attachment ? '' : ' uploading');
    li.dataset.testid = 'attachment-preview';
    const img = document.createElement('img');
    if (preview) img.src = preview;
    else showImage(img, attachment.url);
    img.alt = 'Preview of ' + name;
    const bar = document.createElement('progress');
    bar.className = 'attachment-progress';
    bar.max = 100;
    bar.value = attachment ? 100 : 0;
    bar.hidden = !!attachment;
    bar.setAttribute('aria-label', 'Uploading ' + name);
    const percent = document.createElement('span');
    percent.className = 'attachment-percent';
    percent.setAttribute('aria-hidden', 'true');
    percent.hidden = !!attachment;
    const remove = document.createElement('button');
    remove.type = 'button';
    remove.className = 'attachment-remove';
    remove.textContent = '×';
    remove.setAttribute('aria-label', 'Remove ' + name);
    remove.addEventListener('click', () => this.remove(id));
    li.append(img, percent, bar, remove);
    this.listEl.append(li);
    const item = { id, name, mimeType, preview, li, bar, percent, attachment, upload: Promise.resolve(attachment) };
    this.items.push(item);
    return item;
  }

  progress(item, fraction) {
    item.bar.value = Math.round(fraction * 100);
    item.percent.textContent = Math.round(fraction * 100) + '%';
    item.bar.hidden = item.percent.hidden = fraction >= 1;
  }

  remove(id) {
    const i = this.items.findIndex(it => it.id === id);
    if (i < 0) return;
    this.items[i].li.remove();
    this.items.splice(i, 1);
  }

  get uploading() {
    return this.items.some(it => !it.attachment && !it.failed);
  }

  /** Content parts for send_message, once every upload is done; rejects when one failed. */
  async parts() {
    const attachments = await Promise.all(this.items.map(it => it.upload));
    return attachments.map(a => ({ type: 'image', attachmentId: a.id, mimeType: a.mimeType, url: a.url }));
  }

  clear() {
    for (const it of this.items) it.li.remove();
    this.items = [];
  }

  /** Restores parts (a send that was refused): they are uploaded already. */
  restore(parts) {
    for (const p of parts) {
      if (p.attachmentId && p.url) this.push('image', p.mimeType, '', { id: p.attachmentId, mimeType: p.mimeType, url: p.url });
    }
  }
}

/** Image files from a DataTransfer (paste or drop). */
export function imageFiles(dataTransfer) {
  if (!dataTransfer) return [];
  const files = [...(dataTransfer.files || [])];
  if (files.length) return files;
  return [...(dataTransfer.items || [])].filter(i => i.kind === 'file').map(i => i.getAsFile()).filter(Boolean);
}
