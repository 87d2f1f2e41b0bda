// Several tabs of one browser on one conversation (PROTOCOL §4: exactly once across every tab).
// One tab holds the event stream and tracks what it brings; the others get its events over a
// BroadcastChannel, render everything and can send. Tabs are pages of one browser context, so they
// share localStorage, Web Locks and BroadcastChannel as a visitor's tabs do.
import { type BrowserContext, type Locator, type Page, expect, test } from '@playwright/test';
import { type RecordedTrackCall, messages, openChat, savedSession, settled, storedMessages, type } from './support';

interface Recorded {
  /** trackAgent calls, summed over every tab (closed ones included), in the order they were made. */
  pendo: RecordedTrackCall[];
  /** The widget's `track` events, likewise. */
  track: RecordedTrackCall[];
  /** Requests to the event stream, over every tab. */
  sse: number;
}

/** Records, for every tab of the context, what Pendo got, what the page heard and each SSE request. */
async function recordTabs(context: BrowserContext): Promise<Recorded> {
  const recorded: Recorded = { pendo: [], track: [], sse: 0 };
  const plain = ({ eventType, agenticProperties, properties }: RecordedTrackCall) => ({ eventType, agenticProperties, properties });
  await context.exposeBinding('__recordPendo', (_, call: RecordedTrackCall) => void recorded.pendo.push(plain(call)));
  await context.exposeBinding('__recordTrack', (_, call: RecordedTrackCall) => void recorded.track.push(plain(call)));
  await context.addInitScript(() => {
    const w = window as unknown as Record<string, (...args: unknown[]) => void> & { AgentChat?: ((...args: unknown[]) => void) & { q?: unknown[] } };
    addEventListener('pendo-stand-in:call', (event) => w['__recordPendo']!((event as CustomEvent).detail));
    w.AgentChat = w.AgentChat || function (...args: unknown[]) { (w.AgentChat!.q = w.AgentChat!.q || []).push(args); };
    w.AgentChat('on', 'track', (call: unknown) => w['__recordTrack']!(JSON.parse(JSON.stringify(call))));
  });
  context.on('request', (request) => void (new URL(request.url()).pathname === '/eventrouter/v1/sse' && recorded.sse++));
  return recorded;
}

/** Each (event type, message id) tracked, with how many times. */
function counted(calls: RecordedTrackCall[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const call of calls) {
    const key = `${call.eventType} ${String(call.agenticProperties['messageId'])}`;
    counts[key] = (counts[key] ?? 0) + 1;
  }
  return counts;
}

/** What exactly-once means for the stored conversation: each visitor message one prompt, each answer one agent_response. */
async function onceEach(page: Page, count: number): Promise<Record<string, number>> {
  const { token } = await savedSession(page);
  const stored = await storedMessages(token, count);
  expect(stored).toHaveLength(count);
  return Object.fromEntries(stored.map((m) => [`${m.role === 'EndUser' ? 'prompt' : 'agent_response'} ${m.id}`, 1]));
}

/** Each transcript entry's text, without the receipt under the visitor's latest message (only its sender shows it). */
function transcript(dialog: Locator): Promise<string[]> {
  return messages(dialog).evaluateAll((items) => items.map((item) => {
    const copy = item.cloneNode(true) as Element;
    copy.querySelectorAll('.note').forEach((note) => note.remove());
    return copy.textContent ?? '';
  }));
}



/** `after-token`: let through what the stream brings up to its first streamed token, then hold. */
type Hold = boolean | 'after-token';

/**
 * Lets the test hold back what a tab's event stream brings, as a slow network would (it arrives
 * in full once released), so another tab surely opens, or the leading tab surely closes, while a
 * reply is still streaming, however slowly a loaded machine runs the test.
 */
async function holdableStream(page: Page) {
  await page.addInitScript(() => {
    const w = window as unknown as { __holdSse?: (hold: Hold) => void };
    const original = window.fetch;
    let held: (() => void)[] | null = null;
    let afterToken = false;
    w.__holdSse = (hold) => {
      const waiting = held ?? [];
      held = hold === true ? [] : null;
      afterToken = hold === 'after-token';
      for (const release of waiting) release();
    };
    window.fetch = async (input, init) => {
      const response = await original(input, init);
      const url = new URL(input instanceof Request ? input.url : String(input), location.href);
      if (url.pathname !== '/eventrouter/v1/sse' || !response.body) return response;
      const decoder = new TextDecoder();
      const gate = new TransformStream<Uint8Array, Uint8Array>({
        async transform(chunk, controller) {
          if (held) await new Promise<void>((resolve) => held!.push(resolve));
          controller.enqueue(chunk);
          if (afterToken && decoder.decode(chunk, { stream: true }).includes('CONVERSATION_STREAMING_TOKEN')) w.__holdSse!(true);
        },
      });
      return new Response(response.body.pipeThrough(gate), { status: response.status, statusText: response.statusText, headers: response.headers });
    };
  });
  return (hold: Hold) => page.evaluate((hold) => (window as unknown as { __holdSse: (hold: Hold) => void }).__holdSse(hold), hold);
}

