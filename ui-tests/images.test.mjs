// Image attachments: file picker with preview and the sent image; paste and drop; limits.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startStack, launchBrowser, newContext, screenshot, createChat, openChat, eventually, sendMessage, makePng } from './lib/harness.mjs';

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

test('an image from the file picker shows a preview and is sent with the message', async () => {
  const chat = await createChat(stack);
  const ctx = await newContext(browser, stack);
  const page = await ctx.newPage();
  await openChat(page, stack, chat.id);
  await page.getByLabel('Attach image').setInputFiles({ name: 'red.png', mimeType: 'image/png', buffer: makePng() });
  const preview = page.getByTestId('attachment-preview');
  await preview.waitFor();
  assert.equal(await preview.getByRole('img').getAttribute('alt'), 'Preview of red.png');
  await page.getByRole('textbox', { name: 'Message' }).fill('What is this? [[img]]');
  await screenshot(page, 'image-preview');
  await page.getByRole('textbox', { name: 'Message' }).press('Enter');

  const sent = page.locator('article.message.user').last();
  const img = sent.getByTestId('message-image');
  await img.waitFor();
  assert.match(await img.getAttribute('src'), /^data:image\/png;base64,/);
  assert.equal(await page.getByTestId('attachment-preview').count(), 0, 'the preview is cleared after sending');
  await page.locator('article.message.assistant').last().getByText('It is a red rectangle.').waitFor();
  const upstream = stack.fake.requests.at(-1).body.messages.at(-1);
  assert.ok(JSON.stringify(upstream.content).includes('"image"'), 'the upstream request carries the image');
  await screenshot(page, 'image-sent');

  await page.reload();
  await page.locator('article.message.user').last().getByTestId('message-image').waitFor();
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

  // An image alone (no text) can be sent.
  await page.getByRole('button', { name: 'Send' }).click();
  await page.locator('article.message.user').last().getByTestId('message-image').waitFor();
  await ctx.close();
});
