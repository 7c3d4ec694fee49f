// Images of messages are attachments served at their `url` with the API key, which an <img src>
// cannot send: each is fetched once with the key and shown from a blob: URL, kept for the page's
// life (and forgotten on sign-out, since another key may not see them).

let fetchImage = null; // (url) => Promise<Blob>
const cache = new Map(); // url -> Promise<blob: URL>

/** Called once at start with the API client's fetch of an attachment. */
export function setImageFetcher(fn) {
  fetchImage = fn;
}

/** Shows the attachment at `url` in `img`, fetching it once per page. */
export function showImage(img, url) {
  img.dataset.state = 'loading';
  blobUrl(url).then(src => {
    img.src = src;
    img.dataset.state = 'loaded';
  }, () => {
    img.dataset.state = 'failed';
    img.alt = 'The image could not be loaded';
  });
}

/** An image this page already has (a preview of a file it uploaded): no need to fetch it back. */
export function rememberImage(url, src) {
  if (!cache.has(url)) cache.set(url, Promise.resolve(src));
}

export function forgetImages() {
  for (const p of cache.values()) p.then(src => URL.revokeObjectURL(src), () => {});
  cache.clear();
}

function blobUrl(url) {
  let src = cache.get(url);
  if (!src) {
    src = fetchImage(url).then(blob => URL.createObjectURL(blob));
    src.catch(() => cache.delete(url)); // a failed fetch is tried again next time
    cache.set(url, src);
  }
  return src;
}
