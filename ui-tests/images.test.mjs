// Image attachments: picked, pasted or dropped images are uploaded at once (with progress), sent by
// attachment id, and shown from their url, fetched with the key once per page; limits.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startStack, launchBrowser, newContext, screenshot, createChat, openChat, eventually, waitIdle, makePng } from './lib/harness.mjs';

let stack;
let browser;
before(async () => {
  stack = await startStack();
  stack.fake.script('[[img]]', { text: 'It is a red rectangle.' });
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await stack?.stop();
});

/** Requests the page makes to attachment urls (GET) and uploads (POST), by url. */
function recordAttachmentRequests(page) {
  const seen = [];
  page.on('request', r => {
    const path = new URL(r.url()).pathname;
    if (path.startsWith('/api/') && path.includes('/attachments')) seen.push(`${r.method()} ${path}`);
  });
  return seen;
}

async function imageLoaded(img) {
  await eventually(async () => assert.equal(await img.getAttribute('data-state'), 'loaded'));
  assert.match(await img.getAttribute('src'), /^blob:/);
  assert.ok(await img.evaluate(i => i.complete && i.naturalWidth > 0), 'the image is decoded and shown');
}

test('a picked image is uploaded, sent by id and shown from its url after a reload', async () => {
  const chat = await createChat(stack);
  const ctx = await newContext(browser, stack);
  const page = await ctx.newPage();
  const requests = recordAttachmentRequests(page);
  await openChat(page, stack, chat.id);
  await page.getByLabel('Attach image').setInputFiles({ name: 'red.png', mimeType: 'image/png', buffer: makePng() });
  const preview = page.getByTestId('attachment-preview');
  await preview.waitFor();
  assert.equal(await preview.getByRole('img').getAttribute('alt'), 'Preview of red.png');
  await eventually(async () => assert.ok(!(await preview.getAttribute('class')).includes('uploading')));
  assert.deepEqual(requests, [`POST /api/chats/${chat.id}/attachments`], 'uploaded when attached');
  await page.getByRole('textbox', { name: 'Message' }).fill('What is this? [[img]]');
  await screenshot(page, 'image-preview');
  await page.getByRole('textbox', { name: 'Message' }).press('Enter');

  const sent = page.locator('article.message.user').last();
  await imageLoaded(sent.getByTestId('message-image'));
  assert.equal(await page.getByTestId('attachment-preview').count(), 0, 'the preview is cleared after sending');
  await page.locator('article.message.assistant').last().getByText('It is a red rectangle.').waitFor();
  const upstream = stack.fake.requests.at(-1).body.messages.at(-1);
  const image = upstream.content.find(b => b.type === 'image');
  assert.equal(image.source.data, makePng().toString('base64'), 'the model gets the bytes');
  assert.equal(requests.length, 1, 'the sent image is shown from the upload, not fetched back');
  await screenshot(page, 'image-sent');

  const stored = (await stack.api('GET', `/api/chats/${chat.id}/messages?imageData=false`)).json.data[0];
  const part = stored.content.find(p => p.type === 'image');
  assert.ok(part.attachmentId, 'the message refers to the attachment');

  requests.length = 0;
  await page.reload();
  await imageLoaded(page.locator('article.message.user').last().getByTestId('message-image'));
  assert.deepEqual(requests, [`GET ${part.url}`], 'after a reload the image is fetched from its url');
  await ctx.close();
});

test('history and socket leave image bytes out; an image used twice is fetched once', async () => {
  const chat = await createChat(stack);
  const png = makePng(20, 20, [10, 200, 10]);
  const upload = await fetch(`${stack.baseUrl}/api/chats/${chat.id}/attachments`, {
    method: 'POST', headers: { Authorization: 'Bearer ' + stack.key, 'Content-Type': 'image/png' }, body: png,
  });
  assert.equal(upload.status, 201);
  const attachment = (await upload.json()).data;
  const ctx = await newContext(browser, stack);
  const page = await ctx.newPage();
  const urls = [];
  page.on('request', r => urls.push(r.url()));
  const sockets = [];
  page.on('websocket', ws => sockets.push(ws.url()));
  await openChat(page, stack, chat.id);
  for (const text of ['first [[img]]', 'again [[img]]']) {
    await page.evaluate(([id, t]) => window.agentchat.view.live.send({ type: 'send_message',
      content: [{ type: 'image', attachmentId: id }, { type: 'text', text: t }] }), [attachment.id, text]);
    await page.locator('article.message.assistant', { hasText: 'It is a red rectangle.' }).nth(text.startsWith('first') ? 0 : 1).waitFor();
    await waitIdle(page);
  }
  assert.ok(sockets.every(u => u.includes('imageData=false')), 'the socket asks for no image bytes: ' + sockets);
  urls.length = 0;
  await page.reload();
  const images = page.locator('article.message.user').getByTestId('message-image');
  await eventually(async () => assert.equal(await images.count(), 2));
  await imageLoaded(images.nth(0));
  await imageLoaded(images.nth(1));
  const messageLists = urls.filter(u => u.includes('/messages'));
  assert.ok(messageLists.length > 0 && messageLists.every(u => u.includes('imageData=false')), 'history without bytes');
  assert.equal(urls.filter(u => u.endsWith(attachment.url)).length, 1, 'one fetch for the image shown twice');
  await ctx.close();
});

