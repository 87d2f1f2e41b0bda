// A webhook agent (PROTOCOL §3) driving everything the widget shows, through the real gateway in
// upstream mode: the fake upstream (e2e/fake-upstream.ts) answers the visitor's words "stream" and
// "human" with scripted webhook events.
import { expect, test } from '@playwright/test';
import { IDLE_SECONDS, idleGatewayURL, upstreamGatewayURL } from '../playwright.config';
import { exported, messages, openChat, pendoCalls, recordChatApi, recordReceipts, recordTexts, savedSession } from './support';

test.use({ baseURL: upstreamGatewayURL });

const TIME = String.raw`\d{1,2}:\d{2}\s[AP]M\s*`;

async function send(dialog: import('@playwright/test').Locator, text: string) {
  const composer = dialog.getByRole('textbox', { name: 'Message' });
  await composer.fill(text);
  await composer.press('Enter');
}

test('typing, progress, a streamed reply and Delivered/Read receipts from a webhook agent, tracked once', async ({ page }) => {
  const bodies = recordChatApi(page);
  await page.goto('/');
  const dialog = await openChat(page);
  await expect(messages(dialog)).toHaveText([new RegExp(`^Assistant ${TIME}Hello from the upstream bot\\.$`)]);
  const statuses = await recordTexts(page, '[role=status]');
  const receipts = await recordReceipts(page);
  const streaming = await recordTexts(page, '[aria-busy="true"]');

  await send(dialog, 'stream');
  await expect(messages(dialog).last()).toContainText('Here is the streamed answer.', { timeout: 15_000 });
  await expect(dialog.locator('[aria-busy="true"]')).toHaveCount(0);
  await expect(dialog.getByRole('status')).toHaveCount(0);
  expect(await statuses()).toEqual(['Assistant is typing', 'Looking it up…']);
  expect(await receipts()).toEqual(['Sending…', 'Sent', 'Delivered', 'Read']);
  // The reply streamed: a busy bubble grew through the tokens' prefixes (how many of them a loaded
  // machine renders apart varies) before the final message replaced it.
  const grown = await streaming();
  expect(grown.length).toBeGreaterThanOrEqual(1);
  // Markdown drops a paragraph's trailing space, so a prefix shows without the token's last space.
  for (const text of grown) expect(text).toMatch(/(Here is|Here is the streamed|Here is the streamed answer\.)$/);
  expect(grown.at(-1)).toMatch(/Here is the streamed answer\.$/);
  await expect(messages(dialog)).toHaveText([
    new RegExp(`^Assistant ${TIME}Hello from the upstream bot\\.$`),
    /stream/,
    new RegExp(`^Assistant ${TIME}Here is the streamed answer\\.$`),
  ]);

  const { conversationId } = await savedSession(page);
  expect(bodies).toEqual([
    { platformConversationId: conversationId, eventType: 'startSession', metadata: [{ key: 'locale', value: 'en' }] },
    { platformConversationId: conversationId, eventType: 'message', text: 'stream', messageId: expect.any(String) },
  ]);
  const answers = (await exported('messages', { conversation_id: conversationId }, upstreamGatewayURL)).map((m) => [m['type'], m['userInput'] ?? m['outMsg'].steps[0].text]);
  expect(answers).toEqual([['BotMessage', 'Hello from the upstream bot.'], ['UserInput', 'stream'], ['BotMessage', 'Here is the streamed answer.']]);
  const ids = (await exported('messages', { conversation_id: conversationId }, upstreamGatewayURL)).map((m) => m['_id']);
  await expect.poll(() => pendoCalls(page)).toHaveLength(3);
  const base = { agentId: 'support-bot', conversationId, agentModelsUsed: [], suggestedPrompt: false, toolsUsed: [], agentFilesUploaded: [] };
  expect(await pendoCalls(page)).toEqual([
    { eventType: 'agent_response', agenticProperties: { ...base, messageId: ids[0], content: 'Hello from the upstream bot.' }, properties: { duration: expect.any(Number) } },
    { eventType: 'prompt', agenticProperties: { ...base, messageId: bodies[1]!['messageId'], content: 'stream' }, properties: {} },
    { eventType: 'agent_response', agenticProperties: { ...base, messageId: ids[2], content: 'Here is the streamed answer.' }, properties: { duration: expect.any(Number) } },
  ]);
  expect(ids[1]).toBe(bodies[1]!['messageId']);
});