/** A tab of the demo page with its chat open; `count` entries expected in its transcript. */
async function tab(context: BrowserContext, count: number, prepare?: (page: Page) => Promise<unknown>): Promise<{ page: Page; dialog: Locator }> {
  const page = await context.newPage();
  await prepare?.(page);
  await page.goto('/');
  const dialog = await openChat(page);
  await settled(dialog, count);
  return { page, dialog };
}

test('two tabs: each answer is tracked once over both, each prompt once by the tab that sent it, and both show everything', async ({ context }) => {
  const recorded = await recordTabs(context);
  const a = await tab(context, 1);
  await type(a.dialog, 'Hello!');
  await settled(a.dialog, 3);
  const b = await tab(context, 3);
  await type(a.dialog, 'How much does it cost?');
  await settled(a.dialog, 5);
  await settled(b.dialog, 5);
  await type(b.dialog, 'buttons'); // a prompt from the tab that does not hold the stream
  await settled(b.dialog, 7);
  await settled(a.dialog, 7);
  expect(await transcript(a.dialog)).toEqual(await transcript(b.dialog));

  const expected = await onceEach(a.page, 7);
  await expect.poll(() => counted(recorded.pendo)).toEqual(expected);
  await expect.poll(() => counted(recorded.track)).toEqual(expected);
  expect(recorded.track).toEqual(recorded.pendo);
  expect(recorded.sse).toBe(1);
});

test('three tabs: one SSE connection; closing the leading tab mid-stream hands over, the reply completes and is tracked once', async ({ context }) => {
  const recorded = await recordTabs(context);
  let hold: (hold: Hold) => Promise<void> = async () => {};
  const a = await tab(context, 1, async (page) => (hold = await holdableStream(page)));
  await type(a.dialog, 'Hello!');
  await settled(a.dialog, 3);
  const b = await tab(context, 3);
  const c = await tab(context, 3);
  expect(recorded.sse).toBe(1); // three tabs, one event stream

  await hold('after-token'); // from the reply's first token on, the leading tab gets nothing more
  await type(b.dialog, 'long answer');
  const streaming = (dialog: Locator) => dialog.getByRole('log').locator('[aria-busy="true"]');
  await expect(streaming(c.dialog)).toBeVisible();
  await expect(streaming(b.dialog)).toBeVisible();
  await a.page.close(); // the tab holding the stream goes, mid-reply
  await settled(b.dialog, 5);
  await settled(c.dialog, 5);
  expect(recorded.sse).toBe(2); // one of the others took the stream over
  const expected = await onceEach(b.page, 5);
  await expect.poll(() => counted(recorded.pendo)).toEqual(expected);
  await expect.poll(() => counted(recorded.track)).toEqual(expected);
  expect(await transcript(c.dialog)).toEqual(await transcript(b.dialog));

  // Later answers still come once, through whichever tab holds the stream now.
  await type(c.dialog, 'How much does it cost?');
  await settled(c.dialog, 7);
  await settled(b.dialog, 7);
  const more = await onceEach(c.page, 7);
  await expect.poll(() => counted(recorded.pendo)).toEqual(more);
  await expect.poll(() => counted(recorded.track)).toEqual(more);
});

test('a tab opened mid-stream shows the conversation and the reply as it streams; the reply is tracked once', async ({ context }) => {
  const recorded = await recordTabs(context);
  let hold: (hold: Hold) => Promise<void> = async () => {};
  const a = await tab(context, 1, async (page) => (hold = await holdableStream(page)));
  await hold('after-token'); // the rest of the reply stays on its way until released
  await type(a.dialog, 'long answer');
  await expect(a.dialog.getByRole('log').locator('[aria-busy="true"]')).toBeVisible();
  const page = await context.newPage();
  await page.goto('/');
  const dialog = await openChat(page);
  await expect(messages(dialog)).toHaveCount(3); // the welcome, the question and the reply so far
  await expect(dialog.getByRole('log').locator('[aria-busy="true"]')).toBeVisible(); // still streaming here too
  await hold(false);
  await settled(dialog, 3);
  await settled(a.dialog, 3);
  expect(await transcript(dialog)).toEqual(await transcript(a.dialog));
  const expected = await onceEach(page, 3);
  await expect.poll(() => counted(recorded.pendo)).toEqual(expected);
  await expect.poll(() => counted(recorded.track)).toEqual(expected);
  expect(recorded.sse).toBe(1);
});
