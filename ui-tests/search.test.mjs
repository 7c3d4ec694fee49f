// Searching the chat list: debounced, hits with the matching text highlighted, Escape clears.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  startStack, launchBrowser, newContext, screenshot, createChat, eventually, sendOverSocket,
} from './lib/harness.mjs';

let stack;
let browser;
before(async () => {
  stack = await startStack({ delayMs: 1 });
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await stack?.stop();
});

test('typing in the search box lists the matching chats with the match highlighted', async () => {
  const byTitle = await createChat(stack, 'Zebracorn migration');
  const byText = await createChat(stack, 'Weekly notes');
  const other = await createChat(stack, 'Something else');
  const ctx = await newContext(browser, stack);
  const page = await ctx.newPage();
  await page.goto(stack.baseUrl + '/');
  await page.getByTestId('chat-item').first().waitFor();
  await sendOverSocket(page, stack, byText.id, ['we should move the ZEBRACORN cluster before friday']);
  await sendOverSocket(page, stack, other.id, ['nothing to see here']);

  const box = page.getByRole('searchbox', { name: 'Search chats' });
  await box.focus();
  await page.keyboard.type('zebraco', { delay: 30 });
  const items = page.getByTestId('chat-item');
  await eventually(async () => assert.equal(await items.count(), 2));
  // newest updatedAt first: the chat with the message was updated last
  assert.match(await items.nth(0).innerText(), /Weekly notes/);
  assert.match(await items.nth(1).innerText(), /Zebracorn migration/);
  const snippet = items.nth(0).getByTestId('chat-match');
  assert.match(await snippet.innerText(), /move the ZEBRACORN cluster/);
  assert.equal(await items.nth(0).locator('mark').first().innerText(), 'ZEBRACO');
  assert.equal(await items.nth(1).locator('mark').first().innerText(), 'Zebraco');
  await screenshot(page, 'search-hits');

  // a hit opens its chat
  await items.nth(0).getByRole('link').click();
  await eventually(() => assert.ok(page.url().endsWith('#/chat/' + byText.id)));

  await box.fill('no such words anywhere');
  await page.getByText('No chats contain').waitFor();
  assert.equal(await items.count(), 0);

  await box.focus();
  await box.press('Escape');
  assert.equal(await box.inputValue(), '');
  await eventually(async () => assert.ok(await items.count() >= 3, 'the whole list is back'));
  assert.equal(await page.locator('.chat-list mark').count(), 0);
  assert.deepEqual(ctx.pageErrors, []);
  await ctx.close();
});

test('% in a search is an ordinary character', async () => {
  await createChat(stack, '100% done');
  await createChat(stack, '1000 done');
  const ctx = await newContext(browser, stack);
  const page = await ctx.newPage();
  await page.goto(stack.baseUrl + '/');
  await page.getByRole('searchbox', { name: 'Search chats' }).fill('0% do');
  const items = page.getByTestId('chat-item');
  await eventually(async () => assert.equal(await items.count(), 1));
  assert.match(await items.first().innerText(), /100% done/);
  await ctx.close();
});