test('a large upload shows its progress and the message waits for it', async () => {
  const chat = await createChat(stack);
  const ctx = await newContext(browser, stack);
  const page = await ctx.newPage();
  await openChat(page, stack, chat.id);
  const cdp = await ctx.newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.emulateNetworkConditions',
    { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: 1024 * 1024 });
  const big = Buffer.concat([makePng(), Buffer.alloc(4 * 1024 * 1024, 7)]); // a PNG with 4 MiB of trailing bytes
  await page.getByLabel('Attach image').setInputFiles({ name: 'big.png', mimeType: 'image/png', buffer: big });
  const bar = page.getByRole('progressbar', { name: 'Uploading big.png' });
  await eventually(async () => {
    const value = Number(await bar.getAttribute('value'));
    assert.ok(value > 0 && value < 100, 'progress part way: ' + value);
  }, 15_000, 50);
  await screenshot(page, 'image-uploading');
  await page.getByRole('textbox', { name: 'Message' }).fill('Big one [[img]]');
  await page.getByRole('textbox', { name: 'Message' }).press('Enter');
  await page.getByRole('alert').filter({ hasText: 'Uploading images' }).waitFor();
  assert.equal(await page.locator('article.message.user').count(), 0, 'nothing is sent before the upload is done');
  await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: -1 });
  await imageLoaded(page.locator('article.message.user').last().getByTestId('message-image'));
  await page.locator('article.message.assistant').last().getByText('It is a red rectangle.').waitFor();
  const stored = (await stack.api('GET', `/api/chats/${chat.id}/messages?imageData=false`)).json.data[0];
  assert.equal(stored.content.find(p => p.type === 'image').mimeType, 'image/png');
  await ctx.close();
});

test('paste and drop attach images; wrong types and oversized files are refused', async () => {
  const chat = await createChat(stack);
  const ctx = await newContext(browser, stack);
  const page = await ctx.newPage();
  await openChat(page, stack, chat.id);
  const png = [...makePng(8, 8, [30, 120, 220])];
  await page.evaluate(bytes => {
    const dt = new DataTransfer();
    dt.items.add(new File([new Uint8Array(bytes)], 'pasted.png', { type: 'image/png' }));
    document.getElementById('input').dispatchEvent(new ClipboardEvent('paste', { clipboardData: dt, bubbles: true, cancelable: true }));
  }, png);
  await eventually(async () => assert.equal(await page.getByTestId('attachment-preview').count(), 1));
  await page.evaluate(bytes => {
    const dt = new DataTransfer();
    dt.items.add(new File([new Uint8Array(bytes)], 'dropped.png', { type: 'image/png' }));
    document.getElementById('messages').dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
  }, png);
  await eventually(async () => assert.equal(await page.getByTestId('attachment-preview').count(), 2));
  await page.getByRole('button', { name: 'Remove dropped.png' }).click();
  assert.equal(await page.getByTestId('attachment-preview').count(), 1);

  const input = page.getByLabel('Attach image');
  await input.setInputFiles({ name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('hello') });
  await page.getByRole('alert').filter({ hasText: 'only PNG, JPEG, GIF or WebP' }).waitFor();
  await input.setInputFiles({ name: 'huge.png', mimeType: 'image/png', buffer: Buffer.alloc(10 * 1024 * 1024 + 1) });
  await page.getByRole('alert').filter({ hasText: 'over the 10 MiB limit' }).waitFor();
  assert.equal(await page.getByTestId('attachment-preview').count(), 1, 'refused files are not attached');
  await input.setInputFiles({ name: 'fake.png', mimeType: 'image/png', buffer: Buffer.from('not a png at all') });
  await page.getByRole('alert').filter({ hasText: 'fake.png: Image data is not a valid image/png' }).waitFor();

  // The failed upload blocks sending until it is removed; an image alone (no text) can be sent.
  await page.getByRole('button', { name: 'Send' }).click();
  await page.getByRole('alert').filter({ hasText: 'could not be uploaded' }).waitFor();
  await page.getByRole('button', { name: 'Remove fake.png' }).click();
  await page.getByRole('button', { name: 'Send' }).click();
  await imageLoaded(page.locator('article.message.user').last().getByTestId('message-image'));
  await ctx.close();
});
