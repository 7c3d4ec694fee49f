// A small Markdown renderer that builds DOM nodes and only ever sets text through
// textContent / createTextNode. No string from a message reaches innerHTML, so raw HTML in a
// message (<script>, <img onerror=...>) is displayed as the characters it is, never parsed.
//
// Supported: fenced code blocks (``` or ~~~, an unterminated fence while streaming counts as open
// to the end), headings, block quotes, bullet and numbered lists (nested by indentation), GFM
// tables, horizontal rules, paragraphs (single newlines kept as line breaks, as chat users expect);
// inline code, **bold**, *italic*, ~~strike~~, [links](https://...) and bare http(s) URLs.
// Links are made only for http:, https: and mailto: targets; images are shown as links.

const FENCE = /^ {0,3}(`{3,}|~{3,})\s*([^`\s]*)[^`]*$/;
const HEADING = /^ {0,3}(#{1,6})\s+(.*?)\s*#*\s*$/;
const HR = /^ {0,3}([-*_])(\s*\1){2,}\s*$/;
const QUOTE = /^ {0,3}> ?(.*)$/;
const LIST_ITEM = /^(\s*)([-*+]|\d{1,9}[.)])\s+(.*)$/;
const TABLE_SEP = /^\s*\|?\s*:?-{1,}:?\s*(\|\s*:?-{1,}:?\s*)*\|?\s*$/;

/** Renders markdown text into a DocumentFragment. */
export function renderMarkdown(text) {
  const frag = document.createDocumentFragment();
  renderBlocks(String(text ?? '').replace(/\r\n?/g, '\n').split('\n'), frag);
  return frag;
}

function el(tag, className) {
  const e = document.createElement(tag);
  if (className) e.className = className;
  return e;
}

function renderBlocks(lines, parent) {
  let i = 0;
  while (i < lines.length) {
    const line = lines[i];
    if (line.trim() === '') { i++; continue; }

    const fence = line.match(FENCE);
    if (fence) {
      const marker = fence[1];
      const body = [];
      i++;
      while (i < lines.length && !isClosingFence(lines[i], marker)) body.push(lines[i++]);
      i++; // closing fence (or end of text while a stream is still writing the block)
      parent.append(codeBlock(body.join('\n'), fence[2]));
      continue;
    }

    const heading = line.match(HEADING);
    if (heading) {
      const h = el('h' + Math.min(6, heading[1].length + 2)); // h3..h6: the page owns h1/h2
      h.append(renderInline(heading[2]));
      parent.append(h);
      i++;
      continue;
    }

    if (HR.test(line)) { parent.append(el('hr')); i++; continue; }

    if (QUOTE.test(line)) {
      const inner = [];
      while (i < lines.length && lines[i].trim() !== '' && QUOTE.test(lines[i])) {
        inner.push(lines[i].match(QUOTE)[1]);
        i++;
      }
      const q = el('blockquote');
      renderBlocks(inner, q);
      parent.append(q);
      continue;
    }

    if (LIST_ITEM.test(line)) { i = renderList(lines, i, parent); continue; }

    if (line.includes('|') && i + 1 < lines.length && TABLE_SEP.test(lines[i + 1]) && lines[i + 1].includes('-')) {
      i = renderTable(lines, i, parent);
      continue;
    }

    // Paragraph: until a blank line or the start of another block.
    const para = [];
    while (i < lines.length && lines[i].trim() !== '' && (para.length === 0 || !startsBlock(lines, i))) {
      para.push(lines[i].trim());
      i++;
    }
    const p = el('p');
    para.forEach((l, n) => {
      if (n > 0) p.append(el('br'));
      p.append(renderInline(l));
    });
    parent.append(p);
  }
}

function startsBlock(lines, i) {
  const l = lines[i];
  return FENCE.test(l) || HEADING.test(l) || HR.test(l) || QUOTE.test(l) || LIST_ITEM.test(l);
}

function isClosingFence(line, marker) {
  const t = line.trim();
  return t.length >= marker.length && t[0] === marker[0] && /^(`+|~+)$/.test(t);
}

