// REST client for the agentchat API (see PROTOCOL.md). Every call carries the key as a Bearer
// header; the key never goes into a URL.

export class ApiError extends Error {
  constructor(status, code, message) {
    super(message);
    this.status = status;
    this.code = code;
  }
}

/** URL of an API path relative to the page, so the UI also works under a path prefix. */
export function apiUrl(path) {
  return new URL(path.replace(/^\//, ''), document.baseURI);
}

export class Api {
  /**
   * @param {() => string|null} getKey current API key
   * @param {(err: ApiError) => void} onUnauthorized called on any 401
   */
  constructor(getKey, onUnauthorized) {
    this.getKey = getKey;
    this.onUnauthorized = onUnauthorized;
  }

  async request(method, path, body, { key = this.getKey(), quiet = false } = {}) {
    const headers = { Accept: 'application/json' };
    if (key) headers.Authorization = 'Bearer ' + key;
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    let res;
    try {
      res = await fetch(apiUrl(path), { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    } catch (e) {
      throw new ApiError(0, 'NETWORK_ERROR', 'Cannot reach the server. Check your connection.');
    }
    if (res.status === 204) return null;
    let json = null;
    try {
      json = await res.json();
    } catch {
      // fall through: a non-JSON answer (proxy error page) is reported by status below
    }
    if (!res.ok) {
      const err = new ApiError(res.status, json?.code || 'HTTP_' + res.status,
        json?.error || `The server answered ${res.status} ${res.statusText}`.trim());
      if (res.status === 401 && !quiet && this.onUnauthorized) this.onUnauthorized(err);
      throw err;
    }
    return json;
  }

  /** Checks a candidate key without touching the stored one; resolves true/false. */
  async checkKey(key) {
    try {
      await this.request('GET', 'api/chats?limit=1&offset=0', undefined, { key, quiet: true });
      return true;
    } catch (e) {
      if (e.status === 401) return false;
      throw e;
    }
  }

  listChats(limit, offset) {
    return this.request('GET', `api/chats?limit=${limit}&offset=${offset}`);
  }

  async createChat(title) {
    return (await this.request('POST', 'api/chats', title ? { title } : {})).data;
  }

  async getChat(id) {
    return (await this.request('GET', `api/chats/${encodeURIComponent(id)}`)).data;
  }

  async renameChat(id, title) {
    return (await this.request('PATCH', `api/chats/${encodeURIComponent(id)}`, { title })).data;
  }

  deleteChat(id) {
    return this.request('DELETE', `api/chats/${encodeURIComponent(id)}`);
  }

  /** Messages without the bytes of their images (imageData=false): images load from their url. */
  listMessages(id, limit, offset) {
    return this.request('GET', `api/chats/${encodeURIComponent(id)}/messages?limit=${limit}&offset=${offset}&imageData=false`);
  }

  /**
   * Uploads an image file as an attachment of the chat; resolves to the Attachment. XHR rather
   * than fetch, for its upload progress events: onProgress(fraction 0..1).
   */
  uploadAttachment(chatId, file, onProgress) {
    return new Promise((resolve, reject) => {
      const xhr = new XMLHttpRequest();
      xhr.open('POST', apiUrl(`api/chats/${encodeURIComponent(chatId)}/attachments`));
      const key = this.getKey();
      if (key) xhr.setRequestHeader('Authorization', 'Bearer ' + key);
      xhr.setRequestHeader('Content-Type', file.type);
      xhr.setRequestHeader('Accept', 'application/json');
      xhr.upload.addEventListener('progress', e => {
        if (e.lengthComputable && onProgress) onProgress(e.loaded / e.total);
      });
      xhr.addEventListener('load', () => {
        let json = null;
        try {
          json = JSON.parse(xhr.responseText);
        } catch {
          // reported by status below
        }
        if (xhr.status === 200 || xhr.status === 201) {
          resolve(json.data);
          return;
        }
        const err = new ApiError(xhr.status, json?.code || 'HTTP_' + xhr.status,
          json?.error || `The server answered ${xhr.status}`);
        if (xhr.status === 401 && this.onUnauthorized) this.onUnauthorized(err);
        reject(err);
      });
      xhr.addEventListener('error', () => reject(new ApiError(0, 'NETWORK_ERROR', 'Cannot reach the server. Check your connection.')));
      xhr.addEventListener('abort', () => reject(new ApiError(0, 'ABORTED', 'The upload was cancelled.')));
      xhr.send(file);
    });
  }

  /** The bytes of an attachment (its `url`), fetched with the key. */
  async fetchAttachment(url) {
    const key = this.getKey();
    const res = await fetch(apiUrl(url), { headers: key ? { Authorization: 'Bearer ' + key } : {} });
    if (!res.ok) throw new ApiError(res.status, 'HTTP_' + res.status, `The image could not be loaded (${res.status})`);
    return res.blob();
  }

  async wsTicket(id) {
    return (await this.request('POST', `api/chats/${encodeURIComponent(id)}/ws-ticket`)).data;
  }

  /** Chats whose title or messages contain `q`; each carries `match`, a snippet around the hit. */
  searchChats(q, limit, offset) {
    return this.request('GET', `api/chats?q=${encodeURIComponent(q)}&limit=${limit}&offset=${offset}`);
  }

  /** The models a chat may use: [{id, provider, default}]. */
  async listModels() {
    return (await this.request('GET', 'api/models')).data;
  }

  /** PATCH of a chat: any of {title, model, systemPrompt}; null model/systemPrompt = the server's default. */
  async updateChat(id, changes) {
    return (await this.request('PATCH', `api/chats/${encodeURIComponent(id)}`, changes)).data;
  }

  /** The chat as a file: {blob, filename}. The key goes in a header, so the download is fetched here. */
  async exportChat(id, format) {
    let res;
    try {
      res = await fetch(apiUrl(`api/chats/${encodeURIComponent(id)}/export?format=${format}`),
        { headers: { Authorization: 'Bearer ' + this.getKey() } });
    } catch {
      throw new ApiError(0, 'NETWORK_ERROR', 'Cannot reach the server. Check your connection.');
    }
    if (!res.ok) {
      const json = await res.json().catch(() => null);
      const err = new ApiError(res.status, json?.code || 'HTTP_' + res.status, json?.error || `Export failed (${res.status})`);
      if (res.status === 401 && this.onUnauthorized) this.onUnauthorized(err);
      throw err;
    }
    return { blob: await res.blob(), filename: filenameOf(res.headers.get('Content-Disposition')) || `chat.${format === 'json' ? 'json' : 'md'}` };
  }
}

/** The file name of a Content-Disposition header: filename* (UTF-8) when present, else filename. */
export function filenameOf(disposition) {
  if (!disposition) return null;
  const star = disposition.match(/filename\*=UTF-8''([^;]+)/i);
  if (star) {
    try {
      return decodeURIComponent(star[1].trim());
    } catch {
      // fall back to the plain name
    }
  }
  const plain = disposition.match(/filename="([^"]*)"/i);
  return plain ? plain[1] : null;
}
