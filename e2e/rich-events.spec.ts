// Issue 4's widget features, one test each, against the real gateway and its demo bot: what the
// visitor sees (found by role and name) and the exact Chat API bodies the page sends.
// Covered elsewhere, not repeated here: Sent → Delivered → Read and the bot's typing indicator
// (chat.spec.ts), a card click through an upstream bot (upstream.spec.ts), the typed "end" (a11y.spec.ts).
import { type Locator, type Page, expect, test } from '@playwright/test';
import { BOT, SYSTEM, envelope } from '../demo/server/events/envelope';
import { formatEvent } from '../demo/server/events/sse';
import { messages, openChat, recordChatApi, recordTexts, savedSession, say, storedMessages } from './support';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

/**
 * The exact body a visitor message must have been sent with: its messageId is the id the gateway
 * stored and echoed. `position` is the message's place among the conversation's stored messages.
 */
async function messageBody(page: Page, text: string, position: number, extra: { cardIndex?: number } = {}) {
  const { conversationId, token } = await savedSession(page);
  const echo = (await storedMessages(token, position + 1))[position];
  expect(echo?.text).toBe(text);
  expect(echo?.id, `the gateway stored "${text}"`).toMatch(UUID);
  return { platformConversationId: conversationId, eventType: 'message', messageId: echo!.id, text, ...extra };
}

/** A message's options (buttons, quick replies): its buttons with a visible title, not the reaction toggles. */
const options = (message: Locator) => message.getByRole('button').filter({ hasText: /\S/ });

test('buttons stay after a click and after the reply; a click sends its title as a message', async ({ page }) => {
  const bodies = recordChatApi(page);
  await page.goto('/');
  const dialog = await say(page, 'buttons');
  const question = messages(dialog).filter({ hasText: 'Did that answer your question?' });
  const buttons = options(question);
  await expect(buttons).toHaveText(['Yes, thanks', 'Not really', 'Talk to a person']);

  await question.getByRole('button', { name: 'Not really' }).click();
  const choice = messages(dialog).nth(3);
  await expect(choice).toContainText('Not really');
  await expect(dialog.getByText(/^Noted — thanks!/)).toBeVisible(); // the bot's answer to the choice
  await expect(buttons).toHaveText(['Yes, thanks', 'Not really', 'Talk to a person']);
  // The receipt sits under the latest visitor message only.
  await expect(choice.getByText('Read')).toBeVisible();
  await expect(messages(dialog).nth(1).getByText('Read')).toHaveCount(0);

  expect(bodies.slice(1)).toEqual([await messageBody(page, 'buttons', 1), await messageBody(page, 'Not really', 3)]);
});

test('quick replies disappear once one is used, and when another message arrives', async ({ page }) => {
  const bodies = recordChatApi(page);
  await page.goto('/');
  const dialog = await say(page, 'quick replies');
  const offer = messages(dialog).filter({ hasText: 'What would you like to try next?' });
  await expect(options(offer)).toHaveText(['Carousel', 'Long answer', 'Handoff']);
  await offer.getByRole('button', { name: 'Long answer' }).click();
  await expect(options(offer)).toHaveCount(0);
  await expect(offer).toBeVisible(); // the question itself stays
  await expect.poll(() => bodies.length).toBe(3);
  expect(bodies[2]).toEqual(await messageBody(page, 'Long answer', 3));

  await say(page, 'quick reply');
  const second = messages(dialog).filter({ hasText: 'What would you like to try next?' }).last();
  await expect(options(second)).toHaveCount(3);
  await say(page, 'hello');
  await expect(options(second)).toHaveCount(0);
});

