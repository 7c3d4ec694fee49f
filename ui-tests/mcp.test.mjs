// Tools of an MCP server (the Java tests' own server, src/test/mcp/test-mcp-server.mjs) in the page:
// the card names the tool and its server, and an image the tool returned is shown in the card, loaded
// from its attachment url (the page asks for messages and events without image bytes).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startStack, launchBrowser, newContext, screenshot, createChat, openChat, eventually, sendMessage, REPO } from './lib/harness.mjs';

let stack;
let browser;
before(async () => {
  const config = join(mkdtempSync(join(tmpdir(), 'agentchat-ui-mcp-')), 'mcp.json');
  writeFileSync(config, JSON.stringify({
    mcpServers: { kit: { command: process.execPath, args: [join(REPO, 'src/test/mcp/test-mcp-server.mjs')] } },
  }));
  stack = await startStack({ env: { AGENT_MCP_CONFIG: config } });
  stack.fake.script('[[mcp-image]]', {
    text: 'Let me draw.',
    tool: { name: 'mcp__kit__image', input: {} },
    afterTool: { text: 'There it is. END-MCP' },
  });
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await stack?.stop();
});

test('an MCP tool card shows the tool, its server and the image it returned', async () => {
  const tools = await stack.api('GET', '/api/tools');
  assert.ok(tools.json.data.some(t => t.name === 'mcp__kit__image' && t.source === 'mcp:kit'), JSON.stringify(tools.json));
  const chat = await createChat(stack);
  const ctx = await newContext(browser, stack);
  const page = await ctx.newPage();
  await openChat(page, stack, chat.id);
  await sendMessage(page, 'Draw something [[mcp-image]]');

  const answer = page.locator('article.message.assistant').last();
  await eventually(async () => assert.match(await answer.innerText(), /END-MCP/), 15_000);
  const card = answer.getByTestId('tool-card');
  assert.equal(await card.locator('.tool-name').innerText(), 'image');
  assert.equal(await card.getByTestId('tool-server').innerText(), 'kit');
  await card.locator('summary').click();
  await card.locator('.tool-result img').waitFor();
  await eventually(async () => assert.deepEqual(await shown(card), { state: 'loaded', width: 2 }), 10_000);
  assert.match(await card.locator('.tool-result pre').innerText(), /a red square/);
  await screenshot(page, 'mcp-tool-card');

  await page.reload();
  const stored = page.locator('article.message.assistant').last().getByTestId('tool-card');
  await stored.waitFor();
  assert.equal(await stored.getByTestId('tool-server').innerText(), 'kit');
  assert.equal(await stored.locator('.tool-result img').count(), 1);
  await eventually(async () => assert.deepEqual(await shown(stored), { state: 'loaded', width: 2 }), 10_000);
  assert.deepEqual(ctx.pageErrors, []);
  await ctx.close();
});

/** How the card's image is shown: fetched from its url (images.js sets the state) and decoded (the 2x2 red square). */
async function shown(card) {
  return card.locator('.tool-result img').evaluate(img => ({ state: img.dataset.state, width: img.naturalWidth }));
}
