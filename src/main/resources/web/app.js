// agentchat web UI: sign-in with an API key, the chat list and the open chat.
// The open chat lives in the URL hash (#/chat/<id>) so a reload comes back to it.

import { Api } from './api.js';
import { ChatList } from './chatlist.js';
import { ChatView } from './chatview.js';
import { ChatTools } from './chattools.js';
import { forgetImages, setImageFetcher } from './images.js';

const KEY_STORAGE = 'agentchat.apiKey';
const $ = id => document.getElementById(id);

const storedKey = () => localStorage.getItem(KEY_STORAGE);
const api = new Api(storedKey, () => {
  if (signedIn) signOut('Your API key was not accepted. Please enter it again.');
});
let signedIn = false;
setImageFetcher(url => api.fetchAttachment(url));

const list = new ChatList(api, {
  onDeleted: id => {
    if (view.chatId === id) navigate(null);
  },
  onRenamed: chat => {
    if (view.chatId === chat.id) view.setTitle(chat.title);
    if (tools.chat?.id === chat.id) tools.chat = chat;
  },
  onError: msg => { $('chat-list-status').textContent = msg; },
});

const tools = new ChatTools(api, {
  onUpdated: chat => {
    list.upsert(chat, false);
    if (view.chatId === chat.id) view.setTitle(chat.title);
  },
});

const view = new ChatView(api, {
  onChatLoaded: chat => tools.show(chat),
  onChatChanged: async id => {
    try {
      const chat = await api.getChat(id);
      list.upsert(chat, false);
      if (view.chatId === id) {
        view.setTitle(chat.title);
        if (tools.chat?.id === id) tools.chat = chat;
      }
    } catch {
      // the list refreshes again on the next change
    }
  },
  onGone: id => {
    list.remove(id);
    if (view.chatId === id) {
      navigate(null);
      $('chat-list-status').textContent = 'That chat no longer exists.';
    }
  },
});

// ---- sign-in ----

function showLogin(notice) {
  signedIn = false;
  $('app').hidden = true;
  $('login').hidden = false;
  const n = $('login-notice');
  n.textContent = notice || '';
  n.hidden = !notice;
  $('login-error').textContent = '';
  $('login-key').value = '';
  $('login-key').focus();
}

function showApp() {
  signedIn = true;
  $('login').hidden = true;
  $('app').hidden = false;
  list.reset();
  list.loadMore();
  route();
}

function signOut(notice) {
  const wasSignedIn = signedIn || storedKey();
  localStorage.removeItem(KEY_STORAGE);
  view.close();
  tools.show(null);
  list.reset();
  forgetImages();
  if (wasSignedIn || notice) showLogin(notice);
}

$('login-form').addEventListener('submit', async e => {
  e.preventDefault();
  const key = $('login-key').value.trim();
  const err = $('login-error');
  if (!key) { err.textContent = 'Enter an API key.'; return; }
  const button = $('login-submit');
  button.disabled = true;
  err.textContent = '';
  try {
    if (await api.checkKey(key)) {
      localStorage.setItem(KEY_STORAGE, key);
      showApp();
    } else {
      err.textContent = 'That key was not accepted. Check it and try again.';
      $('login-key').select();
    }
  } catch (ex) {
    err.textContent = ex.message;
  } finally {
    button.disabled = false;
  }
});

$('sign-out').addEventListener('click', () => signOut('Signed out.'));

// Another tab signed out or in.
window.addEventListener('storage', e => {
  if (e.key !== KEY_STORAGE && e.key !== null) return;
  if (!storedKey() && signedIn) signOut('Signed out in another tab.');
  else if (storedKey() && !signedIn) showApp();
});

// ---- navigation ----

function currentChatId() {
  const m = location.hash.match(/^#\/chat\/([^/?#]+)$/);
  return m ? decodeURIComponent(m[1]) : null;
}

function navigate(id) {
  const hash = id ? '#/chat/' + encodeURIComponent(id) : '#/';
  if (location.hash === hash) route();
  else location.hash = hash;
}

function route() {
  if (!signedIn) return;
  const id = currentChatId();
  document.body.classList.toggle('chat-open', !!id);
  list.setActive(id);
  if (!id) {
    view.showEmpty();
    tools.show(null);
    return;
  }
  if (view.chatId !== id) {
    tools.show(null);
    view.open(id, list.chats.get(id));
  }
}

window.addEventListener('hashchange', route);

async function newChat() {
  try {
    const chat = await api.createChat();
    list.search(''); // a search hides new chats: show the whole list again
    list.upsert(chat, true);
    navigate(chat.id);
  } catch (e) {
    $('chat-list-status').textContent = 'Could not create a chat: ' + e.message;
  }
}

$('new-chat').addEventListener('click', newChat);
$('empty-new-chat').addEventListener('click', newChat);
$('back-to-list').addEventListener('click', () => {
  document.body.classList.remove('chat-open');
});

// Clicking the open chat in the list on a phone shows it again.
$('chat-list').addEventListener('click', e => {
  const a = e.target.closest('a.chat-open');
  if (a && a.getAttribute('aria-current')) document.body.classList.add('chat-open');
});

document.addEventListener('visibilitychange', () => {
  if (document.visibilityState === 'visible' && signedIn) {
    list.refreshTop();
    view.live?.retryNow();
  }
});

// A file dropped outside the composer must not navigate away from the page.
window.addEventListener('dragover', e => e.preventDefault());
window.addEventListener('drop', e => e.preventDefault());

// ---- installable web app: the service worker caches the app shell only (see sw.js) ----

if ('serviceWorker' in navigator) {
  navigator.serviceWorker.register('sw.js').catch(() => {
    // without it the page works the same, only not offline
  });
}

// ---- start ----

if (storedKey()) showApp();
else showLogin();

// A handle for debugging in the console (and for the browser tests to simulate a dropped socket).
window.agentchat = { api, list, view, tools };
