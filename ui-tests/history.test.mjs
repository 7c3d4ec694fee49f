// A long chat: the newest page of messages first, older pages loaded when scrolling up.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startStack, launchBrowser, newContext, screenshot, createChat, openChat, eventually } from './lib/harness.mjs';

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

test('older messages load when scrolling up, keeping the order', async () => {
  const chat = await createChat(stack);
  const ctx = await newContext(browser, stack);
  const page = await ctx.newPage();
  await openChat(page, stack, chat.id);
  // 30 turns = 60 messages, sent over a socket of the page's own (the UI's paging is under test).
  await page.evaluate(async ({ chatId, key }) => {
    const t = await fetch(`/api/chats/${chatId}/ws-ticket`, { method: 'POST', headers: { Authorization: 'Bearer ' + key } });
    const { data } = await t.json();
    const ws = new WebSocket(`ws://${location.host}/api/chats/${chatId}/ws?ticket=${data.ticket}`);
    await new Promise((resolve, reject) => { ws.onopen = resolve; ws.onerror = reject; });
    for (let i = 0; i < 30; i++) {
      const done = new Promise(resolve => {
        ws.onmessage = ev => { const e = JSON.parse(ev.data); if (e.type === 'message_complete' || e.type === 'error') resolve(); };
      });
      ws.send(JSON.stringify({ type: 'send_message', content: `question ${String(i).padStart(2, '0')}` }));
      await done;
      await new Promise(r => setTimeout(r, 50));
    }
    ws.close();
  }, { chatId: chat.id, key: stack.key });
  const total = (await stack.api('GET', `/api/chats/${chat.id}/messages?limit=1`)).json.total;
  assert.equal(total, 60);

  await page.reload();
  const messages = page.getByTestId('message');
  await eventually(async () => assert.equal(await messages.count(), 50, 'one page of 50 at first'));
  assert.match(await messages.last().innerText(), /question 29/);
  assert.match(await messages.first().innerText(), /question 05/);
  await page.locator('#messages').evaluate(el => { el.scrollTop = 0; });
  await eventually(async () => assert.equal(await messages.count(), 60));
  assert.match(await messages.first().innerText(), /question 00/);
  assert.match(await messages.nth(1).innerText(), /You said: question 00/);
  await screenshot(page, 'history-older');
  await ctx.close();
});
