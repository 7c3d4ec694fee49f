// The chat list: create, rename, delete (with confirmation), highlight, newest first, load more.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startStack, launchBrowser, newContext, screenshot, createChat, eventually } from './lib/harness.mjs';

let stack;
let browser;
before(async () => {
  stack = await startStack();
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await stack?.stop();
});

test('create, rename and delete a chat from the list', async () => {
  const ctx = await newContext(browser, stack);
  const page = await ctx.newPage();
  await page.goto(stack.baseUrl + '/');
  const sidebar = page.getByRole('complementary', { name: 'Chats' });
  await sidebar.getByRole('button', { name: 'New chat' }).click();

  const item = page.getByTestId('chat-item');
  await item.first().waitFor();
  assert.equal(await item.count(), 1);
  const link = item.first().getByRole('link');
  assert.match(await link.innerText(), /New Chat/);
  assert.equal(await link.getAttribute('aria-current'), 'page', 'the open chat is highlighted');
  const id = decodeURIComponent(page.url().split('#/chat/')[1]);
  assert.ok(id, 'the open chat is in the URL hash');
  assert.equal(await page.getByRole('heading', { level: 1 }).innerText(), 'New Chat');

  await page.getByRole('button', { name: 'Rename chat New Chat' }).click();
  const title = page.getByRole('textbox', { name: 'Chat title' });
  await title.fill('Quarterly <b>plans</b>');
  await title.press('Enter');
  await page.getByRole('link', { name: /Quarterly <b>plans<\/b>/ }).waitFor();
  await eventually(async () => assert.equal(await page.getByRole('heading', { level: 1 }).innerText(), 'Quarterly <b>plans</b>'));
  const stored = await stack.api('GET', `/api/chats/${id}`);
  assert.equal(stored.json.data.title, 'Quarterly <b>plans</b>');
  await screenshot(page, 'chat-renamed');

  // Escape cancels a rename.
  await page.getByRole('button', { name: /^Rename chat Quarterly/ }).click();
  await page.getByRole('textbox', { name: 'Chat title' }).fill('nope');
  await page.getByRole('textbox', { name: 'Chat title' }).press('Escape');
  assert.equal((await stack.api('GET', `/api/chats/${id}`)).json.data.title, 'Quarterly <b>plans</b>');

  await page.getByRole('button', { name: /^Delete chat Quarterly/ }).click();
  const confirm = page.getByRole('group', { name: 'Confirm delete' });
  await confirm.waitFor();
  await screenshot(page, 'chat-delete-confirm');
  await confirm.getByRole('button', { name: 'Cancel' }).click();
  assert.equal((await stack.api('GET', `/api/chats/${id}`)).status, 200, 'cancel keeps the chat');

  await page.getByRole('button', { name: /^Delete chat Quarterly/ }).click();
  await page.getByRole('group', { name: 'Confirm delete' }).getByRole('button', { name: 'Delete' }).click();
  await eventually(async () => assert.equal(await item.count(), 0));
  assert.equal((await stack.api('GET', `/api/chats/${id}`)).status, 404);
  await page.getByText('Pick a chat').waitFor();
  assert.deepEqual(ctx.dialogs, []);
  assert.deepEqual(ctx.pageErrors, []);
  await ctx.close();
});

test('the list is newest first, loads more on scroll, and opens a chat on click', async () => {
  const created = [];
  for (let i = 0; i < 45; i++) created.push(await createChat(stack, `Bulk chat ${String(i).padStart(2, '0')}`));
  const ctx = await newContext(browser, stack);
  const page = await ctx.newPage();
  await page.goto(stack.baseUrl + '/');
  const items = page.getByTestId('chat-item');
  await items.first().waitFor();
  assert.match(await items.first().innerText(), /Bulk chat 44/, 'newest first');
  const firstPage = await items.count();
  assert.ok(firstPage < 45, `one page at first (${firstPage})`);

  await page.locator('#chat-list-scroll').evaluate(el => { el.scrollTop = el.scrollHeight; });
  await eventually(async () => assert.ok(await items.count() >= 45, `all loaded after scrolling (${await items.count()})`));
  await page.getByRole('link', { name: /Bulk chat 00/ }).click();
  await eventually(() => assert.ok(page.url().endsWith('#/chat/' + created[0].id)));
  assert.equal(await page.getByRole('link', { name: /Bulk chat 00/ }).getAttribute('aria-current'), 'page');
  await screenshot(page, 'chat-list-long');
  await ctx.close();
});
