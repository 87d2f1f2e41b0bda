// The real widget against a real gateway that breaks on purpose (demo/server/testing/faults.ts).
// Each test arms one fault, talks through it, and must end with the exact transcript: every
// message stored once, shown once, tracked once.
import { rmSync } from 'node:fs';
import { type Locator, type Page, test as base, expect } from '@playwright/test';
import { type ExpectedTranscript, expectExactTranscript } from './exact-transcript';
import { E2E_PORT, startGateway } from './gateway-process';
import { messages, openChat, pendoCalls, recordChatApi } from './support';

const EXPORT_KEY = 'e2e-faults-export-key';
type FaultPlan = import('../demo/server/testing/faults').FaultPlan;

interface FaultyGateway {
  url: string;
  arm(plan: FaultPlan): Promise<void>;
}

// One gateway per worker (ports E2E_PORT+31…, so 8350… with E2E_PORT=8319): a fault armed by
// one test never reaches another's.
const test = base.extend<{ gateway: FaultyGateway }, { workerGateway: FaultyGateway }>({
  workerGateway: [
    async ({}, use, workerInfo) => {
      const port = E2E_PORT + 31 + workerInfo.parallelIndex;
      const data = `.tmp/e2e-faults-data-${workerInfo.parallelIndex}`;
      rmSync(data, { recursive: true, force: true });
      const child = await startGateway(port, data, { GATEWAY_FAULTS: '1', EXPORT_API_KEYS: EXPORT_KEY });
      const url = `http://127.0.0.1:${port}`;
      await use({
        url,
        async arm(plan) {
          const response = await fetch(`${url}/__faults`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(plan) });
          expect(response.status, await response.text()).toBe(200);
        },
      });
      child.kill('SIGTERM');
    },
    { scope: 'worker' },
  ],
  gateway: async ({ workerGateway }, use) => {
    await workerGateway.arm({});
    await use(workerGateway);
    await workerGateway.arm({});
  },
});

/** Opens the chat on the faulty gateway and waits for the welcome, so the next fault hits a message. */
async function begin(page: Page, gateway: FaultyGateway) {
  const bodies = recordChatApi(page);
  await page.goto(`${gateway.url}/`);
  const dialog = await openChat(page);
  await expect(messages(dialog)).toHaveCount(1);
  const composer = dialog.getByRole('textbox', { name: 'Message' });
  const ask = async (text: string) => {
    await composer.fill(text);
    await dialog.getByRole('button', { name: 'Send' }).click();
  };
  /** The Chat API posts of visitor messages: their messageIds, one entry per attempt. */
  const attempts = () => bodies.filter((b) => b['eventType'] === 'message').map((b) => b['messageId'] as string);
  /** Disarms the faults (the witness reads the real store), then checks the exact transcript. */
  const finish = async (questions: string[], more: Partial<ExpectedTranscript> = {}) => {
    await gateway.arm({});
    await expectExactTranscript({ page, dialog, gateway: gateway.url, questions, exportApiKey: EXPORT_KEY, ...more });
  };
  return { dialog, ask, attempts, bodies, finish };
}

/**
 * Records each text the streaming bubble shows, so a test can prove that tokens which arrived
 * twice or out of order were never shown twice or out of order.
 */
async function recordStreaming(page: Page): Promise<() => Promise<string[]>> {
  await page.evaluate(() => {
    const root = document.querySelector('[data-agent-chat]')!.shadowRoot!;
    const seen: string[] = [];
    (window as unknown as { __streamed: string[] }).__streamed = seen;
    new MutationObserver(() => {
      const text = root.querySelector('[aria-busy="true"] .bubble')?.textContent?.replace(/\s+/g, ' ').trim();
      if (text && seen[seen.length - 1] !== text) seen.push(text);
    }).observe(root, { subtree: true, childList: true, characterData: true });
  });
  return () => page.evaluate(() => (window as unknown as { __streamed: string[] }).__streamed);
}

const HELLO = "Hello! I'm Aria, the demo agent behind this widget. Type buttons, carousel or handoff to see what I can show, or ask how to install me.";

/** Every text shown while streaming was the start of the final answer, and at least `least` were seen. */
async function expectStreamedInOrder(dialog: Locator, streamed: () => Promise<string[]>, least: number) {
  await expect(dialog.getByRole('log').getByText(HELLO)).toBeVisible({ timeout: 20_000 });
  const shown = await streamed();
  expect(shown.length, 'the answer streamed').toBeGreaterThanOrEqual(least);
  for (const text of shown) expect(HELLO.startsWith(text), `streamed "${text}"`).toBe(true);
}

test('the event stream cut mid-answer: the widget resumes after Last-Event-ID and the answer is whole, once', async ({ page, gateway }) => {
  const { dialog, ask, attempts, finish } = await begin(page, gateway);
  const streamed = await recordStreaming(page);
  // Late enough that the bubble has rendered (at most every 50 ms) before the cut, however loaded the machine.
  await gateway.arm({ cutAfterTokens: 12 });
  await ask('Hello there');
  await expect(dialog.getByRole('status', { name: 'Reconnecting…' })).toBeVisible();
  await expectStreamedInOrder(dialog, streamed, 1);
  await expect(dialog.getByRole('status', { name: 'Reconnecting…' })).toHaveCount(0);
  await finish(['Hello there']);
  expect(attempts()).toHaveLength(1);
});

