// A phone-sized viewport: the list is reachable, a chat opens full width, sending works.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startStack, launchBrowser, newContext, screenshot, eventually, sendMessage, waitConnected, waitIdle } from './lib/harness.mjs';

let stack;
let browser;
before(async () => {
  stack = await startStack();
  stack.fake.script('[[wide]]', {
    text: 'A wide block:\n\n```\n' + 'x'.repeat(300) + '\n```\n\n| a | b |\n|---|---|\n| ' + 'long '.repeat(30) + '| 2 |\n\nEND-WIDE',
  });
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await stack?.stop();
});

async function noHorizontalOverflow(page) {
  const { scroll, width } = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, width: window.innerWidth }));
  assert.ok(scroll <= width, `page is ${scroll}px wide in a ${width}px viewport`);
}

test('at 375x740 the chat list is reachable and sending works', async () => {
  const ctx = await newContext(browser, stack, { viewport: { width: 375, height: 740 } });
  const page = await ctx.newPage();
  await page.goto(stack.baseUrl + '/');
  const newChat = page.getByRole('complementary', { name: 'Chats' }).getByRole('button', { name: 'New chat' });
  await newChat.waitFor();
  await screenshot(page, 'mobile-list-empty');
  await newChat.click();

  const box = page.getByRole('textbox', { name: 'Message' });
  await box.waitFor();
  await waitConnected(page);
  assert.equal(await page.getByRole('complementary', { name: 'Chats' }).isVisible(), false, 'the chat takes the whole screen');
  await sendMessage(page, 'hello from a phone');
  await page.locator('article.message.assistant').last().getByText('You said: hello from a phone').waitFor();
  await waitIdle(page);
  await sendMessage(page, 'something wide [[wide]]');
  await page.locator('article.message.assistant').last().getByText('END-WIDE').waitFor();
  await noHorizontalOverflow(page);
  const boxWidth = (await box.boundingBox()).width;
  assert.ok(boxWidth > 150, `the message box is usable (${boxWidth}px)`);
  await screenshot(page, 'mobile-chat');

  await page.getByRole('button', { name: 'Show chats' }).click();
  const item = page.getByTestId('chat-item').first();
  await item.waitFor();
  assert.ok(await item.isVisible());
  await noHorizontalOverflow(page);
  await screenshot(page, 'mobile-list');
  await item.getByRole('link').click();
  await eventually(async () => assert.ok(await box.isVisible()));
  assert.deepEqual(ctx.pageErrors, []);
  await ctx.close();
});
