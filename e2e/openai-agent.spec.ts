// An OpenAI-compatible agent behind the real gateway (OPENAI_BASE_URL → the OpenAI-compatible test
// server): typing, a tool call as progress, a streamed reply, Stop, and each failure path, with the
// exact transcript the visitor sees and the exact trackAgent calls.
import { randomUUID } from 'node:crypto';
import { type Locator, type Page, expect, test } from '@playwright/test';
import { FAKE_MODEL, type ReceivedRequest, SLOW_ANSWER } from '../demo/server/testing/fake-openai';
import { FAILURE_NOTICE } from '../demo/server/agents/openai-agent';
import { OPENAI_MODEL, fakeOpenAiURL, openAiGatewayURL } from '../playwright.config';
import { type RecordedTrackCall, messages, openChat, pendoCalls, recordChatApi, recordTexts, savedSession, storedMessages } from './support';

test.use({ baseURL: openAiGatewayURL });

async function type(dialog: Locator, text: string) {
  const composer = dialog.getByRole('textbox', { name: 'Message' });
  await composer.fill(text);
  await composer.press('Enter');
}

/** The transcript as the visitor reads it, one line per entry. */
function transcript(dialog: Locator): Promise<string[]> {
  return messages(dialog).evaluateAll((items) =>
    items.map((li) => {
      const bubble = li.querySelector('.bubble')?.textContent?.trim() ?? '';
      if (li.classList.contains('notice')) return `notice: ${li.textContent}`;
      if (li.classList.contains('mine')) return `visitor: ${bubble}`;
      const note = li.querySelector(':scope > .note')?.textContent;
      return `${li.querySelector('.sender')?.firstChild?.textContent?.trim() ?? ''}: ${bubble}${note ? ` [${note}]` : ''}`;
    }));
}

/** What the test server was asked with `question` as the last message. */
async function requestsFor(question: string): Promise<ReceivedRequest[]> {
  const received = (await (await fetch(`${fakeOpenAiURL}/received`)).json()) as ReceivedRequest[];
  return received.filter((r) => r.body.messages.at(-1)?.content === question);
}

/** The trackAgent calls PROTOCOL §4 asks for in this conversation. */
async function expectedCalls(page: Page) {
  const { conversationId } = await savedSession(page);
  const base = { agentId: 'support-bot', conversationId, suggestedPrompt: false, agentFilesUploaded: [] };
  return {
    prompt: (messageId: unknown, content: string): RecordedTrackCall => ({
      eventType: 'prompt', agenticProperties: { ...base, messageId, content, agentModelsUsed: [], toolsUsed: [] }, properties: {},
    }),
    response: (messageId: string, content: string, toolsUsed: string[] = []): RecordedTrackCall => ({
      eventType: 'agent_response',
      agenticProperties: { ...base, messageId, content, agentModelsUsed: [FAKE_MODEL], toolsUsed },
      properties: { duration: expect.any(Number) },
    }),
  };
}

async function settledCalls(page: Page, count: number): Promise<RecordedTrackCall[]> {
  await expect.poll(async () => (await pendoCalls(page)).length).toBe(count);
  await page.waitForTimeout(300); // and no more after it
  return pendoCalls(page);
}

test('typing, a tool call as progress, a streamed reply: one final message, tracked with the model that answered', async ({ page }) => {
  const chatApi = recordChatApi(page);
  await page.goto('/');
  const dialog = await openChat(page);
  const typing = await recordTexts(page, '[role=status]:has(.dots)');
  const progress = await recordTexts(page, '[role=status]:has(.spinner)');
  const streaming = await recordTexts(page, '[aria-busy="true"] .bubble');
  const question = `tool check ${randomUUID().slice(0, 8)}`;
  await type(dialog, question);
  const answer = `You said “${question}”.`;
  await expect(dialog.getByRole('log').getByText(answer)).toBeVisible();
  await expect(dialog.locator('[aria-busy="true"]')).toHaveCount(0);
  await expect(dialog.getByRole('button', { name: 'Stop' })).toHaveCount(0);

  expect(await transcript(dialog)).toEqual([`visitor: ${question}`, `Nova: ${answer}`]);
  expect(await typing()).toEqual(['Nova is typing']);
  expect(await progress()).toEqual(['Using search_docs…']);
  // The reply streamed into a busy bubble before it was final: it renders at most once a frame, so
  // how many of the tokens' prefixes a loaded machine shows apart varies (the unit tests count tokens).
  const grown = await streaming();
  expect(grown.length).toBeGreaterThanOrEqual(1);
  for (const text of grown) expect(answer.startsWith(text)).toBe(true);

  expect(await requestsFor(question)).toEqual([{
    authorization: 'Bearer e2e-openai-key',
    body: { model: OPENAI_MODEL, stream: true, messages: [{ role: 'system', content: 'You are Nova, the Northwind support agent.' }, { role: 'user', content: question }] },
  }]);
  const { token } = await savedSession(page);
  const stored = await storedMessages(token, 2, openAiGatewayURL);
  expect(stored.map((m) => [m.role, m.text, m.agentMeta])).toEqual([['EndUser', question, undefined], ['Chatbot', answer, { modelsUsed: [FAKE_MODEL], toolsUsed: ['search_docs'] }]]);
  const calls = await expectedCalls(page);
  expect(await settledCalls(page, 2)).toEqual([calls.prompt(chatApi[1]!['messageId'], question), calls.response(stored[1]!.id, answer, ['search_docs'])]);
});

