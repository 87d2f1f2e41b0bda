import { expect, test } from '@playwright/test';
import { baseURL } from '../playwright.config';
import { demoWith, exported, messages, openChat, recordChatApi, savedSession } from './support';

test('a conversation in the widget comes out of the Export API with the right types and tags', async ({ page }) => {
  test.setTimeout(60_000);
  await page.goto('/');
  const dialog = await openChat(page);
  const log = dialog.getByRole('log');
  const composer = dialog.getByRole('textbox', { name: 'Message' });
  const say = async (text: string, expectedMessages: number) => {
    await composer.fill(text);
    await composer.press('Enter');
    await expect(messages(dialog)).toHaveCount(expectedMessages, { timeout: 15_000 });
  };
  await expect(messages(dialog)).toHaveCount(1);
  await say('buttons', 3);
  await log.getByRole('button', { name: 'Yes, thanks' }).click();
  await expect(messages(dialog)).toHaveCount(5, { timeout: 15_000 });
  await expect(log.locator('[aria-busy="true"]')).toHaveCount(0, { timeout: 15_000 });
  await say('carousel', 7);
  await log.getByRole('button', { name: 'Next' }).click(); // the carousel shows one card at a time
  await log.getByRole('group', { name: 'Studio Monitors' }).getByRole('button', { name: 'Buy' }).click();
  await expect(messages(dialog)).toHaveCount(9, { timeout: 15_000 });
  await expect(log.locator('[aria-busy="true"]')).toHaveCount(0, { timeout: 15_000 });
  await say('handoff', 14); // with the transfer and joined notices
  await expect(log.getByText(/I'm Alex from the Northwind team/)).toBeVisible({ timeout: 15_000 });
  // The visitor rates Alex's answer; the gateway keeps it for the export's feedback tags.
  const rated = messages(dialog).last().getByRole('button', { name: 'Helpful', exact: true });
  await rated.click();
  await expect(rated).toHaveAttribute('aria-pressed', 'true');
  await messages(dialog).last().getByRole('button', { name: 'Skip', exact: true }).click(); // no comment: the reaction goes now
  const { conversationId } = await savedSession(page);

  const records = await exported('messages', { conversation_id: conversationId });
  expect(records.map((r) => [r['type'], r['userInput'] ?? r['outMsg']?.steps?.[0]?.text, r['userActionType'] ?? null])).toEqual([
    ['BotMessage', expect.stringContaining("I'm **Aria**"), null],
    ['UserInput', 'buttons', 'text'],
    ['Question', 'Did that answer your question?', null],
    ['UserInput', 'Yes, thanks', 'button'],
    ['BotMessage', expect.stringContaining('Noted'), null],
    ['UserInput', 'carousel', 'text'],
    ['Question', 'Here are a few options', null],
    ['UserInput', 'Buy', 'carousel'],
    ['BotMessage', expect.stringContaining('Noted'), null],
    ['UserInput', 'handoff', 'text'],
    ['BotMessage', 'Let me connect you with a member of our team.', null],
    ['AgentMessage', expect.stringContaining("I'm Alex from the Northwind team"), null],
  ]);
  expect(records[2]!['outMsg'].options).toEqual([{ txt: 'Yes, thanks' }, { txt: 'Not really' }, { txt: 'Talk to a person' }]);
  expect(records.every((r) => r['conversationId'] === conversationId)).toBe(true);

  const conversation = async () => (await exported('conversations', {})).find((c) => c['_id'] === conversationId)!;
  await expect.poll(async () => (await conversation())['tags']).toEqual(['escalated', 'positiveFeedback']);
  expect(await conversation()).toMatchObject({ userMessageCount: 5, metadata: { question: 'buttons' } });
  expect((await conversation())['metadata'].transcript.split('\n').filter((line: string) => line.startsWith('User:\t'))).toEqual([
    'User:\tbuttons', 'User:\tYes, thanks', 'User:\tcarousel', 'User:\tBuy', 'User:\thandoff',
  ]);
});

test("a phone's conversation in en-US: the widget sends its locale on startSession, and the export writes en_us with the page and the device", async ({ browser }) => {
  const phone = 'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36';
  const context = await browser.newContext({ userAgent: phone });
  try {
    const page = await context.newPage();
    const bodies = recordChatApi(page);
    const impression = page.waitForResponse((r) => r.url().endsWith('/api/track-interaction'));
    await demoWith(page, 'data-locale="en-US"');
    expect((await impression).status()).toBe(200);
    const dialog = await openChat(page);
    await expect(messages(dialog)).toHaveCount(1);
    const composer = dialog.getByRole('textbox', { name: 'Message' });
    await composer.fill('hello');
    await composer.press('Enter');
    await expect(messages(dialog)).toHaveCount(3, { timeout: 15_000 });
    const { conversationId } = await savedSession(page);
    expect(bodies[0]).toEqual({ platformConversationId: conversationId, eventType: 'startSession', metadata: [{ key: 'locale', value: 'en-US' }] });

    const record = (await exported('conversations', {})).find((c) => c['_id'] === conversationId)!;
    expect(record['locale']).toBe('en_us');
    expect(record['metadata']).toMatchObject({ locale: 'en_us', page_url: `${baseURL}/`, device: 'mobile', question: 'hello' });
  } finally {
    await context.close();
  }
});