test('every event twice, tokens out of order, and a reconnect that replays everything: shown and tracked once, in order', async ({ page, gateway }) => {
  const { dialog, ask, attempts, finish } = await begin(page, gateway);
  const streamed = await recordStreaming(page);
  await gateway.arm({ duplicateEvents: true, swapTokens: true, replayAll: true, cutAfterTokens: 16 });
  await ask('Hello there');
  await expectStreamedInOrder(dialog, streamed, 2);
  await ask('How much does it cost?');
  await expect(dialog.getByRole('log').getByText(/free and open source/)).toBeVisible({ timeout: 20_000 });
  await finish(['Hello there', 'How much does it cost?']);
  expect(attempts()).toHaveLength(2);
});

test('the Chat API answers 503 twice, then accepts: one message, sent three times with the same messageId', async ({ page, gateway }) => {
  const { dialog, ask, attempts, bodies, finish } = await begin(page, gateway);
  await gateway.arm({ failPosts: 2 });
  await ask('What does the tracking send?');
  await expect(dialog.getByRole('log').getByText(/Every exchange is reported to Pendo/)).toBeVisible({ timeout: 20_000 });
  await finish(['What does the tracking send?']);
  const [id] = attempts();
  expect(attempts()).toEqual([id, id, id]);
  const posts = bodies.filter((b) => b['messageId'] === id);
  expect(new Set(posts.map((b) => JSON.stringify(b))).size, 'retries repeat the body exactly').toBe(1);
});

test('the Chat API stores a message but its answer never comes: the retry after the timeout is the same message, once', async ({ page, gateway }) => {
  test.setTimeout(60_000);
  const { dialog, ask, attempts, finish } = await begin(page, gateway);
  await gateway.arm({ dropAnswers: 1 });
  await ask('How do I add the widget?');
  // The gateway has it: the echo and the answer come over the event stream while the post hangs.
  await expect(dialog.getByRole('log').getByText(/Adding agent-chat to a site takes one tag/)).toBeVisible({ timeout: 20_000 });
  // The widget gives up on the silent post after 15 s and sends it again, with the same messageId.
  await expect.poll(() => attempts().length, { timeout: 30_000 }).toBe(2);
  // The bot answers in order: once this answer is in, a second answer to the retry would be too.
  await ask('Hello again');
  await expect(dialog.getByRole('log').getByText(HELLO)).toBeVisible({ timeout: 20_000 });
  const [id, , next] = attempts();
  expect(attempts()).toEqual([id, id, next]);
  await finish(['How do I add the widget?', 'Hello again']);
});

test('offline for 10 s: the message waits as Sending…, then goes out once and is answered', async ({ page, gateway }) => {
  const { dialog, ask, attempts, finish } = await begin(page, gateway);
  const offlineAt = Date.now();
  await page.context().setOffline(true);
  await expect(dialog.getByRole('status', { name: "You're offline" })).toBeVisible();
  await ask('Hello there');
  const mine = messages(dialog).filter({ hasText: 'Hello there' });
  await expect(mine).toContainText('Sending…');
  // The fault lasts 10 s: long enough for any retry loop to show itself (none may run).
  await page.waitForTimeout(Math.max(0, offlineAt + 10_000 - Date.now()));
  await expect(mine).toContainText('Sending…');
  expect(attempts(), 'nothing is sent while offline').toHaveLength(0);
  await page.context().setOffline(false);
  await expect(dialog.getByRole('status', { name: "You're offline" })).toHaveCount(0);
  await expect(dialog.getByRole('log').getByText(HELLO)).toBeVisible({ timeout: 20_000 });
  await finish(['Hello there']);
  expect(attempts()).toHaveLength(1);
});

test('a reload while a message is pending: it goes out again with the same messageId and appears once', async ({ page, gateway }) => {
  const { dialog, ask, attempts, finish } = await begin(page, gateway);
  await gateway.arm({ holdPosts: 1 });
  await ask('Hello there');
  await expect(messages(dialog).filter({ hasText: 'Hello there' })).toContainText('Sending…');
  await expect.poll(() => attempts().length).toBe(1);
  const trackedBefore = await pendoCalls(page);
  await page.reload();
  const reopened = await openChat(page);
  await expect(reopened.getByRole('log').getByText(HELLO)).toBeVisible({ timeout: 20_000 });
  const [id] = attempts();
  expect(attempts()).toEqual([id, id]);
  // The bot answers in order: once this answer is in, a late answer to the held post would be too.
  await reopened.getByRole('textbox', { name: 'Message' }).fill('How much does it cost?');
  await reopened.getByRole('button', { name: 'Send' }).click();
  await expect(reopened.getByRole('log').getByText(/free and open source/)).toBeVisible({ timeout: 20_000 });
  await finish(['Hello there', 'How much does it cost?'], { dialog: reopened, trackedBefore });
});
