// Sending, the streamed answer (Markdown), Stop, reload mid-stream, reconnect, and a second tab.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  startStack, launchBrowser, newContext, screenshot, createChat, openChat, eventually, sendMessage, assistantTexts, sleep,
} from './lib/harness.mjs';

const MD = 'Here is **bold** and `inline code`.\n\n```js\nconsole.log("hi")\n```\n\n- first point\n- second point\n\nEND-OF-MD';
const LONG = Array.from({ length: 110 }, (_, i) => `word${i}`).join(' ') + ' END-OF-LONG';

let stack;
let browser;
before(async () => {
  stack = await startStack();
  stack.fake.script('[[md]]', { text: MD, delayMs: 60 });
  stack.fake.script('[[long]]', { text: LONG, delayMs: 60 });
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await stack?.stop();
});

test('send with Enter, watch the answer stream in, rendered as Markdown', async () => {
  const chat = await createChat(stack);
  const ctx = await newContext(browser, stack);
  const page = await ctx.newPage();
  await openChat(page, stack, chat.id);

  const box = page.getByRole('textbox', { name: 'Message' });
  await box.fill('line one');
  await box.press('Shift+Enter');
  await box.pressSequentially('line two');
  assert.equal(await box.inputValue(), 'line one\nline two', 'Shift+Enter adds a new line');
  await box.fill('Please format this [[md]]');
  await box.press('Enter');
  assert.equal(await box.inputValue(), '', 'the composer is cleared');

  await page.locator('article.message.user', { hasText: 'Please format this' }).waitFor();
  const answer = page.locator('article.message.assistant').last();
  // Mid-stream: some text, not all of it, a live status and a Stop button.
  await eventually(async () => {
    const t = await answer.innerText();
    assert.ok(t.includes('Here is') && !t.includes('END-OF-MD'), 'partial text: ' + t);
  });
  assert.match(await page.getByRole('status').innerText(), /Writing|Thinking/);
  assert.ok(await page.getByRole('button', { name: 'Stop' }).isVisible());
  await screenshot(page, 'stream-mid');

  await eventually(async () => assert.match(await answer.innerText(), /END-OF-MD/));
  assert.equal(await answer.locator('pre code').innerText(), 'console.log("hi")');
  assert.equal(await answer.locator('strong').innerText(), 'bold');
  assert.equal(await answer.locator('li').count(), 2);
  await eventually(async () => assert.equal(await page.getByRole('status').innerText(), ''));
  assert.ok(await page.getByRole('button', { name: 'Send' }).isVisible());

  // The chat got a title from its first message; the list shows it.
  await eventually(async () => {
    const t = await page.getByTestId('chat-item').first().innerText();
    assert.ok(!/^New Chat/.test(t), 'title refreshed: ' + t);
  });
  await screenshot(page, 'stream-done');
  assert.deepEqual(ctx.pageErrors, []);
  await ctx.close();
});

test('Stop keeps the partial answer', async () => {
  const chat = await createChat(stack);
  const ctx = await newContext(browser, stack);
  const page = await ctx.newPage();
  await openChat(page, stack, chat.id);
  await sendMessage(page, 'Talk a lot [[long]]');
  const answer = page.locator('article.message.assistant').last();
  await eventually(async () => assert.match(await answer.innerText(), /word10\b/));
  await page.getByRole('button', { name: 'Stop' }).click();
  await answer.getByText('Stopped').waitFor();
  const partial = await answer.innerText();
  assert.ok(!partial.includes('END-OF-LONG'), 'stopped early');
  await sleep(800);
  assert.equal(await answer.innerText(), partial, 'nothing more arrives after Stop');
  await screenshot(page, 'stopped');

  await page.reload();
  const again = page.locator('article.message.assistant').last();
  await again.getByText('Stopped').waitFor();
  assert.match(await again.innerText(), /word10\b/);
  await ctx.close();
});

test('reload in the middle of a stream shows the answer continuing', async () => {
  const chat = await createChat(stack);
  const ctx = await newContext(browser, stack);
  const page = await ctx.newPage();
  await openChat(page, stack, chat.id);
  await sendMessage(page, 'Keep going [[long]]');
  await eventually(async () => assert.match(await page.locator('article.message.assistant').last().innerText(), /word5\b/));
  await page.reload();
  const answer = page.locator('article.message.assistant').last();
  await eventually(async () => {
    const t = await answer.innerText();
    assert.ok(/word\d+/.test(t) && !t.includes('END-OF-LONG'), 'caught up mid-stream: ' + t.slice(-40));
  });
  assert.ok(await page.locator('article.message.user', { hasText: 'Keep going' }).isVisible(), 'the question is there after reload');
  await eventually(async () => assert.match(await answer.innerText(), /END-OF-LONG/), 20_000);
  const texts = await assistantTexts(page);
  assert.equal(texts.length, 1, 'one answer, not a duplicate');
  assert.match(texts[0], /^word0 word1 word2/);
  await ctx.close();
});

test('after a dropped socket the page reconnects and catches up', async () => {
  const chat = await createChat(stack);
  const ctx = await newContext(browser, stack);
  const page = await ctx.newPage();
  await openChat(page, stack, chat.id);
  await sendMessage(page, 'Survive a drop [[long]]');
  await eventually(async () => assert.match(await page.locator('article.message.assistant').last().innerText(), /word5\b/));
  await page.evaluate(() => window.agentchat.view.live.ws.close());
  await page.getByRole('status').filter({ hasText: /Reconnect|Connection lost/ }).waitFor();
  await screenshot(page, 'reconnecting');
  const answer = page.locator('article.message.assistant').last();
  await eventually(async () => assert.match(await answer.innerText(), /END-OF-LONG/), 20_000);
  const texts = await assistantTexts(page);
  assert.equal(texts.length, 1);
  assert.match(texts[0], /^word0 word1 word2/);
  await ctx.close();
});

test('a second tab on the same chat sees the same stream', async () => {
  const chat = await createChat(stack);
  const ctx = await newContext(browser, stack);
  const one = await ctx.newPage();
  const two = await ctx.newPage();
  await openChat(one, stack, chat.id);
  await openChat(two, stack, chat.id);
  await sendMessage(one, 'Both tabs [[md]]');
  await two.locator('article.message.user', { hasText: 'Both tabs' }).waitFor();
  const answer = two.locator('article.message.assistant').last();
  await eventually(async () => {
    const t = await answer.innerText();
    assert.ok(t.includes('Here is') && !t.includes('END-OF-MD'), 'tab two streams: ' + t);
  });
  await eventually(async () => assert.match(await answer.innerText(), /END-OF-MD/));
  assert.equal(await answer.locator('pre code').innerText(), 'console.log("hi")');
  assert.equal(await one.locator('article.message.user').count(), 1, 'no duplicate of the sent message');
  assert.equal(await two.locator('article.message.user').count(), 1);
  await screenshot(two, 'second-tab');
  await ctx.close();
});
