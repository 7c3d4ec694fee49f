// Regenerate on the last answer and edit on a user message, with the mouse and the keyboard.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  startStack, launchBrowser, newContext, screenshot, createChat, openChat, eventually, sendMessage, waitIdle,
} from './lib/harness.mjs';

let stack;
let browser;
before(async () => {
  stack = await startStack({ delayMs: 5 });
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await stack?.stop();
});

const answers = page => page.locator('article.message.assistant');
const users = page => page.locator('article.message.user');

test('regenerate replaces the last answer with a new one', async () => {
  const chat = await createChat(stack);
  const ctx = await newContext(browser, stack);
  const page = await ctx.newPage();
  await openChat(page, stack, chat.id);
  await sendMessage(page, 'first question');
  await answers(page).last().getByText('You said: first question').waitFor();
  await waitIdle(page);
  await sendMessage(page, 'second question');
  await answers(page).last().getByText('You said: second question').waitFor();
  await waitIdle(page);

  const regenerate = page.getByRole('button', { name: 'Regenerate this answer' });
  await regenerate.waitFor();
  assert.equal(await regenerate.count(), 1, 'only under the last answer');
  const oldId = await answers(page).last().getAttribute('data-id');
  const requests = stack.fake.requests.length;
  await regenerate.focus();
  await page.keyboard.press('Enter');
  await eventually(async () => {
    const id = await answers(page).last().getAttribute('data-id');
    assert.ok(id && id !== oldId, 'a new answer replaced the old one');
  });
  await waitIdle(page);
  assert.equal(await answers(page).count(), 2);
  assert.match(await answers(page).last().innerText(), /You said: second question/);
  assert.equal(stack.fake.requests.length, requests + 1);
  const sent = stack.fake.requests[stack.fake.requests.length - 1].body.messages;
  assert.equal(sent.length, 3, 'the conversation up to the last question');
  const stored = (await stack.api('GET', `/api/chats/${chat.id}/messages`)).json.data;
  assert.equal(stored.length, 4);
  assert.ok(!stored.some(m => m.id === oldId), 'the old answer is gone');
  await page.getByRole('button', { name: 'Regenerate this answer' }).waitFor();
  await screenshot(page, 'regenerated');
  assert.deepEqual(ctx.pageErrors, []);
  await ctx.close();
});

test('editing a user message replaces it and everything after it', async () => {
  const chat = await createChat(stack);
  const ctx = await newContext(browser, stack);
  const page = await ctx.newPage();
  await openChat(page, stack, chat.id);
  await sendMessage(page, 'what is 2+2?');
  await answers(page).last().getByText('You said: what is 2+2?').waitFor();
  await waitIdle(page);
  await sendMessage(page, 'and 3+3?');
  await answers(page).last().getByText('You said: and 3+3?').waitFor();
  await waitIdle(page);

  // Escape cancels an edit and changes nothing
  await users(page).first().hover();
  await users(page).first().getByRole('button', { name: 'Edit this message' }).click();
  const editor = page.getByRole('textbox', { name: 'Edited message' });
  assert.equal(await editor.inputValue(), 'what is 2+2?');
  await editor.press('Escape');
  assert.equal(await editor.count(), 0);
  assert.equal(await users(page).count(), 2);

  await users(page).first().getByRole('button', { name: 'Edit this message' }).focus();
  await page.keyboard.press('Enter');
  await editor.fill('what is 5+5?');
  await screenshot(page, 'editing');
  await editor.press('Enter');
  await answers(page).last().getByText('You said: what is 5+5?').waitFor();
  await waitIdle(page);
  assert.equal(await users(page).count(), 1);
  assert.equal(await answers(page).count(), 1);
  assert.match(await users(page).first().innerText(), /what is 5\+5\?/);
  const stored = (await stack.api('GET', `/api/chats/${chat.id}/messages`)).json.data;
  assert.deepEqual(stored.map(m => m.role), ['user', 'assistant']);
  assert.equal(stored[0].content[0].text, 'what is 5+5?');
  const sent = stack.fake.requests[stack.fake.requests.length - 1].body.messages;
  assert.equal(sent.length, 1, 'only the edited message went upstream');

  // another tab on the same chat follows the edit
  const other = await ctx.newPage();
  await openChat(other, stack, chat.id);
  await other.locator('article.message.user').first().getByRole('button', { name: 'Edit this message' }).click();
  await other.getByRole('textbox', { name: 'Edited message' }).fill('what is 7+7?');
  await other.getByRole('button', { name: 'Save & send' }).click();
  await answers(page).last().getByText('You said: what is 7+7?').waitFor();
  assert.match(await users(page).first().innerText(), /what is 7\+7\?/);
  assert.equal(await answers(page).count(), 1);
  assert.deepEqual(ctx.pageErrors, []);
  await ctx.close();
});
