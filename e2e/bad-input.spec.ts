import { readFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { messages, openChat, recordChatApi, recordConsole, savedSession } from './support';

// A recorded stream with every event type, one unknown event and two malformed ones.
const EVERY_EVENT = readFileSync(new URL('../widget/protocol/fixtures/every-event.sse', import.meta.url), 'utf8');

test('a malformed or unknown SSE event is skipped with one warning each; the rest renders', async ({ page }) => {
  const consoleMessages = recordConsole(page);
  let served = 0;
  await page.route('**/eventrouter/v1/sse', async (route) => {
    // The first connection gets the recorded stream; reconnects wait, like an idle server.
    if (served++ === 0) await route.fulfill({ status: 200, headers: { 'Content-Type': 'text/event-stream' }, body: EVERY_EVENT });
  });
  // The recorded carousel's images, which would otherwise fail to load (and log an error) offline.
  await page.route('https://cdn.example.com/**', (route) => route.fulfill({ contentType: 'image/svg+xml', body: '<svg xmlns="http://www.w3.org/2000/svg"/>' }));
  await page.goto('/');
  await page.waitForFunction(() => 'AgentChat' in window);
  await page.evaluate(() => {
    const errors: string[] = [];
    (window as unknown as { __errors: string[] }).__errors = errors;
    (window as unknown as { AgentChat: { on(n: string, h: (e: { message: string }) => void): void } }).AgentChat.on('error', (e) => errors.push(e.message));
  });
  const dialog = await openChat(page);

  await expect(dialog.getByText('Conversation ended')).toBeVisible();
  await expect(dialog.getByRole('button', { name: 'Start new conversation' })).toBeVisible();
  await expect(dialog.getByRole('textbox', { name: 'Message' })).toHaveCount(0);
  const log = dialog.getByRole('log');
  await expect(log.getByText("Hi, I'm")).toBeVisible();
  await expect(log.getByRole('group', { name: 'Comfort Headphones' }).getByRole('button', { name: 'Buy' })).toBeVisible();
  await expect(log.getByRole('link', { name: /Returns & refunds/ })).toHaveAttribute('href', 'https://example.com/returns');
  await expect(messages(dialog)).toHaveCount(7); // welcome, visitor, carousel, quick replies, link, the transfer and joined notices

  const warnings = consoleMessages.filter((m) => m.type === 'warning').map((m) => m.text);
  expect(warnings).toEqual([
    '[agent-chat] ignored an unknown CONVERSATION_SOMETHING_NEW event',
    '[agent-chat] skipped a malformed CONVERSATION_MESSAGE event: conversationEntry is missing or invalid',
    '[agent-chat] skipped a malformed CONVERSATION_MESSAGE event: abstractMessage is missing or invalid',
  ]);
  // Images in the fixture point at hosts that do not resolve here: the browser logs those loads, not the widget.
  expect(consoleMessages.filter((m) => m.type === 'error' && !m.text.startsWith('Failed to load resource'))).toEqual([]);
  expect(await page.evaluate(() => (window as unknown as { __errors: string[] }).__errors)).toEqual([
    'skipped a malformed CONVERSATION_MESSAGE event: conversationEntry is missing or invalid',
    'skipped a malformed CONVERSATION_MESSAGE event: abstractMessage is missing or invalid',
  ]);
});

test('a script tag without its required options logs one clear error and renders nothing', async ({ page }) => {
  const consoleMessages = recordConsole(page);
  await page.route('**/bare.html', (route) =>
    route.fulfill({ contentType: 'text/html', body: '<!doctype html><html lang="en"><title>bare</title><script src="/agent-chat.js" data-api-base="/"></script>' }),
  );
  await page.goto('/bare.html');
  await expect.poll(() => consoleMessages.length).toBe(1);
  expect(consoleMessages[0]!.text).toBe('agent-chat: "agentId" (data-agent-id) is required; got undefined.');
  await expect(page.getByRole('button', { name: 'Open chat' })).toHaveCount(0);
});

test('a conversation token the gateway refuses: a new conversation with a notice, once, never a loop', async ({ page }) => {
  const bodies = recordChatApi(page);
  await page.goto('/');
  const dialog = await openChat(page);
  await expect(messages(dialog)).toHaveCount(1);
  const before = await savedSession(page);
  // The stored token no longer verifies (a rotated secret, a tampered store).
  await page.evaluate(({ key, session }) => localStorage.setItem(key, JSON.stringify({ ...session, token: `${session.token}x` })), { key: 'agent-chat:support-bot', session: before });
  await page.reload();
  const reopened = await openChat(page);
  await expect(reopened.getByText('Your previous conversation could not be continued, so a new one has started.')).toBeVisible();
  await expect(messages(reopened).filter({ hasText: "Hi, I'm Aria" })).toHaveCount(1); // the new conversation's welcome
  const after = await savedSession(page);
  expect(after.conversationId).not.toBe(before.conversationId);
  await page.waitForTimeout(1000); // long enough for a loop to show
  expect(bodies.map((b) => [b['eventType'], b['platformConversationId']])).toEqual([
    ['startSession', before.conversationId],
    ['startSession', after.conversationId],
  ]);
});