test('carousel: one card at a time with image, title and subtitle; Previous/Next and arrow keys; a card option sends title and cardIndex', async ({ page }) => {
  const bodies = recordChatApi(page);
  await page.goto('/');
  const dialog = await say(page, 'carousel');
  const carousel = dialog.getByRole('region', { name: 'Here are a few options' });
  await expect(carousel).toHaveAttribute('aria-roledescription', 'carousel');
  const card = (title: string) => carousel.getByRole('group', { name: title });
  const previous = carousel.getByRole('button', { name: 'Previous' });
  const next = carousel.getByRole('button', { name: 'Next' });

  await expect(card('Comfort Headphones')).toBeVisible();
  await expect(card('Comfort Headphones')).toContainText('$89.99 · 30 h battery');
  const image = card('Comfort Headphones').getByRole('img', { name: 'Over-ear headphones in slate grey' });
  await expect(image).toHaveAttribute('src', /^https?:\/\/[^/]+\/products\/headphones\.svg$/);
  await expect.poll(() => image.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0)).toBe(true);
  await expect(carousel.getByRole('group')).toHaveCount(1); // the other cards are hidden
  await expect(carousel).toContainText('1 of 3');
  await expect(previous).toBeDisabled();

  await next.click();
  await expect(card('Studio Monitors')).toBeVisible();
  await expect(carousel).toContainText('2 of 3');
  await page.keyboard.press('ArrowRight');
  await expect(card('Pocket Earbuds')).toBeVisible();
  await expect(next).toBeDisabled();
  await page.keyboard.press('ArrowRight'); // at the end: stays, and so does the focus
  await expect(carousel).toContainText('3 of 3');
  await expect(next).toBeFocused();
  await page.keyboard.press('ArrowLeft');
  await expect(card('Studio Monitors')).toBeVisible();
  await expect(carousel).toContainText('2 of 3');
  await expect(previous).toBeEnabled();
  await expect(next).toBeEnabled();

  // On a card's own option the arrow keys do nothing: moving would hide the focused button.
  const details = card('Studio Monitors').getByRole('button', { name: 'Details' });
  await details.focus();
  await page.keyboard.press('ArrowRight');
  await expect(details).toBeFocused();
  await details.click();
  await expect.poll(() => bodies.length).toBe(3);
  expect(bodies[2]).toEqual(await messageBody(page, 'Details', 3, { cardIndex: 1 }));
});

test('a rich link preview shows the title and host, and opens the safe URL in a new tab without an opener', async ({ page, context }) => {
  await context.route('https://developer.mozilla.org/**', (route) => route.fulfill({ contentType: 'text/html', body: '<title>MDN</title>' }));
  await page.goto('/');
  const dialog = await say(page, 'link');
  await expect(dialog.getByText('The full protocol is documented here:')).toBeVisible();
  const link = dialog.getByRole('link', { name: 'Server-sent events — MDN developer.mozilla.org' });
  await expect(link).toHaveAttribute('href', 'https://developer.mozilla.org/docs/Web/API/Server-sent_events');
  await expect(link).toHaveAttribute('target', '_blank');
  await expect(link).toHaveAttribute('rel', 'noopener noreferrer');
  const [tab] = await Promise.all([page.waitForEvent('popup'), link.click()]);
  await expect(tab).toHaveURL('https://developer.mozilla.org/docs/Web/API/Server-sent_events');
  expect(await tab.evaluate(() => [window.opener, document.referrer])).toEqual([null, '']);
});

test('Markdown becomes elements: a heading, paragraphs, emphasis, inline code, a numbered list and a code block; no raw markers', async ({ page }) => {
  await page.goto('/');
  const dialog = await say(page, 'long answer');
  await expect(dialog.getByText(/only the growing bubble re-renders\.$/)).toBeVisible({ timeout: 15_000 });
  await expect(dialog.locator('[aria-busy="true"]')).toHaveCount(0); // the answer is final
  const answer = messages(dialog).last();
  await expect(answer.getByRole('heading', { name: 'How a reply travels', level: 3 })).toBeVisible();
  await expect(answer.locator('strong', { hasText: 'Server-Sent Events' })).toBeVisible();
  await expect(answer.locator('p > code', { hasText: 'Last-Event-ID' })).toBeVisible();
  await expect(answer.locator('ol > li')).toHaveCount(4);
  await expect(answer.locator('ol > li').first()).toHaveText('The bot acknowledges delivery, then marks the message read.');
  await expect(answer.locator('pre > code')).toContainText("AgentChat('on', 'response', (message) => {");
  expect(await answer.locator('p').count()).toBeGreaterThanOrEqual(3);
  const text = await answer.innerText();
  for (const marker of ['**', '```', '##', '1. ']) expect(text, `no raw "${marker}"`).not.toContain(marker);
  expect(text).not.toMatch(/^[>*] /m);
});

