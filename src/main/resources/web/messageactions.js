// Actions on the messages of the open chat: "Edit" on user messages (an inline editor that sends
// edit_message) and "Regenerate" on the last answer (sends regenerate).

import { icon } from './icons.js';

function actionButton(iconName, text, label) {
  const b = document.createElement('button');
  b.type = 'button';
  b.className = 'message-action';
  b.setAttribute('aria-label', label);
  b.append(icon(iconName, 14), document.createTextNode(text));
  return b;
}

/** Adds an Edit button under a user message. */
export function addEditButton(art, onEdit) {
  const footer = art.querySelector('.message-meta');
  const button = actionButton('pencil', 'Edit', 'Edit this message');
  button.dataset.action = 'edit';
  button.addEventListener('click', () => onEdit(art));
  footer.append(button);
}

/** Puts the Regenerate button under `art` (removing it from anywhere else); null removes it. */
export function placeRegenerate(list, art, onRegenerate) {
  const existing = list.querySelector('button[data-action="regenerate"]');
  if (existing && existing.closest('article') === art) return;
  existing?.remove();
  if (!art) return;
  const button = actionButton('refresh', 'Regenerate', 'Regenerate this answer');
  button.dataset.action = 'regenerate';
  button.addEventListener('click', onRegenerate);
  art.querySelector('.message-meta').append(button);
}

/**
 * Replaces a user message's body with an editor. `onSave(text)` sends it and returns true when it
 * went out; `onCancel()` puts the message back. Returns {showError(text), close()}.
 */
export function openEditor(art, text, { onSave, onCancel }) {
  const body = art.querySelector('.message-body');
  const form = document.createElement('form');
  form.className = 'message-editor';
  form.setAttribute('aria-label', 'Edit message');
  const area = document.createElement('textarea');
  area.value = text;
  area.rows = Math.min(10, Math.max(2, text.split('\n').length));
  area.setAttribute('aria-label', 'Edited message');
  const error = document.createElement('p');
  error.className = 'error-text';
  error.setAttribute('role', 'alert');
  const hint = document.createElement('p');
  hint.className = 'editor-hint';
  hint.textContent = 'The answers after this message will be replaced.';
  const actions = document.createElement('div');
  actions.className = 'editor-actions';
  const cancel = document.createElement('button');
  cancel.type = 'button';
  cancel.textContent = 'Cancel';
  const save = document.createElement('button');
  save.type = 'submit';
  save.className = 'primary';
  save.textContent = 'Save & send';
  actions.append(cancel, save);
  form.append(area, hint, error, actions);
  body.hidden = true;
  art.classList.add('editing');
  body.after(form);
  area.focus();
  area.setSelectionRange(area.value.length, area.value.length);

  const close = () => {
    form.remove();
    body.hidden = false;
    art.classList.remove('editing');
  };
  cancel.addEventListener('click', () => { close(); onCancel(); });
  area.addEventListener('keydown', e => {
    if (e.key === 'Escape') {
      e.preventDefault();
      close();
      onCancel();
    } else if (e.key === 'Enter' && !e.shiftKey && !e.isComposing && !e.altKey && !e.ctrlKey && !e.metaKey) {
      e.preventDefault();
      form.requestSubmit();
    }
  });
  form.addEventListener('submit', e => {
    e.preventDefault();
    if (!area.value.trim()) {
      error.textContent = 'The message cannot be empty.';
      return;
    }
    error.textContent = '';
    if (onSave(area.value)) {
      save.disabled = true;
      area.readOnly = true;
    }
  });
  return {
    showError(textOfError) {
      error.textContent = textOfError;
      save.disabled = false;
      area.readOnly = false;
      area.focus();
    },
    close,
  };
}