function codeBlock(code, lang) {
  const wrap = el('div', 'code-block');
  const bar = el('div', 'code-bar');
  const label = el('span', 'code-lang');
  label.textContent = lang || 'code';
  const copy = el('button', 'code-copy');
  copy.type = 'button';
  copy.textContent = 'Copy';
  copy.setAttribute('aria-label', 'Copy code');
  copy.addEventListener('click', () => {
    navigator.clipboard?.writeText(code).then(
      () => { copy.textContent = 'Copied'; setTimeout(() => { copy.textContent = 'Copy'; }, 1500); },
      () => { copy.textContent = 'Copy failed'; });
  });
  bar.append(label, copy);
  const pre = el('pre');
  const c = el('code');
  if (lang) c.dataset.lang = lang;
  c.textContent = code;
  pre.append(c);
  wrap.append(bar, pre);
  return wrap;
}

function indentOf(s) {
  return s.replace(/\t/g, '    ').match(/^ */)[0].length;
}

function renderList(lines, i, parent) {
  const first = lines[i].match(LIST_ITEM);
  const baseIndent = indentOf(first[1]);
  const ordered = /\d/.test(first[2]);
  const list = el(ordered ? 'ol' : 'ul');
  if (ordered) {
    const start = parseInt(first[2], 10);
    if (start !== 1) list.start = start;
  }
  while (i < lines.length) {
    const m = lines[i].match(LIST_ITEM);
    if (!m || indentOf(m[1]) !== baseIndent || /\d/.test(m[2]) !== ordered) break;
    const itemLines = [m[3]];
    i++;
    // Continuation: indented lines (nested lists, wrapped text), blank lines inside the item.
    while (i < lines.length) {
      const l = lines[i];
      if (l.trim() === '') {
        const next = lines[i + 1];
        if (next !== undefined && next.trim() !== '' && indentOf(next) > baseIndent) { itemLines.push(''); i++; continue; }
        break;
      }
      const lm = l.match(LIST_ITEM);
      if (lm && indentOf(lm[1]) <= baseIndent) break;
      if (!lm && indentOf(l) <= baseIndent && startsBlock(lines, i)) break;
      itemLines.push(l.slice(Math.min(indentOf(l), baseIndent + 2)));
      i++;
    }
    const li = el('li');
    if (itemLines.length === 1) li.append(renderInline(itemLines[0]));
    else renderBlocks(itemLines, li);
    // A single paragraph inside an item reads better without the paragraph margins.
    if (li.childElementCount === 1 && li.firstElementChild.tagName === 'P') li.firstElementChild.replaceWith(...li.firstElementChild.childNodes);
    list.append(li);
    // A blank line between items of the same list does not end it.
    if (i < lines.length && lines[i].trim() === '' && i + 1 < lines.length) {
      const n = lines[i + 1].match(LIST_ITEM);
      if (n && indentOf(n[1]) === baseIndent && /\d/.test(n[2]) === ordered) i++;
    }
  }
  parent.append(list);
  return i;
}

function splitRow(line) {
  let s = line.trim();
  if (s.startsWith('|')) s = s.slice(1);
  if (s.endsWith('|') && !s.endsWith('\\|')) s = s.slice(0, -1);
  const cells = [];
  let cur = '';
  for (let k = 0; k < s.length; k++) {
    if (s[k] === '\\' && s[k + 1] === '|') { cur += '|'; k++; continue; }
    if (s[k] === '|') { cells.push(cur.trim()); cur = ''; continue; }
    cur += s[k];
  }
  cells.push(cur.trim());
  return cells;
}

function renderTable(lines, i, parent) {
  const head = splitRow(lines[i]);
  const aligns = splitRow(lines[i + 1]).map(c => (c.startsWith(':') && c.endsWith(':') ? 'center' : c.endsWith(':') ? 'right' : ''));
  i += 2;
  const wrap = el('div', 'table-wrap');
  const table = el('table');
  const thead = el('thead');
  const hr = el('tr');
  head.forEach((c, n) => {
    const th = el('th');
    if (aligns[n]) th.style.textAlign = aligns[n];
    th.append(renderInline(c));
    hr.append(th);
  });
  thead.append(hr);
  const tbody = el('tbody');
  while (i < lines.length && lines[i].trim() !== '' && lines[i].includes('|')) {
    const tr = el('tr');
    splitRow(lines[i]).slice(0, Math.max(head.length, 1)).forEach((c, n) => {
      const td = el('td');
      if (aligns[n]) td.style.textAlign = aligns[n];
      td.append(renderInline(c));
      tr.append(td);
    });
    tbody.append(tr);
    i++;
  }
  table.append(thead, tbody);
  wrap.append(table);
  parent.append(wrap);
  return i;
}

