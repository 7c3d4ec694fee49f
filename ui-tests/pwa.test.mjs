// The installable web app: manifest, icons, a service worker that keeps only the app shell, and
// installability as Chromium itself reports it.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  startStack, launchInstalledProfile, createChat, openChat, sendMessage, waitIdle, eventually,
} from './lib/harness.mjs';

let stack;
before(async () => {
  stack = await startStack({ delayMs: 1 });
});
after(async () => {
  await stack?.stop();
});

test('the manifest names the app and its icons are real PNGs of the stated sizes', async () => {
  const res = await fetch(stack.baseUrl + '/manifest.json');
  assert.equal(res.status, 200);
  const manifest = await res.json();
  assert.equal(manifest.name, 'agentchat');
  assert.equal(manifest.display, 'standalone');
  assert.equal(manifest.start_url, './');
  for (const icon of manifest.icons) {
    const png = Buffer.from(await (await fetch(new URL(icon.src, stack.baseUrl + '/'))).arrayBuffer());
    assert.equal(png.subarray(1, 4).toString('ascii'), 'PNG', icon.src);
    const [w, h] = icon.sizes.split('x').map(Number);
    assert.equal(png.readUInt32BE(16), w, icon.src);
    assert.equal(png.readUInt32BE(20), h, icon.src);
  }
});

test('Chromium reports the page installable, and the service worker keeps only the app shell', async () => {
  const chat = await createChat(stack, 'Offline');
  const ctx = await launchInstalledProfile(stack);
  const page = ctx.pages()[0] ?? await ctx.newPage();
  await openChat(page, stack, chat.id);
  await page.evaluate(() => navigator.serviceWorker.ready.then(() => true));
  await page.reload(); // now the worker controls the page and sees its requests
  await page.getByRole('textbox', { name: 'Message' }).waitFor();
  await eventually(async () => assert.equal(await page.evaluate(() => !!navigator.serviceWorker.controller), true));
  await page.waitForFunction(() => document.getElementById('status')?.dataset.conn === 'open');
  await sendMessage(page, 'hello offline world');
  await page.locator('article.message.assistant').last().getByText('You said: hello offline world').waitFor();
  await waitIdle(page);

  const cdp = await ctx.newCDPSession(page);
  const { installabilityErrors } = await cdp.send('Page.getInstallabilityErrors');
  assert.deepEqual(installabilityErrors, [], 'Chromium: ' + JSON.stringify(installabilityErrors));
  const manifest = await cdp.send('Page.getAppManifest');
  assert.deepEqual(manifest.errors, []);

  const cached = await page.evaluate(async () => {
    const entries = [];
    for (const name of await caches.keys()) {
      const cache = await caches.open(name);
      for (const request of await cache.keys()) {
        const body = await (await cache.match(request)).text();
        entries.push({ url: request.url, body });
      }
    }
    return entries;
  });
  const urls = cached.map(e => new URL(e.url).pathname);
  assert.ok(urls.includes('/') && urls.includes('/app.js') && urls.includes('/icons/icon-192.png'), urls.join(', '));
  assert.ok(urls.every(path => !path.startsWith('/api/') && path !== '/health'), 'no API response is kept: ' + urls.join(', '));
  assert.ok(cached.every(e => !e.body.includes(stack.key)), 'the key is in no cached response');
  assert.ok(cached.every(e => !e.body.includes('hello offline world')), 'no message is kept');

  // offline, the app still opens from the kept shell
  await ctx.setOffline(true);
  await page.reload();
  await page.getByRole('heading', { level: 1 }).waitFor();
  assert.ok(await page.getByRole('complementary', { name: 'Chats' }).isVisible());
  await ctx.setOffline(false);
  assert.deepEqual(ctx.pageErrors, []);
  await ctx.close();
});
