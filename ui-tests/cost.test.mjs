// The answer's footer: tokens (uncached input, cache reads, output), time and cost.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startStack, launchBrowser, newContext, screenshot, createChat, openChat, eventually, sendMessage } from './lib/harness.mjs';

let stack;
let browser;
before(async () => {
  stack = await startStack({ env: { AGENT_MODEL: 'claude-sonnet-4-5' } });
  stack.fake.script('[[cached]]', {
    text: 'From the cache. END-CACHED',
    usage: { input_tokens: 250, cache_read_input_tokens: 12480, cache_creation_input_tokens: 290 },
  });
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await stack?.stop();
});

test('the footer shows cache reads next to the tokens and the cost, live and after a reload', async () => {
  const chat = await createChat(stack);
  const ctx = await newContext(browser, stack);
  const page = await ctx.newPage();
  await openChat(page, stack, chat.id);
  await sendMessage(page, 'Answer from the cache [[cached]]');

  const answer = page.locator('article.message.assistant').last();
  await eventually(async () => assert.match(await answer.innerText(), /END-CACHED/));
  const meta = answer.locator('.meta-details');
  // claude-sonnet-4-5: 250 × $3 + 12,480 × $0.30 + 290 × $3.75 + 4 output × $15, per million
  const cost = (250 * 3 + 12480 * 0.3 + 290 * 3.75 + 4 * 15) / 1e6;
  const expected = new RegExp(`250 in · 12,480 cache read · 4 out · .* s · \\$${cost.toFixed(4).replace('.', '\\.')}`);
  await eventually(async () => assert.match(await meta.innerText(), expected));
  assert.match(await meta.getAttribute('title'), /12,480 read from the prompt cache, 290 written to it/);
  await screenshot(page, 'cost-footer');

  await page.reload();
  const stored = page.locator('article.message.assistant').last().locator('.meta-details');
  await eventually(async () => assert.match(await stored.innerText(), expected));
  assert.deepEqual(ctx.pageErrors, []);
  await ctx.close();
});
