import { expect, test } from '@playwright/test';
import { messages, openChat, recordReceipts, pendoCalls, recordChatApi, recordConsole, recordTexts, savedSession, storedMessages } from './support';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const QUESTION = 'How do I add the widget to my site?';

/** What a visitor reads for our bot's Markdown: markers gone, list items on their own lines. */
function visible(markdown: string): string {
  return markdown.replace(/\*\*|`/g, '').replace(/^\s*[-*] /gm, '').replace(/\s+/g, ' ').trim();
}

test('a visitor opens the chat, sends a message and reads the streamed reply; each call is tracked once', async ({ page }) => {
  const bodies = recordChatApi(page);
  const warnings = recordConsole(page);
  await page.goto('/');

  const launcher = page.getByRole('button', { name: 'Open chat' });
  await expect(launcher).toHaveAttribute('aria-expanded', 'false');
  const dialog = await openChat(page);
  await expect(launcher).toHaveAttribute('aria-expanded', 'true');
  const composer = dialog.getByRole('textbox', { name: 'Message' });
  await expect(composer).toBeFocused();

  const log = dialog.getByRole('log');
  await expect(messages(dialog)).toHaveCount(1); // the welcome message

  const receipts = await recordReceipts(page);
  // Streaming and typing last as long as the reply streams: recorded as they change, so a busy
  // machine that polls late still sees them.
  const streamed = await recordTexts(page, 'li[aria-busy="true"]');
  const typing = await recordTexts(page, '.status[role="status"]');
  await composer.fill(QUESTION);
  await composer.press('Enter');
  await expect(composer).toHaveValue('');
  const mine = messages(dialog).filter({ hasText: QUESTION });
  await expect(mine).toBeVisible();
  // Accepted by the Chat API → "Sent"; the bot's receipts then move it to Delivered and Read.
  await expect(mine.getByText('Read')).toBeVisible();
  expect((await receipts()).filter((r) => r !== 'Sending…')).toEqual(['Sent', 'Delivered', 'Read']);

  // The reply streams into one bubble, marked busy until the final message replaces it.
  await expect(messages(dialog)).toHaveCount(3, { timeout: 15_000 });
  await expect(log.locator('[aria-busy="true"]')).toHaveCount(0, { timeout: 15_000 });
  // Named for those who find it, and saying it for those who hear the live region.
  expect(await typing()).toContain('Aria is typing');
  const partials = await streamed();
  expect(partials.length).toBeGreaterThan(1); // it grew in place, token by token
  const partial = Math.min(...partials.map((text) => text.length));
  await expect(dialog.getByRole('status', { name: 'Aria is typing' })).toHaveCount(0);

  const { conversationId, token } = await savedSession(page);
  expect(conversationId).toMatch(UUID);
  const [welcome, echo, answer] = await storedMessages(token, 3);
  expect([welcome?.role, echo?.role, answer?.role]).toEqual(['Chatbot', 'EndUser', 'Chatbot']);

  // What the visitor sees: the final text, rendered from Markdown into elements.
  const reply = messages(dialog).last();
  // The sender and the time (as the page's locale, en-US, writes it), then the answer.
  const time = await reply.locator('time').innerText();
  expect(time).toMatch(/^\d{1,2}:\d{2}\s(AM|PM)$/);
  await expect.poll(async () => (await reply.innerText()).replace(/\s+/g, ' ').trim()).toBe(`Aria ${time} ${visible(answer!.text)}`);
  expect(partial).toBeLessThan(visible(answer!.text).length);
  await expect(reply.locator('strong').first()).toBeVisible();
  await expect(reply.locator('li').first()).toBeVisible();

  // The exact Chat API bodies.
  expect(bodies).toEqual([
    { platformConversationId: conversationId, eventType: 'startSession', metadata: [{ key: 'locale', value: 'en' }] },
    { platformConversationId: conversationId, eventType: 'message', text: QUESTION, messageId: echo!.id },
  ]);
  expect(echo!.id).toMatch(UUID);

  // The exact trackAgent calls: the welcome and the answer are responses; one prompt; no call per token.
  const base = { agentId: 'support-bot', conversationId, suggestedPrompt: false, agentFilesUploaded: [] };
  await expect.poll(() => pendoCalls(page)).toHaveLength(3);
  const calls = await pendoCalls(page);
  expect(calls).toEqual([
    {
      eventType: 'agent_response',
      agenticProperties: { ...base, messageId: welcome!.id, content: welcome!.text, agentModelsUsed: welcome!.agentMeta!.modelsUsed, toolsUsed: welcome!.agentMeta!.toolsUsed },
      properties: { duration: expect.any(Number) },
    },
    {
      eventType: 'prompt',
      agenticProperties: { ...base, messageId: echo!.id, content: QUESTION, agentModelsUsed: [], toolsUsed: [] },
      properties: {},
    },
    {
      eventType: 'agent_response',
      agenticProperties: { ...base, messageId: answer!.id, content: answer!.text, agentModelsUsed: answer!.agentMeta!.modelsUsed, toolsUsed: answer!.agentMeta!.toolsUsed },
      properties: { duration: expect.any(Number) },
    },
  ]);
  expect(calls[2]!.properties['duration']).toBeGreaterThan(0);
  expect(warnings).toEqual([]);
});

test('a reload resumes the same conversation, replays its history once and tracks nothing again', async ({ page }) => {
  const bodies = recordChatApi(page);
  await page.goto('/');
  const dialog = await openChat(page);
  const log = dialog.getByRole('log');
  await dialog.getByRole('textbox', { name: 'Message' }).fill('Hello!');
  await dialog.getByRole('button', { name: 'Send' }).click();
  await expect(messages(dialog)).toHaveCount(3);
  await expect(log.locator('[aria-busy="true"]')).toHaveCount(0, { timeout: 15_000 });
  const before = await log.innerText();
  const session = await savedSession(page);
  expect(await pendoCalls(page)).toHaveLength(3);

  await page.reload();
  const reopened = await openChat(page);
  const replayed = reopened.getByRole('log');
  await expect(messages(reopened)).toHaveCount(3);
  await expect.poll(() => replayed.innerText()).toBe(before);
  expect(await savedSession(page)).toMatchObject({ conversationId: session.conversationId, token: session.token });
  // No second welcome (no startSession), and nothing tracked twice after the reload.
  expect(bodies.map((b) => b['eventType'])).toEqual(['startSession', 'message']);
  await page.waitForTimeout(300);
  expect(await pendoCalls(page)).toEqual([]);
});

test('Shift+Enter starts a new line, Enter sends; Escape closes and returns focus to the launcher', async ({ page }) => {
  const bodies = recordChatApi(page);
  await page.goto('/');
  const dialog = await openChat(page);
  const composer = dialog.getByRole('textbox', { name: 'Message' });
  await composer.pressSequentially('first line');
  await composer.press('Shift+Enter');
  await composer.pressSequentially('second line');
  await expect(composer).toHaveValue('first line\nsecond line');
  await composer.press('Enter');
  await expect(dialog.getByRole('log').getByText('first line\nsecond line', { exact: true })).toBeVisible();
  await expect.poll(() => bodies.find((b) => b['eventType'] === 'message')?.['text']).toBe('first line\nsecond line');

  await composer.press('Escape');
  await expect(dialog).toBeHidden();
  await expect(page.getByRole('button', { name: 'Open chat' })).toBeFocused();
});
