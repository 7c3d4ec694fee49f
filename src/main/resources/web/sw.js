// The service worker of the installable web app. It keeps the app shell — the page, its scripts,
// styles, manifest and icons — so that the app opens from a home screen, offline too. It never
// keeps an API response or anything sent with the key: requests under api/, /health and /openapi,
// requests with an Authorization header and every non-GET go to the network untouched.

const CACHE = 'agentchat-shell-v1';
const PRECACHE = ['./', 'app.css', 'app.js', 'api.js', 'attachments.js', 'chatlist.js', 'chattools.js', 'images.js',
  'chatview.js', 'icons.js', 'live.js', 'markdown.js', 'messageactions.js', 'render.js', 'manifest.json',
  'icons/icon-192.png', 'icons/icon-512.png'];
const NOT_SHELL = /^(api(\/|$)|health$|openapi)/;

self.addEventListener('install', event => {
  // one by one, so that a file missing from this list's idea of the shell does not stop the install
  event.waitUntil(caches.open(CACHE)
    .then(cache => Promise.all(PRECACHE.map(path => cache.add(path).catch(() => undefined))))
    .then(() => self.skipWaiting()));
});

self.addEventListener('activate', event => {
  event.waitUntil(caches.keys()
    .then(keys => Promise.all(keys.filter(key => key !== CACHE).map(key => caches.delete(key))))
    .then(() => self.clients.claim()));
});

/** The cache key of a shell request (path without query or hash), or null when it is not the shell's. */
function shellKey(request) {
  if (request.method !== 'GET' || request.headers.has('Authorization')) return null;
  const url = new URL(request.url);
  const scope = new URL(self.registration.scope);
  if (url.origin !== scope.origin || !url.pathname.startsWith(scope.pathname) || url.search) return null;
  const path = url.pathname.slice(scope.pathname.length);
  if (NOT_SHELL.test(path)) return null;
  return scope.origin + url.pathname;
}

self.addEventListener('fetch', event => {
  const key = shellKey(event.request);
  if (!key) return;
  // network first, so that a new version shows at once; the kept copy when the network fails
  event.respondWith(fetch(event.request)
    .then(response => {
      if (response.ok && response.type === 'basic') {
        const copy = response.clone();
        event.waitUntil(caches.open(CACHE).then(cache => cache.put(key, copy)));
      }
      return response;
    })
    .catch(() => caches.match(key).then(cached => cached || caches.match(new URL('./', self.registration.scope).href))
      .then(cached => cached || Response.error())));
});
