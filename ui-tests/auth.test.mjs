// First visit, the key prompt, sign out, and a rejected stored key.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startStack, launchBrowser, newContext, screenshot } from './lib/harness.mjs';

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

test('first visit asks for the key, refuses a wrong one, accepts the right one, and signs out', async () => {
  const ctx = await newContext(browser, stack, { signedIn: false });
  const page = await ctx.newPage();
  await page.goto(stack.baseUrl + '/');
  const keyInput = page.getByLabel('API key');
  await keyInput.waitFor();
  await screenshot(page, 'login');

  await keyInput.fill('not-the-key');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('alert').filter({ hasText: 'not accepted' }).waitFor();
  assert.equal(await page.evaluate(() => localStorage.getItem('agentchat.apiKey')), null);
  await screenshot(page, 'login-wrong-key');

  await keyInput.fill(stack.key);
  await keyInput.press('Enter');
  await page.getByRole('navigation', { name: 'Chat list' }).waitFor();
  await page.getByText('No chats yet.').waitFor();
  assert.equal(await page.evaluate(() => localStorage.getItem('agentchat.apiKey')), stack.key);
  assert.ok(!page.url().includes(stack.key), 'the key is not in the URL');

  await page.reload();
  await page.getByRole('navigation', { name: 'Chat list' }).waitFor();
  assert.equal(await page.getByLabel('API key').isVisible(), false, 'a reload stays signed in');

  await page.getByRole('button', { name: 'Sign out' }).click();
  await page.getByLabel('API key').waitFor();
  assert.equal(await page.evaluate(() => localStorage.getItem('agentchat.apiKey')), null);
  assert.deepEqual(ctx.dialogs, []);
  await ctx.close();
});

test('a stored key that the server rejects brings the prompt back', async () => {
  const ctx = await newContext(browser, stack, { signedIn: false });
  await ctx.addInitScript(() => {
    try {
      if (!sessionStorage.getItem('seeded')) {
        sessionStorage.setItem('seeded', '1');
        localStorage.setItem('agentchat.apiKey', 'revoked-key');
      }
    } catch {
      // about:blank has no storage
    }
  });
  const page = await ctx.newPage();
  await page.goto(stack.baseUrl + '/');
  await page.getByLabel('API key').waitFor();
  await page.getByText('Your API key was not accepted').waitFor();
  assert.equal(await page.evaluate(() => localStorage.getItem('agentchat.apiKey')), null);
  await ctx.close();
});