test('progress: each update replaces the last in one status; the answer clears it', async ({ page }) => {
  await page.goto('/');
  await openChat(page);
  const statuses = await recordTexts(page, '[role=status]');
  const dialog = await say(page, 'progress');
  await expect(messages(dialog).last().locator('strong', { hasText: '3 articles' })).toBeVisible({ timeout: 15_000 });
  await expect(dialog.locator('[aria-busy="true"]')).toHaveCount(0);
  await expect(dialog.getByRole('status')).toHaveCount(0);
  // Typing joins the last step, below it; each step replaced the one before. Steps come 375 ms
  // apart: on a loaded machine one may be replaced before the page could paint it, so a step can
  // go unseen, but what is seen is in order, once each, and the last step is.
  const steps = ['Searching the knowledge base…', 'Reading 3 articles…', 'Writing the answer…'];
  const seen = await statuses();
  expect(seen).toEqual(steps.filter((step) => seen.includes(step)));
  expect(seen.length).toBeGreaterThanOrEqual(2);
  expect(seen.at(-1)).toBe('Writing the answer…');
});

test('hand-off: a transfer notice with the wait time, "Alex joined", Alex typing, and the header names Alex', async ({ page }) => {
  await page.goto('/');
  const dialog = await openChat(page);
  await expect(messages(dialog)).toHaveCount(1); // the welcome
  const header = dialog.getByRole('heading', { name: 'Northwind Support' }).locator('..');
  await expect(header).toHaveText('Northwind SupportAria · AI agent');

  const statuses = await recordTexts(page, '[role=status]');
  await say(page, 'handoff');
  await expect(messages(dialog).last()).toContainText("Hi, I'm Alex from the Northwind team.");
  expect(await statuses()).toEqual(['Alex is typing']);
  await expect(dialog.getByRole('status')).toHaveCount(0); // Alex stopped typing and wrote
  await expect(messages(dialog)).toHaveText([
    /^Aria \d{1,2}:\d{2}\s[AP]M\s*Hi, I'm Aria/, // the sender, the time, the text
    /handoff/,
    /^Aria \d{1,2}:\d{2}\s[AP]M\s*Let me connect you with a member of our team\.$/,
    'Connecting you to an agent… Estimated wait: 30 seconds',
    'Alex joined',
    /^Alex \d{1,2}:\d{2}\s[AP]M\s*Hi, I'm Alex/,
  ]);
  await expect(header).toHaveText('Northwind SupportAlex'); // a person: not "AI agent"
});

test('a failed transfer shows a clear notice (the demo bot never fails: the stream is stubbed)', async ({ page }) => {
  await page.route('**/eventrouter/v1/sse', async (route, request) => {
    if (request.headers()['last-event-id']) return; // a reconnect waits, like an idle server
    const conversationId = (await savedSession(page)).conversationId;
    const event = (id: number, payload: Parameters<typeof envelope>[2], sender = SYSTEM) =>
      formatEvent({ id, name: payload.entryType === 'Message' ? 'CONVERSATION_MESSAGE' : 'CONVERSATION_ROUTING_RESULT', data: JSON.stringify(envelope(conversationId, 'support-bot', payload, sender, 1)) });
    const body =
      event(1, { entryType: 'Message', id: 'm1', abstractMessage: { messageType: 'StaticContentMessage', id: 'm1', staticContent: { formatType: 'Text', text: 'Let me find someone.' } } }, BOT) +
      event(2, { entryType: 'RoutingResult', id: 'r1', routingType: 'Transfer', failureType: 'RoutingError', failureReason: 'No agent is available', estimatedWaitTime: { estimatedWaitTimeInSeconds: -1 } });
    await route.fulfill({ status: 200, headers: { 'Content-Type': 'text/event-stream' }, body });
  });
  await page.goto('/');
  const dialog = await openChat(page);
  await expect(messages(dialog)).toHaveText([/Let me find someone\./, "We couldn't connect you to an agent (No agent is available). Please try again."]);
  await expect(dialog.getByRole('textbox', { name: 'Message' })).toBeEditable();
});

