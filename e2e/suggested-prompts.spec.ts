import AxeBuilder from '@axe-core/playwright';
import { expect, test } from '@playwright/test';
import { demoWith, messages, openChat, pendoCalls, recordChatApi, recordConsole, savedSession } from './support';

const PROMPTS = ['How much does it cost?', 'What does the tracking send?'];

test('suggested prompts: buttons until the visitor writes, chosen by keyboard, sent and tracked as suggested, back in a new conversation, axe-clean', async ({ page }) => {
  test.setTimeout(60_000);
  const bodies = recordChatApi(page);
  const consoleMessages = recordConsole(page);
  await demoWith(page, `data-suggested-prompts='${JSON.stringify(PROMPTS)}'`);
  const dialog = await openChat(page);
  await expect(messages(dialog)).toHaveCount(1); // the welcome
  const group = dialog.getByRole('group', { name: 'Suggested prompts' });
  await expect(group.getByRole('button')).toHaveText(PROMPTS);
  const { violations } = await new AxeBuilder({ page }).analyze();
  expect(violations.map((v) => v.id)).toEqual([]);

  // From the composer (focused on open), one step back is the last prompt.
  const composer = dialog.getByRole('textbox', { name: 'Message' });
  await expect(composer).toBeFocused();
  await page.keyboard.press('Shift+Tab');
  await expect(group.getByRole('button', { name: PROMPTS[1] })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(group).toHaveCount(0);
  await expect(composer).toBeFocused();
  await expect(messages(dialog)).toHaveCount(3, { timeout: 15_000 });
  await expect(messages(dialog).nth(1)).toContainText(PROMPTS[1]!);

  const { conversationId } = await savedSession(page);
  const messageId = bodies[1]?.['messageId'] as string;
  expect(bodies.slice(0, 2)).toEqual([
    { platformConversationId: conversationId, eventType: 'startSession', metadata: [{ key: 'locale', value: 'en' }] },
    { platformConversationId: conversationId, eventType: 'message', text: PROMPTS[1], messageId: expect.stringMatching(/^[0-9a-f-]{36}$/) },
  ]);
  await expect.poll(async () => (await pendoCalls(page)).filter((c) => c.eventType === 'prompt')).toEqual([
    {
      eventType: 'prompt',
      agenticProperties: {
        agentId: 'support-bot', conversationId, messageId, content: PROMPTS[1], agentModelsUsed: [], suggestedPrompt: true, toolsUsed: [], agentFilesUploaded: [],
      },
      properties: {},
    },
  ]);

  // Ended, then started anew: the prompts are back for the new conversation.
  await dialog.getByRole('button', { name: 'More options' }).click();
  await dialog.getByRole('menuitem', { name: 'End conversation' }).click();
  await dialog.getByRole('button', { name: 'Start new conversation' }).click();
  await expect(group.getByRole('button')).toHaveText(PROMPTS);
  expect((await savedSession(page)).conversationId).not.toBe(conversationId);
  expect(consoleMessages).toEqual([]);
});

test('a bad data-suggested-prompts costs one warning and one error event; the widget works without prompts', async ({ page }) => {
  const consoleMessages = recordConsole(page);
  await page.addInitScript(() => {
    const w = window as unknown as { AgentChat?: ((...args: unknown[]) => void) & { q?: unknown[] }; __errors: unknown[] };
    w.__errors = [];
    w.AgentChat = w.AgentChat || function (...args: unknown[]) { (w.AgentChat!.q = w.AgentChat!.q || []).push(args); };
    w.AgentChat('on', 'error', (error: unknown) => w.__errors.push(error));
  });
  await demoWith(page, `data-suggested-prompts="How much does it cost?"`);
  const dialog = await openChat(page);
  await expect(messages(dialog)).toHaveCount(1);
  await expect(dialog.getByRole('group', { name: 'Suggested prompts' })).toHaveCount(0);
  const message = '"suggestedPrompts" (data-suggested-prompts) must be a JSON array of non-empty strings such as ["Track my order"]; got "How much does it cost?". No suggested prompts are shown.';
  expect(consoleMessages).toEqual([{ type: 'warning', text: `[agent-chat] ${message}` }]);
  expect(await page.evaluate(() => (window as unknown as { __errors: unknown[] }).__errors)).toEqual([{ message }]);
});