test('a hand-off to a named human: "Alex joined", the header shows Alex, his replies are labelled Alex and exported as AgentMessage', async ({ page }) => {
  await page.goto('/');
  const dialog = await openChat(page);
  const header = dialog.getByRole('heading', { name: 'Northwind Support' }).locator('..');
  await expect(messages(dialog)).toHaveCount(1);
  await expect(header).toHaveText('Northwind SupportAssistant · AI agent');
  const statuses = await recordTexts(page, '[role=status]');

  await send(dialog, 'human');
  await expect(messages(dialog).last()).toContainText("Hi, I'm Alex, a person.", { timeout: 15_000 });
  await expect(header).toHaveText('Northwind SupportAlex'); // a person: not "AI agent"
  await send(dialog, 'thanks');
  await expect(messages(dialog).last()).toContainText('Upstream got: thanks');
  await expect(messages(dialog)).toHaveText([
    new RegExp(`^Assistant ${TIME}Hello from the upstream bot\\.$`),
    /human/,
    'Connecting you to an agent…',
    'Alex joined',
    new RegExp(`^Alex ${TIME}Hi, I'm Alex, a person\\. How can I help\\?$`),
    /thanks/,
    new RegExp(`^Alex ${TIME}Upstream got: thanks$`),
  ]);
  expect(await statuses()).toEqual(['Alex is typing']);

  const { conversationId } = await savedSession(page);
  const exportedMessages = await exported('messages', { conversation_id: conversationId }, upstreamGatewayURL);
  expect(exportedMessages.map((m) => [m['type'], m['userInput'] ?? m['outMsg'].steps[0].text])).toEqual([
    ['BotMessage', 'Hello from the upstream bot.'],
    ['UserInput', 'human'],
    ['AgentMessage', "Hi, I'm Alex, a person. How can I help?"],
    ['UserInput', 'thanks'],
    ['AgentMessage', 'Upstream got: thanks'],
  ]);
  const conversation = (await exported('conversations', {}, upstreamGatewayURL)).find((c) => c['_id'] === conversationId);
  expect(conversation?.['tags']).toEqual(['escalated']);
  expect(conversation?.['metadata']['transcript']).toBe(
    "Bot:\tHello from the upstream bot.\nUser:\thuman\nAgent:\tHi, I'm Alex, a person. How can I help?\nUser:\tthanks\nAgent:\tUpstream got: thanks",
  );
});

test.describe('idle timeout', () => {
  test.use({ baseURL: idleGatewayURL });

  test(`a conversation whose visitor stays silent for SESSION_IDLE_MINUTES (here ${IDLE_SECONDS} s) closes with reason Timeout`, async ({ page }) => {
    const bodies = recordChatApi(page);
    await page.goto('/');
    const dialog = await openChat(page);
    await expect(messages(dialog)).toHaveCount(1);
    await send(dialog, 'hello');
    await expect(messages(dialog).last()).toContainText('Upstream got: hello');
    const lastWord = Date.now();

    await expect(dialog.getByText('Conversation ended')).toBeVisible({ timeout: 15_000 });
    expect(Date.now() - lastWord).toBeGreaterThanOrEqual(IDLE_SECONDS * 1000 - 500); // not before the limit
    await expect(dialog.getByRole('textbox', { name: 'Message' })).toHaveCount(0);
    await expect(dialog.getByRole('button', { name: 'Start new conversation' })).toBeVisible();
    await expect(messages(dialog)).toHaveText([
      new RegExp(`^Assistant ${TIME}Hello from the upstream bot\\.$`),
      /hello/,
      new RegExp(`^Assistant ${TIME}Upstream got: hello$`),
    ]);

    const { conversationId, token } = await savedSession(page);
    expect(bodies).toEqual([
      { platformConversationId: conversationId, eventType: 'startSession', metadata: [{ key: 'locale', value: 'en' }] },
      { platformConversationId: conversationId, eventType: 'message', text: 'hello', messageId: expect.any(String) },
    ]);
    // The gateway refuses the visitor's next word, and the stream's last event is the close, reason Timeout.
    const late = await fetch(`${idleGatewayURL}/converse/chat`, {
      method: 'POST', headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
      body: JSON.stringify({ platformConversationId: conversationId, eventType: 'message', text: 'hello?', messageId: crypto.randomUUID() }),
    });
    expect(late.status).toBe(409);
    const closes = await page.evaluate(async ({ url, token }) => {
      const controller = new AbortController();
      setTimeout(() => controller.abort(), 1500);
      let text = '';
      try {
        const response = await fetch(`${url}/eventrouter/v1/sse`, { headers: { Authorization: `Bearer ${token}` }, signal: controller.signal });
        const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
        for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) text += chunk.value;
      } catch {
        // aborted: the replay is in
      }
      return text.split('\n\n').filter((block) => block.includes('event: CONVERSATION_CLOSE_CONVERSATION'))
        .map((block) => JSON.parse(JSON.parse(block.split('\n').find((line) => line.startsWith('data: '))!.slice(6)).conversationEntry.entryPayload).reason);
    }, { url: idleGatewayURL, token });
    expect(closes).toEqual(['Timeout']);
  });
});
