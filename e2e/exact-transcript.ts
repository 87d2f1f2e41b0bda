// The end state every fault test must reach: the gateway stored each message once, the widget shows
// exactly those messages in that order, and Pendo got one call per message, in the same order.
import { type Locator, type Page, expect } from '@playwright/test';
import { type RecordedTrackCall, messages, pendoCalls, savedSession, storedMessages } from './support';

export interface ExpectedTranscript {
  page: Page;
  dialog: Locator;
  gateway: string;
  /** What the visitor asked, in order; each got one answer. The welcome comes first. */
  questions: string[];
  /** Pendo calls recorded before a reload (the page's own record starts afresh). */
  trackedBefore?: RecordedTrackCall[];
  /** When set, the gateway's Export API confirms it stored nothing more than this. */
  exportApiKey?: string;
}

const plain = (markdown: string) => markdown.replace(/[*_`]/g, '').split('\n')[0]!.slice(0, 40);

export async function expectExactTranscript({ page, dialog, gateway, questions, trackedBefore = [], exportApiKey }: ExpectedTranscript) {
  const log = dialog.getByRole('log');
  await expect(log.locator('[aria-busy="true"]')).toHaveCount(0, { timeout: 20_000 });
  const { token, conversationId } = await savedSession(page);
  const expected = 1 + 2 * questions.length;
  const stored = await storedMessages(token, expected, gateway);
  expect(stored.map((m) => m.role)).toEqual(['Chatbot', ...questions.flatMap(() => ['EndUser', 'Chatbot'])]);
  expect(stored.filter((m) => m.role === 'EndUser').map((m) => m.text)).toEqual(questions);
  if (exportApiKey) {
    const now = Math.floor(Date.now() / 1000);
    const query = new URLSearchParams({ start_time: String(now - 600), end_time: String(now + 60), conversation_id: conversationId, bot_name: 'support-bot', per_page: '1000' });
    const response = await fetch(`${gateway}/conversations/export/v1/messages?${query}`, { headers: { 'x-api-key': exportApiKey } });
    expect(response.status).toBe(200);
    expect(((await response.json()) as { data: unknown[] }).data, 'messages the gateway stored').toHaveLength(expected);
  }

  // The widget shows exactly the stored messages, in order: none lost, none twice.
  await expect(messages(dialog)).toHaveCount(expected);
  const shown = await messages(dialog).allInnerTexts();
  stored.forEach((message, i) => expect(shown[i], `message ${i}`).toContain(plain(message.text)));

  // One prompt per visitor message and one agent_response per answer, in transcript order.
  await expect.poll(async () => [...trackedBefore, ...(await pendoCalls(page))].length).toBe(expected);
  const calls = [...trackedBefore, ...(await pendoCalls(page))];
  expect(calls.map((c) => [c.eventType, c.agenticProperties['messageId']])).toEqual(
    stored.map((m) => [m.role === 'EndUser' ? 'prompt' : 'agent_response', m.id]),
  );
  return stored;
}