/** A URL that is safe to put in href, or null. */
export function safeUrl(url) {
  try {
    const u = new URL(url, window.location.href);
    return ['http:', 'https:', 'mailto:'].includes(u.protocol) ? u.href : null;
  } catch {
    return null;
  }
}

function link(href, children) {
  const safe = safeUrl(href);
  if (!safe) return null;
  const a = el('a');
  a.href = safe;
  a.target = '_blank';
  a.rel = 'noopener noreferrer nofollow';
  a.append(children);
  return a;
}

const INLINE = [
  // [1] escape, [2] code span, [3] image/link, [4] bold, [5] strike, [6] italic, [7] bare URL
  /\\([\\`*_{}\[\]()#+\-.!|~<>])/y,
  /(`+)([\s\S]+?)\1(?!`)/y,
  /(!?)\[([^\]]*)\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/y,
  /(\*\*|__)(?=\S)([\s\S]+?\S)\1/y,
  /~~(?=\S)([\s\S]+?\S)~~/y,
  /(\*|_)(?=\S)([\s\S]*?\S)\1(?!\1)/y,
  /https?:\/\/[^\s<>()]+[^\s<>().,;:!?'"\]]/y,
];

/** Renders inline markdown into a DocumentFragment of text nodes and safe elements. */
export function renderInline(text) {
  const frag = document.createDocumentFragment();
  let plain = '';
  const flush = () => { if (plain) { frag.append(document.createTextNode(plain)); plain = ''; } };
  let pos = 0;
  while (pos < text.length) {
    const ch = text[pos];
    let node = null;
    let m;
    if (ch === '\\' && (m = match(INLINE[0], text, pos))) {
      plain += m[1];
      pos += m[0].length;
      continue;
    } else if (ch === '`' && (m = match(INLINE[1], text, pos))) {
      node = el('code');
      node.textContent = m[2].length > 2 && m[2].startsWith(' ') && m[2].endsWith(' ') ? m[2].slice(1, -1) : m[2];
    } else if ((ch === '[' || (ch === '!' && text[pos + 1] === '[')) && (m = match(INLINE[2], text, pos))) {
      const label = m[2] || m[3];
      node = link(m[3], m[1] ? document.createTextNode(label) : renderInline(label));
      if (!node) { plain += m[0]; pos += m[0].length; continue; }
    } else if ((ch === '*' || ch === '_') && underscoreOk(ch, text, pos) && (m = underscoreClose(match(INLINE[3], text, pos), text, pos))) {
      node = el('strong');
      node.append(renderInline(m[2]));
    } else if (ch === '~' && (m = match(INLINE[4], text, pos))) {
      node = el('del');
      node.append(renderInline(m[1]));
    } else if ((ch === '*' || ch === '_') && underscoreOk(ch, text, pos) && (m = underscoreClose(match(INLINE[5], text, pos), text, pos))) {
      node = el('em');
      node.append(renderInline(m[2]));
    } else if (ch === 'h' && !/\w/.test(text[pos - 1] || '') && (m = match(INLINE[6], text, pos))) {
      node = link(m[0], document.createTextNode(m[0]));
      if (!node) { plain += m[0]; pos += m[0].length; continue; }
    }
    if (node) {
      flush();
      frag.append(node);
      pos += m[0].length;
    } else {
      plain += ch;
      pos++;
    }
  }
  flush();
  return frag;
}

// Underscores never emphasise inside words (snake_case, __dunder__ in identifiers): the opening
// one may not follow a letter or digit, the closing one may not precede one.
function underscoreOk(ch, text, pos) {
  return ch !== '_' || !/[A-Za-z0-9]/.test(text[pos - 1] || '');
}

function underscoreClose(m, text, pos) {
  if (!m || text[pos] !== '_') return m;
  return /[A-Za-z0-9]/.test(text[pos + m[0].length] || '') ? null : m;
}

function match(re, text, pos) {
  re.lastIndex = pos;
  return re.exec(text);
}
