import { expect, test } from '@playwright/test';
import { fakeUpstreamURL, upstreamGatewayURL } from '../playwright.config';
import { messages, openChat, recordChatApi, savedSession } from './support';

test.use({ baseURL: upstreamGatewayURL });

test('upstream mode: widget → gateway → upstream bot → webhook → SSE → widget, buttons and carousel cards included', async ({ page }) => {
  const bodies = recordChatApi(page);
  await page.goto('/');
  const dialog = await openChat(page);
  const log = dialog.getByRole('log');
  await expect(log.getByText('Hello from the upstream bot.')).toBeVisible();

  const composer = dialog.getByRole('textbox', { name: 'Message' });
  await composer.fill('buttons');
  await composer.press('Enter');
  await log.getByRole('button', { name: 'Yes' }).click();
  await expect(log.getByText('Upstream got: Yes')).toBeVisible();

  await composer.fill('carousel');
  await composer.press('Enter');
  await log.getByRole('button', { name: 'Next' }).click(); // the carousel shows one card at a time
  await log.getByRole('group', { name: 'Card 2' }).getByRole('button', { name: 'secondCardButton' }).click();
  await expect(log.getByText('Upstream got: secondCardButton (card 2)')).toBeVisible();
  await expect(messages(dialog)).toHaveCount(9);

  const { conversationId } = await savedSession(page);
  const sent = bodies.map(({ messageId, ...rest }) => ({ ...rest, ...(messageId !== undefined && { messageId: expect.any(String) }) }));
  expect(sent).toEqual([
    { platformConversationId: conversationId, eventType: 'startSession', metadata: [{ key: 'locale', value: 'en' }] },
    { platformConversationId: conversationId, eventType: 'message', text: 'buttons', messageId: expect.any(String) },
    { platformConversationId: conversationId, eventType: 'message', text: 'Yes', messageId: expect.any(String) },
    { platformConversationId: conversationId, eventType: 'message', text: 'carousel', messageId: expect.any(String) },
    { platformConversationId: conversationId, eventType: 'message', text: 'secondCardButton', cardIndex: 1, messageId: expect.any(String) },
  ]);
  // The upstream got the same events, with the bot id the gateway adds (its key never reaches the page).
  const received = (await (await fetch(`${fakeUpstreamURL}/received`)).json()) as Record<string, unknown>[];
  expect(received.filter((r) => r['platformConversationId'] === conversationId)).toEqual(
    bodies.map((body) => ({ botid: 'e2e-bot', ...body })),
  );
  expect(await page.content()).not.toContain('e2e-upstream-key');
});