test('a streaming reply shows its Markdown as the final message would: finished blocks, and the plain paragraph still growing', async ({ page }) => {
  const tokens = ['First **bold** ', 'paragraph.\n\n', '- one\n', '- two\n\n', 'Last ', 'plain ', 'words'];
  await page.route('**/eventrouter/v1/sse', async (route, request) => {
    if (request.headers()['last-event-id']) return; // a reconnect waits, like an idle server
    const conversationId = (await savedSession(page)).conversationId;
    // Tokens only: the final message never comes, so the bubble stays the streaming one.
    const body = tokens
      .map((text, i) =>
        formatEvent({
          id: i + 1,
          name: 'CONVERSATION_STREAMING_TOKEN',
          data: JSON.stringify(envelope(conversationId, 'support-bot', {
            entryType: 'StreamingToken', id: `t${i}`,
            streamingToken: { tokenType: 'MessageStreamingToken', sequenceNumber: i + 1, timestamp: 1, targetMessageIdentifier: 'final', token: { formatType: 'Text', text } },
          }, BOT, 1)),
        }),
      )
      .join('');
    await route.fulfill({ status: 200, headers: { 'Content-Type': 'text/event-stream' }, body });
  });
  await page.goto('/');
  const dialog = await openChat(page);
  const streaming = dialog.locator('[aria-busy="true"]');
  await expect(streaming.getByText('Last plain words')).toBeVisible();
  expect(await streaming.locator('.md').evaluate((md) => md.innerHTML)).toBe('<p>First <strong>bold</strong> paragraph.</p><ul><li>one</li><li>two</li></ul><p>Last plain words</p>');
});

test('ending from the menu: endSession, "Conversation ended", no composer; "Start new conversation" starts clean', async ({ page }) => {
  const bodies = recordChatApi(page);
  await page.goto('/');
  const dialog = await say(page, 'hello');
  await expect(dialog.getByText(/or ask how to install me\.$/)).toBeVisible({ timeout: 15_000 });
  await expect(dialog.locator('[aria-busy="true"]')).toHaveCount(0); // the answer is final
  const before = await savedSession(page);

  const more = dialog.getByRole('button', { name: 'More options' });
  await expect(more).toHaveAttribute('aria-expanded', 'false');
  await more.click();
  await expect(more).toHaveAttribute('aria-expanded', 'true');
  const end = dialog.getByRole('menu', { name: 'More options' }).getByRole('menuitem', { name: 'End conversation' });
  await expect(end).toBeFocused();
  await end.click();

  await expect(dialog.getByText('Conversation ended')).toBeVisible();
  await expect(dialog.getByRole('textbox', { name: 'Message' })).toHaveCount(0);
  await expect(more).toHaveCount(0);
  // The menu that had focus is gone: the next step takes it.
  await expect(dialog.getByRole('button', { name: 'Start new conversation' })).toBeFocused();
  await expect(messages(dialog)).toHaveCount(3); // the history stays readable
  expect(bodies.slice(2)).toEqual([{ platformConversationId: before.conversationId, eventType: 'endSession' }]);

  await dialog.getByRole('button', { name: 'Start new conversation' }).click();
  await expect(messages(dialog)).toHaveCount(1); // only the new welcome
  await expect(messages(dialog).first()).toContainText("Hi, I'm Aria");
  await expect(dialog.getByRole('textbox', { name: 'Message' })).toBeFocused(); // not lost with the button
  const after = await savedSession(page);
  expect(after.conversationId).toMatch(UUID);
  expect(after.conversationId).not.toBe(before.conversationId);
  expect(bodies.slice(3)).toEqual([{ platformConversationId: after.conversationId, eventType: 'startSession', metadata: [{ key: 'locale', value: 'en' }] }]);
});

test('keyboard in the menu: Enter opens it on its item; Escape closes the menu, not the panel, and focus returns to the menu button', async ({ page }) => {
  await page.goto('/');
  const dialog = await openChat(page);
  const more = dialog.getByRole('button', { name: 'More options' });
  await more.focus();
  await page.keyboard.press('Enter');
  const menu = dialog.getByRole('menu', { name: 'More options' });
  await expect(menu.getByRole('menuitem', { name: 'End conversation' })).toBeFocused();
  await page.keyboard.press('Escape');
  await expect(menu).toHaveCount(0);
  await expect(dialog).toBeVisible();
  await expect(more).toBeFocused();
  await expect(more).toHaveAttribute('aria-expanded', 'false');
  await page.keyboard.press('Escape'); // now the panel closes
  await expect(dialog).toBeHidden();
});
