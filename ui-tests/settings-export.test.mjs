// A chat's own model and system prompt (the model picker), and exporting a chat.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import {
  startStack, launchBrowser, newContext, screenshot, createChat, openChat, eventually, sendMessage, waitIdle,
} from './lib/harness.mjs';

let stack;
let browser;
before(async () => {
  stack = await startStack({ delayMs: 5, env: { AGENT_MODEL: 'claude-sonnet-4-5', AGENT_MODELS: 'claude-haiku-4-5,claude-opus-4-5' } });
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await stack?.stop();
});

const systemText = body => (Array.isArray(body.system) ? body.system.map(b => b.text).join('') : body.system);

test('the model picker and the system prompt change what goes upstream', async () => {
  const chat = await createChat(stack, 'Pirate talk');
  const ctx = await newContext(browser, stack);
  const page = await ctx.newPage();
  await openChat(page, stack, chat.id);

  await page.getByRole('button', { name: 'Settings' }).click();
  const dialog = page.getByRole('dialog', { name: 'Chat settings' });
  await dialog.waitFor();
  const model = dialog.getByRole('combobox', { name: 'Model' });
  await eventually(async () => assert.deepEqual(await model.locator('option').allInnerTexts(),
    ['Server default (claude-sonnet-4-5)', 'claude-sonnet-4-5', 'claude-haiku-4-5', 'claude-opus-4-5']));
  assert.equal(await model.inputValue(), '');
  await model.selectOption('claude-opus-4-5');
  await dialog.getByRole('textbox', { name: 'System prompt' }).fill('Answer like a pirate.');
  await screenshot(page, 'settings-dialog');
  await dialog.getByRole('button', { name: 'Save' }).click();
  await eventually(async () => assert.equal(await dialog.isVisible(), false));
  const stored = (await stack.api('GET', `/api/chats/${chat.id}`)).json.data;
  assert.equal(stored.model, 'claude-opus-4-5');
  assert.equal(stored.systemPrompt, 'Answer like a pirate.');

  await sendMessage(page, 'ahoy');
  await page.locator('article.message.assistant').last().getByText('You said: ahoy').waitFor();
  await waitIdle(page);
  const body = stack.fake.requests[stack.fake.requests.length - 1].body;
  assert.equal(body.model, 'claude-opus-4-5');
  assert.equal(systemText(body), 'Answer like a pirate.');

  // back to the defaults, with the keyboard only
  await page.getByRole('button', { name: 'Settings' }).focus();
  await page.keyboard.press('Enter');
  await dialog.waitFor();
  await eventually(async () => assert.equal(await model.inputValue(), 'claude-opus-4-5'));
  assert.equal(await dialog.getByRole('textbox', { name: 'System prompt' }).inputValue(), 'Answer like a pirate.');
  await model.focus();
  await model.selectOption('');
  await dialog.getByRole('textbox', { name: 'System prompt' }).fill('');
  await dialog.getByRole('textbox', { name: 'System prompt' }).press('Tab'); // to Cancel
  await page.keyboard.press('Tab'); // to Save
  assert.equal(await page.evaluate(() => document.activeElement.textContent), 'Save');
  await page.keyboard.press('Enter');
  await eventually(async () => assert.equal((await stack.api('GET', `/api/chats/${chat.id}`)).json.data.model, null));
  assert.equal((await stack.api('GET', `/api/chats/${chat.id}`)).json.data.systemPrompt, null);

  // Escape closes without saving
  await page.getByRole('button', { name: 'Settings' }).click();
  await dialog.waitFor();
  await model.selectOption('claude-haiku-4-5');
  await page.keyboard.press('Escape');
  await eventually(async () => assert.equal(await dialog.isVisible(), false));
  assert.equal((await stack.api('GET', `/api/chats/${chat.id}`)).json.data.model, null);
  assert.deepEqual(ctx.pageErrors, []);
  await ctx.close();
});

test('export downloads the chat as Markdown or JSON named after its title', async () => {
  const chat = await createChat(stack, 'Release "plan" Q3');
  const ctx = await newContext(browser, stack);
  const page = await ctx.newPage();
  await openChat(page, stack, chat.id);
  await sendMessage(page, 'export me');
  await page.locator('article.message.assistant').last().getByText('You said: export me').waitFor();
  await waitIdle(page);

  await page.getByText('Export', { exact: true }).click();
  const [markdown] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Markdown (.md)' }).click(),
  ]);
  assert.equal(markdown.suggestedFilename(), 'Release _plan_ Q3.md');
  const md = readFileSync(await markdown.path(), 'utf8');
  assert.match(md, /^# Release "plan" Q3/);
  assert.match(md, /## User · .*\n\nexport me/);
  assert.match(md, /## Assistant · .*\n\nYou said: export me/);

  // keyboard: open the menu from its summary, pick JSON
  await page.getByText('Export', { exact: true }).focus();
  await page.keyboard.press('Enter');
  await page.getByRole('button', { name: 'JSON (.json)' }).waitFor();
  const [json] = await Promise.all([page.waitForEvent('download'), page.keyboard.press('ArrowDown').then(() => {})
    .then(() => page.getByRole('button', { name: 'JSON (.json)' }).press('Enter'))]);
  assert.equal(json.suggestedFilename(), 'Release _plan_ Q3.json');
  const data = JSON.parse(readFileSync(await json.path(), 'utf8'));
  assert.equal(data.chat.id, chat.id);
  assert.equal(data.messages.length, 2);
  assert.deepEqual(ctx.pageErrors, []);
  await ctx.close();
});

test('at phone width the chat tools fit and the settings dialog is usable', async () => {
  const chat = await createChat(stack, 'Phone');
  const ctx = await newContext(browser, stack, { viewport: { width: 375, height: 740 } });
  const page = await ctx.newPage();
  await openChat(page, stack, chat.id);
  await page.getByRole('button', { name: 'Settings' }).click();
  const dialog = page.getByRole('dialog', { name: 'Chat settings' });
  await dialog.waitFor();
  const box = await dialog.boundingBox();
  assert.ok(box.x >= 0 && box.x + box.width <= 375, `dialog within the screen: ${JSON.stringify(box)}`);
  const { scroll, width } = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, width: window.innerWidth }));
  assert.ok(scroll <= width, `page is ${scroll}px wide in a ${width}px viewport`);
  await screenshot(page, 'mobile-settings');
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  assert.ok(await page.getByRole('button', { name: 'Settings' }).isVisible());
  assert.ok(await page.getByText('Export', { exact: true }).isVisible());
  await ctx.close();
});
