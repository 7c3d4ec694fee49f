// Tool calls as collapsible cards (tool_use / tool_result), and tool approval prompts.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startStack, launchBrowser, newContext, screenshot, createChat, openChat, eventually, sendMessage } from './lib/harness.mjs';

let stack;
let browser;
before(async () => {
  stack = await startStack({ env: { AGENT_TOOL_APPROVAL: 'always', AGENT_TOOLS: 'Read,Write,Edit,Glob,Grep' } });
  stack.fake.script('[[tool]]', {
    text: 'Let me look at the files.',
    tool: { name: 'Glob', input: { pattern: '**/*.md' } },
    afterTool: { text: 'I looked. END-TOOL' },
  });
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await stack?.stop();
});

test('an approved tool call shows as a card with its input and result', async () => {
  const chat = await createChat(stack);
  const ctx = await newContext(browser, stack);
  const page = await ctx.newPage();
  await openChat(page, stack, chat.id);
  await sendMessage(page, 'Which files are there? [[tool]]');

  const prompt = page.getByRole('group', { name: 'Approve tool Glob' });
  await prompt.waitFor({ timeout: 15_000 });
  assert.match(await prompt.innerText(), /\*\*\/\*\.md/);
  await screenshot(page, 'tool-approval');
  await prompt.getByRole('button', { name: 'Allow' }).click();

  const answer = page.locator('article.message.assistant').last();
  await eventually(async () => assert.match(await answer.innerText(), /END-TOOL/), 15_000);
  const card = answer.getByTestId('tool-card');
  assert.equal(await card.count(), 1);
  assert.match(await card.locator('summary').innerText(), /Glob/);
  assert.equal(await card.locator('.tool-input').isVisible(), false, 'collapsed at first');
  await card.locator('summary').click();
  assert.match(await card.locator('.tool-input pre').innerText(), /"pattern": "\*\*\/\*\.md"/);
  assert.ok(await card.locator('.tool-result').isVisible(), 'the result is shown');
  await screenshot(page, 'tool-card-open');

  await page.reload();
  const stored = page.locator('article.message.assistant').last().getByTestId('tool-card');
  await stored.waitFor();
  assert.match(await stored.locator('summary').innerText(), /Glob/);
  assert.deepEqual(ctx.pageErrors, []);
  await ctx.close();
});

test('a denied tool call is reported and the answer still finishes', async () => {
  const chat = await createChat(stack);
  const ctx = await newContext(browser, stack);
  const page = await ctx.newPage();
  await openChat(page, stack, chat.id);
  await sendMessage(page, 'Look again [[tool]]');
  const prompt = page.getByRole('group', { name: 'Approve tool Glob' });
  await prompt.waitFor({ timeout: 15_000 });
  await prompt.getByRole('button', { name: 'Deny' }).click();
  await prompt.getByText('Denied').waitFor();
  const answer = page.locator('article.message.assistant').last();
  await eventually(async () => assert.match(await answer.innerText(), /END-TOOL/), 15_000);
  await eventually(async () => assert.match(await answer.getByTestId('tool-card').locator('summary').innerText(), /failed|denied/i));
  await ctx.close();
});