test('Stop mid-stream: the text so far stays, marked stopped, tracked once as the response', async ({ page }) => {
  const chatApi = recordChatApi(page);
  await page.goto('/');
  const dialog = await openChat(page);
  const stop = dialog.getByRole('button', { name: 'Stop' });
  await expect(stop).toHaveCount(0);
  const question = `slow story ${randomUUID().slice(0, 8)}`;
  await type(dialog, question);
  await expect(dialog.locator('[aria-busy="true"] .bubble')).toContainText('word3');
  await stop.click();
  await expect(stop).toHaveCount(0);
  await expect(dialog.locator('[aria-busy="true"]')).toHaveCount(0);
  await expect(dialog.getByRole('textbox', { name: 'Message' })).toBeFocused();

  const { token, conversationId } = await savedSession(page);
  const [, reply] = await storedMessages(token, 2, openAiGatewayURL);
  expect(reply!.agentMeta).toEqual({ modelsUsed: [FAKE_MODEL], toolsUsed: [], stopped: true });
  expect(reply!.text).toMatch(/^word1 word2 word3 /);
  expect(reply!.text.length).toBeLessThan(SLOW_ANSWER.length);
  expect(await transcript(dialog)).toEqual([`visitor: ${question}`, `Nova: ${reply!.text.trim()} [Stopped]`]);
  expect(chatApi.filter((b) => b['eventType'] === 'stop')).toEqual([{ platformConversationId: conversationId, eventType: 'stop' }]);
  const calls = await expectedCalls(page);
  expect(await settledCalls(page, 2)).toEqual([calls.prompt(chatApi[1]!['messageId'], question), calls.response(reply!.id, reply!.text)]);
});

const FAILURES: [string, string][] = [
  ['fail 401', FAILURE_NOTICE.credentials],
  ['fail 429', FAILURE_NOTICE.busy],
  ['fail 500', FAILURE_NOTICE.serverError],
  ['fail timeout', FAILURE_NOTICE.timeout],
  ['fail cut', FAILURE_NOTICE.cut],
  ['fail malformed', FAILURE_NOTICE.malformed],
];

for (const [trigger, reason] of FAILURES) {
  test(`${trigger}: the visitor is told, keeps their message, and the next question is answered`, async ({ page }) => {
    const chatApi = recordChatApi(page);
    await page.goto('/');
    const dialog = await openChat(page);
    const question = `${trigger} ${randomUUID().slice(0, 8)}`;
    await type(dialog, question);
    const notice = `We couldn't connect you to an agent (${reason}). Please try again.`;
    await expect(dialog.getByRole('log').getByText(notice)).toBeVisible();
    await expect(dialog.getByRole('button', { name: 'Retry' })).toHaveCount(0); // the message itself went through
    await expect(dialog.getByRole('status')).toHaveCount(0); // no typing or progress left behind

    await type(dialog, 'hello again');
    const answer = 'You said “hello again”.';
    await expect(dialog.getByRole('log').getByText(answer)).toBeVisible();
    await expect(dialog.locator('[aria-busy="true"]')).toHaveCount(0);
    // Nothing of a withdrawn half answer remains, and the question was asked once.
    expect(await transcript(dialog)).toEqual([`visitor: ${question}`, `notice: ${notice}`, 'visitor: hello again', `Nova: ${answer}`]);
    expect(await requestsFor(question)).toHaveLength(1);

    const { token } = await savedSession(page);
    const stored = await storedMessages(token, 3, openAiGatewayURL);
    expect(stored.map((m) => [m.role, m.text])).toEqual([['EndUser', question], ['EndUser', 'hello again'], ['Chatbot', answer]]);
    const calls = await expectedCalls(page);
    expect(await settledCalls(page, 3)).toEqual([
      calls.prompt(chatApi[1]!['messageId'], question),
      calls.prompt(chatApi[2]!['messageId'], 'hello again'),
      calls.response(stored[2]!.id, answer),
    ]);
  });
}
