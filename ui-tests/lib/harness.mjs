// Test harness: starts the fake Anthropic upstream and the real server jar (target/agentchat.jar,
// built beforehand by `mvn -DskipTests package`), and launches Debian's headless Chromium.

import { spawn, execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, createWriteStream, mkdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import net from 'node:net';
import { randomBytes } from 'node:crypto';
import { encodePng } from '../../src/main/icons/png.mjs';
import { chromium } from 'playwright-core';
import { startFakeAnthropic } from '../fake-anthropic.mjs';

const here = dirname(fileURLToPath(import.meta.url));
export const UI_TESTS = resolve(here, '..');
export const REPO = resolve(UI_TESTS, '..');
export const SCREENSHOTS = join(UI_TESTS, 'screenshots');
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';

function javaMajor(home) {
  try {
    const release = readFileSync(join(home, 'release'), 'utf8');
    const m = release.match(/JAVA_VERSION="(\d+)/);
    if (m) return Number(m[1]);
  } catch {
    // no release file: ask the binary
  }
  try {
    const out = execFileSync(join(home, 'bin', 'java'), ['-version'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    return Number((out.match(/version "(\d+)/) || [])[1] || 0);
  } catch (e) {
    const m = String(e.stderr || '').match(/version "(\d+)/);
    return m ? Number(m[1]) : 0;
  }
}

/** JAVA_HOME when it is 21 or newer, else the newest JDK >= 21 under /usr/lib/jvm. */
export function findJava() {
  const home = process.env.JAVA_HOME;
  if (home && existsSync(join(home, 'bin', 'java')) && javaMajor(home) >= 21) return join(home, 'bin', 'java');
  const root = '/usr/lib/jvm';
  const candidates = existsSync(root) ? readdirSync(root)
    .map(d => join(root, d))
    .filter(d => existsSync(join(d, 'bin', 'java')))
    .map(d => ({ d, v: javaMajor(d) }))
    .filter(c => c.v >= 21)
    .sort((a, b) => b.v - a.v) : [];
  if (!candidates.length) throw new Error('No JDK >= 21 found (set JAVA_HOME)');
  return join(candidates[0].d, 'bin', 'java');
}

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

export const sleep = ms => new Promise(r => setTimeout(r, ms));

/**
 * Starts fake upstream + server. Options: env (extra server env), delayMs (fake delta delay).
 * Returns {baseUrl, key, fake, api(method, path, body), logTail(), stop()}.
 */
export async function startStack({ env = {}, delayMs = 25 } = {}) {
  const jar = join(REPO, 'target', 'agentchat.jar');
  if (!existsSync(jar)) throw new Error(`${jar} is missing: run "mvn -DskipTests package" in ${REPO} first`);
  const fake = await startFakeAnthropic({ delayMs });
  const port = await freePort();
  const key = 'ui-test-' + randomBytes(12).toString('hex');
  const work = mkdtempSync(join(tmpdir(), 'agentchat-ui-'));
  const workspace = join(work, 'workspaces');
  mkdirSync(workspace);
  const logFile = join(work, 'server.log');
  const log = createWriteStream(logFile);
  const db = `jdbc:h2:mem:ui${randomBytes(6).toString('hex')};MODE=MariaDB;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1`;
  const proc = spawn(findJava(), ['-jar', jar], {
    cwd: work,
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      API_KEYS: key,
      DB_URL: db,
      AGENT_PROVIDER: 'anthropic',
      AGENT_BASE_URL: fake.url,
      AGENT_API_KEY: 'test',
      AGENT_WORKSPACE: workspace,
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  proc.stdout.pipe(log, { end: false });
  proc.stderr.pipe(log, { end: false });
  let exited = null;
  proc.on('exit', code => { exited = code ?? -1; });
  const serverUrl = `http://127.0.0.1:${port}`;
  const baseUrl = serverUrl;
  const logTail = (n = 60) => {
    try {
      return readFileSync(logFile, 'utf8').split('\n').slice(-n).join('\n');
    } catch {
      return '';
    }
  };

  const deadline = Date.now() + 90_000;
  for (;;) {
    if (exited !== null) {
      await fake.close();
      throw new Error(`server exited with ${exited} before /health answered:\n${logTail()}`);
    }
    try {
      const res = await fetch(serverUrl + '/health');
      if (res.status === 200) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      proc.kill('SIGKILL');
      await fake.close();
      throw new Error(`server did not become healthy in 90 s:\n${logTail()}`);
    }
    await sleep(200);
  }

  async function api(method, path, body) {
    const res = await fetch(serverUrl + path, {
      method,
      headers: { Authorization: 'Bearer ' + key, ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, json: text ? JSON.parse(text) : null };
  }

  async function stop() {
    if (exited === null) {
      proc.kill('SIGTERM');
      const t = setTimeout(() => proc.kill('SIGKILL'), 12_000);
      await new Promise(r => (exited !== null ? r() : proc.on('exit', r)));
      clearTimeout(t);
    }
    log.end();
    await fake.close();
    if (!process.env.KEEP_TMP) rmSync(work, { recursive: true, force: true });
  }

  return { baseUrl, key, fake, api, logTail, stop };
}

const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-quic',
  '--no-first-run', '--disable-component-update', '--disable-sync'];

export async function launchBrowser() {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: apt-get install -y chromium (ui-tests/run.sh does it)`);
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
}

/**
 * A browser with a profile on disk, signed in with the stack's key: what installability needs
 * (Chromium reports "in-incognito" for the throwaway contexts of launchBrowser). Close it when done.
 */
export async function launchInstalledProfile(stack) {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: apt-get install -y chromium (ui-tests/run.sh does it)`);
  const dir = mkdtempSync(join(tmpdir(), 'agentchat-profile-'));
  const context = await chromium.launchPersistentContext(dir, {
    executablePath: CHROMIUM, args: CHROMIUM_ARGS, viewport: { width: 1200, height: 800 },
  });
  await context.addInitScript(key => {
    try {
      if (!localStorage.getItem('agentchat.apiKey')) localStorage.setItem('agentchat.apiKey', key);
    } catch {
      // about:blank has no storage
    }
  }, stack.key);
  context.pageErrors = [];
  context.on('page', page => page.on('pageerror', e => context.pageErrors.push(String(e))));
  const close = context.close.bind(context);
  context.close = async () => {
    await close();
    rmSync(dir, { recursive: true, force: true });
  };
  return context;
}

/**
 * A fresh browser context; with `signedIn` the key is put in localStorage before any page script
 * runs. Every page opened in it records dialogs (alert/confirm/prompt) and page errors.
 */
export async function newContext(browser, stack, { signedIn = true, viewport = { width: 1200, height: 800 } } = {}) {
  const context = await browser.newContext({ viewport });
  if (signedIn) {
    await context.addInitScript(key => {
      try {
        if (!sessionStorage.getItem('agentchat.test.init')) {
          sessionStorage.setItem('agentchat.test.init', '1');
          localStorage.setItem('agentchat.apiKey', key);
        }
      } catch {
        // about:blank and opaque origins have no storage
      }
    }, stack.key);
  }
  context.dialogs = [];
  context.pageErrors = [];
  context.on('page', page => watch(context, page));
  return context;
}

function watch(context, page) {
  page.on('dialog', d => {
    context.dialogs.push(`${d.type()}: ${d.message()}`);
    d.dismiss().catch(() => {});
  });
  page.on('pageerror', e => context.pageErrors.push(String(e)));
}

export async function screenshot(page, name) {
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOTS, name + '.png') });
}

/** Retries `fn` (which throws on failure) until it passes or `timeout` ms pass. */
export async function eventually(fn, timeout = 10_000, interval = 100) {
  const deadline = Date.now() + timeout;
  for (;;) {
    try {
      return await fn();
    } catch (e) {
      if (Date.now() > deadline) throw e;
    }
    await sleep(interval);
  }
}

/** Creates a chat over REST. */
export async function createChat(stack, title) {
  const res = await stack.api('POST', '/api/chats', title ? { title } : {});
  if (res.status !== 201) throw new Error('create chat: ' + res.status + ' ' + JSON.stringify(res.json));
  return res.json.data;
}

/** Opens the page on a chat and waits until its socket is connected (status line clear). */
export async function openChat(page, stack, chatId) {
  await page.goto(`${stack.baseUrl}/#/chat/${chatId}`);
  await page.getByRole('textbox', { name: 'Message' }).waitFor();
  await waitConnected(page);
}

export async function waitConnected(page, timeout = 10_000) {
  await page.waitForFunction(() => {
    const s = document.getElementById('status');
    return s && s.dataset.conn === 'open';
  }, null, { timeout });
}

/** Text of the last assistant message on the page. */
export function lastAssistantText(page) {
  return page.locator('article.message.assistant').last().innerText();
}

/** Types a message into the composer and sends it with Enter. */
export async function sendMessage(page, text) {
  const box = page.getByRole('textbox', { name: 'Message' });
  await box.fill(text);
  await box.press('Enter');
}

/** Text of the assistant messages, oldest first. */
export function assistantTexts(page) {
  return page.locator('article.message.assistant').allInnerTexts();
}

/** A small valid PNG (solid colour) built in memory. */
export function makePng(width = 48, height = 32, rgb = [220, 40, 40]) {
  const row = Buffer.concat([Buffer.from([0]), Buffer.from(Array.from({ length: width }, () => rgb).flat())]);
  return encodePng(width, height, 2, Buffer.concat(Array.from({ length: height }, () => row)));
}

/** Waits until no answer is being generated (the Send button is back). */
export async function waitIdle(page, timeout = 20_000) {
  await page.getByRole('button', { name: 'Send' }).waitFor({ state: 'visible', timeout });
}

/**
 * Sends `texts` one after the other over a socket of the page's own (not the UI's), each waiting
 * for its turn to end: for filling a chat quickly. The page must be on the app's origin.
 */
export async function sendOverSocket(page, stack, chatId, texts) {
  await page.evaluate(async ({ chatId, key, texts }) => {
    const t = await fetch(`/api/chats/${chatId}/ws-ticket`, { method: 'POST', headers: { Authorization: 'Bearer ' + key } });
    const { data } = await t.json();
    const ws = new WebSocket(`ws://${location.host}/api/chats/${chatId}/ws?ticket=${data.ticket}`);
    await new Promise((resolve, reject) => { ws.onopen = resolve; ws.onerror = reject; });
    for (const text of texts) {
      const done = new Promise(resolve => {
        ws.onmessage = ev => { const e = JSON.parse(ev.data); if (e.type === 'status' && e.status === 'idle') resolve(); };
      });
      ws.send(JSON.stringify({ type: 'send_message', content: text }));
      await done;
    }
    ws.close();
  }, { chatId, key: stack.key, texts });
}
