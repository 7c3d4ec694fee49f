// HTML in messages, from the user and from the model, is shown as text and never runs.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startStack, launchBrowser, newContext, screenshot, createChat, openChat, eventually, sendMessage } from './lib/harness.mjs';

const USER = 'Look: <img src=x onerror="window.__pwned=1;alert(1)"> and <script>window.__pwned=2;alert(2)</script> [a](javascript:alert(3)) [[xss]]';
const MODEL = 'Model says <img src=x onerror="window.__pwned=3;alert(4)"> and <script>window.__pwned=4;alert(5)</script>\n\n'
  + '<b>not bold</b> [click](javascript:alert(6)) ![pic](javascript:alert(7)) <a href="javascript:alert(8)">x</a>\n\n'
  + '```html\n<script>alert(9)</script><img src=x onerror=alert(10)>\n```\n\n'
  + '<iframe src="javascript:alert(11)"></iframe><svg onload=alert(12)></svg> END-XSS';

let stack;
let browser;
before(async () => {
  stack = await startStack();
  stack.fake.script('[[xss]]', { text: MODEL, delayMs: 10 });
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await stack?.stop();
});

async function assertNothingRan(page, ctx) {
  const list = page.locator('#message-list');
  for (const tag of ['img', 'script', 'iframe', 'svg', 'b']) {
    // (the page's own icons sit in the message footers' buttons, outside the message bodies)
    assert.equal(await list.locator(tag === 'svg' ? '.message-body svg' : tag).count(), 0, `no <${tag}> made from message text`);
  }
  assert.equal(await page.locator('a[href^="javascript"]').count(), 0, 'no javascript: links');
  assert.equal(await page.locator('#chat-list img, #chat-list script').count(), 0);
  assert.equal(await page.evaluate(() => window.__pwned), undefined);
  assert.deepEqual(ctx.dialogs, [], 'no dialog opened');
}

test('script and img tags from the user and the model are shown as text', async () => {
  const chat = await createChat(stack);
  const ctx = await newContext(browser, stack);
  const page = await ctx.newPage();
  await openChat(page, stack, chat.id);
  await sendMessage(page, USER);
  const answer = page.locator('article.message.assistant').last();
  await eventually(async () => assert.match(await answer.innerText(), /END-XSS/));
  await page.waitForTimeout(300); // give any injected handler the chance to fire

  const userText = await page.locator('article.message.user').last().innerText();
  assert.ok(userText.includes('<img src=x onerror="window.__pwned=1;alert(1)">'), userText);
  assert.ok(userText.includes('<script>window.__pwned=2;alert(2)</script>'));
  const answerText = await answer.innerText();
  assert.ok(answerText.includes('<img src=x onerror="window.__pwned=3;alert(4)">'), answerText);
  assert.ok(answerText.includes('<script>window.__pwned=4;alert(5)</script>'));
  assert.ok(answerText.includes('<b>not bold</b>'));
  assert.equal(await answer.locator('pre code').innerText(), '<script>alert(9)</script><img src=x onerror=alert(10)>');
  await assertNothingRan(page, ctx);
  await screenshot(page, 'xss-live');

  // The same from history.
  await page.reload();
  await page.locator('article.message.assistant').last().getByText('END-XSS').waitFor();
  await page.waitForTimeout(300);
  await assertNothingRan(page, ctx);
  assert.deepEqual(ctx.pageErrors, []);
  await ctx.close();
});

test('a chat title with HTML is shown as text', async () => {
  const chat = await createChat(stack, '<img src=x onerror=alert(13)><script>alert(14)</script>');
  const ctx = await newContext(browser, stack);
  const page = await ctx.newPage();
  await openChat(page, stack, chat.id);
  await page.getByRole('heading', { level: 1, name: '<img src=x onerror=alert(13)><script>alert(14)</script>' }).waitFor();
  await page.waitForTimeout(300);
  assert.equal(await page.locator('#chat-list img, #chat-list script, h1 img').count(), 0);
  assert.deepEqual(ctx.dialogs, []);
  await ctx.close();
});
