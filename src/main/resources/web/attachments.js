// Image attachments for the composer: file picker, paste and drag-and-drop, checked against the
// server's limits before anything is sent (PNG, JPEG, GIF or WebP; 10 MiB decoded).

import { IMAGE_TYPES } from './render.js';

export const MAX_IMAGE_BYTES = 10 * 1024 * 1024;
export const MAX_IMAGES = 10;

export class Attachments {
  /**
   * @param {HTMLUListElement} listEl where previews go
   * @param {(msg:string) => void} onError
   */
  constructor(listEl, onError) {
    this.listEl = listEl;
    this.onError = onError;
    this.items = []; // {id, name, mimeType, dataUrl, li}
    this.seq = 0;
  }

  get count() {
    return this.items.length;
  }

  /** Adds files, rejecting those the server would refuse; returns how many were taken. */
  async add(files) {
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
      const dataUrl = await readAsDataUrl(file);
      this.push(file.name || 'pasted image', file.type, dataUrl);
      taken++;
    }
    this.onError(problems.join('; '));
    return taken;
  }

  push(name, mimeType, dataUrl) {
    const id = ++this.seq;
    const li = document.createElement('li');
    li.className = 'attachment';
    li.dataset.testid = 'attachment-preview';
    const img = document.createElement('img');
    img.src = dataUrl;
    img.alt = 'Preview of ' + name;
    const remove = document.createElement('button');
    remove.type = 'button';
    remove.className = 'attachment-remove';
    remove.textContent = '×';
    remove.setAttribute('aria-label', 'Remove ' + name);
    remove.addEventListener('click', () => this.remove(id));
    li.append(img, remove);
    this.listEl.append(li);
    this.items.push({ id, name, mimeType, dataUrl, li });
  }

  remove(id) {
    const i = this.items.findIndex(it => it.id === id);
    if (i < 0) return;
    this.items[i].li.remove();
    this.items.splice(i, 1);
  }

  /** Content parts for send_message. */
  parts() {
    return this.items.map(it => ({ type: 'image', imageData: it.dataUrl, mimeType: it.mimeType }));
  }

  /** Takes the attachments out (after a send), returning their content parts. */
  take() {
    const parts = this.parts();
    this.clear();
    return parts;
  }

  clear() {
    for (const it of this.items) it.li.remove();
    this.items = [];
  }

  /** Restores parts (a send that was refused). */
  restore(parts) {
    for (const p of parts) this.push('image', p.mimeType, p.imageData);
  }
}

function readAsDataUrl(file) {
  return new Promise((resolve, reject) => {
    const r = new FileReader();
    r.onload = () => resolve(r.result);
    r.onerror = () => reject(r.error);
    r.readAsDataURL(file);
  });
}

/** Image files from a DataTransfer (paste or drop). */
export function imageFiles(dataTransfer) {
  if (!dataTransfer) return [];
  const files = [...(dataTransfer.files || [])];
  if (files.length) return files;
  return [...(dataTransfer.items || [])].filter(i => i.kind === 'file').map(i => i.getAsFile()).filter(Boolean);
}
