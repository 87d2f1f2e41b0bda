// Issue 5 end to end: the exact trackAgent calls a conversation makes, in order and each once,
// across a reload, a dropped connection, a late or broken Pendo agent, and in server mode.
import { randomUUID } from 'node:crypto';
import { copyFileSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { type Locator, type Page, type Request, expect, test } from '@playwright/test';
import { pendoStandIn } from '../demo/server/testing/test-support';
import { EXPORT_API_KEY } from '../playwright.config';
import {
  type RecordedTrackCall, type StoredMessage, exported, messages, openChat, pendoCalls, recordChatApi, recordConsole,
  recordTexts, recordTrackEvents, savedSession, settled, storedMessages, type,
} from './support';
import { startGateway } from './gateway-process';

const AGENT = 'support-bot';
const COMMENT = 'It did not say which plan includes export';

/** The calls PROTOCOL §4 asks for, built from the ids the Chat API and the gateway used. */
function expectedCalls(conversationId: string) {
  const base = { agentId: AGENT, conversationId, agentFilesUploaded: [] };
  // A reaction repeats the models and tools of the response it rates.
  const answer = (m: StoredMessage) => ({ ...base, messageId: m.id, agentModelsUsed: m.agentMeta!.modelsUsed, toolsUsed: m.agentMeta!.toolsUsed, suggestedPrompt: false });
  return {
    prompt: (body: Record<string, unknown>, suggestedPrompt = false): RecordedTrackCall => ({
      eventType: 'prompt',
      agenticProperties: { ...base, messageId: body['messageId'], content: body['text'], agentModelsUsed: [], suggestedPrompt, toolsUsed: [] },
      properties: {},
    }),
    response: (m: StoredMessage, properties: Record<string, unknown> = { duration: expect.any(Number) }): RecordedTrackCall => ({
      eventType: 'agent_response',
      // A choices message's content is its text with the option titles appended.
      agenticProperties: { ...answer(m), content: [m.text, ...(m.options ?? [])].join('\n') },
      properties,
    }),
    reaction: (m: StoredMessage, content: 'positive' | 'negative' | 'unreact', comment?: string): RecordedTrackCall => ({
      eventType: 'user_reaction',
      agenticProperties: { ...answer(m), content, ...(comment && { agentUserReactionComments: [comment] }) },
      properties: {},
    }),
  };
}

/** The POSTs the page makes to one path, in the order it makes them. */
function recordPosts(page: Page, pathname: string): Request[] {
  const requests: Request[] = [];
  page.on('request', (request) => {
    if (request.method() === 'POST' && new URL(request.url()).pathname === pathname) requests.push(request);
  });
  return requests;
}



async function say(dialog: Locator, text: string, count: number) {
  await type(dialog, text);
  await settled(dialog, count);
}

function reactions(message: Locator) {
  return {
    helpful: message.getByRole('button', { name: 'Helpful', exact: true }),
    notHelpful: message.getByRole('button', { name: 'Not helpful', exact: true }),
    skip: message.getByRole('button', { name: 'Skip', exact: true }),
  };
}

/** Helpful (comment skipped), Helpful again (taken back), then Not helpful with a comment: three reaction changes. */
async function reactThenChangeMind(message: Locator) {
  const { helpful, notHelpful, skip } = reactions(message);
  await helpful.click();
  await expect(helpful).toHaveAttribute('aria-pressed', 'true');
  await skip.click();
  await helpful.click();
  await expect(helpful).toHaveAttribute('aria-pressed', 'false');
  await notHelpful.click();
  await expect(notHelpful).toHaveAttribute('aria-pressed', 'true');
  await message.getByRole('textbox', { name: 'What went wrong? (optional)' }).fill(COMMENT);
  await message.getByRole('button', { name: 'Send feedback' }).click();
  await expect(message.getByRole('status')).toHaveText('Thanks for your feedback');
}

/**
 * Lets the test cut the widget's live event stream as a dropped connection would: the body the
 * widget is reading fails with a network error and the request to the gateway is cancelled.
 */
async function sseCutter(page: Page): Promise<() => Promise<void>> {
  await page.addInitScript(() => {
    const w = window as unknown as { __cutSse?: () => void };
    const original = window.fetch;
    window.fetch = async (input, init) => {
      const response = await original(input, init);
      const url = new URL(input instanceof Request ? input.url : String(input), location.href);
      if (url.pathname !== '/eventrouter/v1/sse' || !response.body) return response;
      const reader = response.body.getReader();
      const body = new ReadableStream<Uint8Array>({
        start(controller) {
          w.__cutSse = () => {
            controller.error(new TypeError('network error'));
            void reader.cancel();
          };
        },
        async pull(controller) {
          const chunk = await reader.read().catch(() => ({ done: true as const, value: undefined }));
          try {
            if (chunk.done) controller.close();
            else controller.enqueue(chunk.value);
          } catch {
            // already cut
          }
        },
        cancel: (reason) => reader.cancel(reason),
      });
      return new Response(body, { status: response.status, statusText: response.statusText, headers: response.headers });
    };
  });
  return () => page.evaluate(() => (window as unknown as { __cutSse: () => void }).__cutSse());
}

const messageBodies = (bodies: Record<string, unknown>[]) => bodies.filter((b) => b['eventType'] === 'message');

test('a full conversation makes exactly the expected trackAgent calls, mirrored as track events; the gateway keeps the reaction', async ({ page }) => {
  const bodies = recordChatApi(page);
  const trackEvents = await recordTrackEvents(page);
  const reactionPosts = recordPosts(page, '/api/reactions');
  const warnings = recordConsole(page);
  await page.goto('/');
  const dialog = await openChat(page);
  const log = dialog.getByRole('log');
  await settled(dialog, 1);

  const streamed = await recordTexts(page, 'li[aria-busy="true"]');
  await type(dialog, 'How much does it cost?');
  await settled(dialog, 3);
  expect((await streamed()).length).toBeGreaterThan(1); // the answer streamed, token by token
  await say(dialog, 'buttons', 5);
  await log.getByRole('button', { name: 'Yes, thanks' }).click();
  await settled(dialog, 7);
  await reactThenChangeMind(messages(dialog).nth(6));

  const { conversationId, token } = await savedSession(page);
  const stored = await storedMessages(token, 7);
  expect(stored.map((m) => m.role)).toEqual(['Chatbot', 'EndUser', 'Chatbot', 'EndUser', 'Chatbot', 'EndUser', 'Chatbot']);
  const [welcome, , price, , choices, , noted] = stored as [StoredMessage, ...StoredMessage[]];
  const prompts = messageBodies(bodies);
  expect(prompts.map((b) => b['text'])).toEqual(['How much does it cost?', 'buttons', 'Yes, thanks']);
  // The prompt's messageId is the visitor message's id everywhere (the gateway's echo too).
  expect(prompts.map((b) => b['messageId'])).toEqual([stored[1]!.id, stored[3]!.id, stored[5]!.id]);

  const call = expectedCalls(conversationId);
  const expected = [
    call.response(welcome),
    call.prompt(prompts[0]!),
    call.response(price!),
    call.prompt(prompts[1]!),
    call.response(choices!),
    call.prompt(prompts[2]!, true),
    call.response(noted!),
    call.reaction(noted!, 'positive'),
    call.reaction(noted!, 'unreact'),
    call.reaction(noted!, 'negative', COMMENT),
  ];
  await expect.poll(() => pendoCalls(page)).toHaveLength(expected.length);
  const calls = await pendoCalls(page);
  expect(calls).toEqual(expected);
  for (const response of calls.filter((c) => c.eventType === 'agent_response')) expect(response.properties['duration']).toBeGreaterThan(0);
  // Every call is also the widget's `track` event, with the same payload.
  expect(await trackEvents()).toEqual(calls);

  // Each reaction change reached the gateway (recorded, not forwarded), each with its own key.
  expect(reactionPosts.map((r) => r.postDataJSON())).toEqual(expected.slice(7));
  expect(new Set(reactionPosts.map((r) => r.headers()['idempotency-key'])).size).toBe(3);
  for (const post of reactionPosts) expect((await post.response())?.status()).toBe(202);
  // The gateway keeps the visitor's last word: the export tags the conversation negativeFeedback only.
  const tags = async () => (await exported('conversations', {})).find((c) => c['_id'] === conversationId)?.['tags'];
  await expect.poll(tags).toEqual(['negativeFeedback']);
  expect(warnings).toEqual([]);
});

test('a reload mid-conversation replays the transcript and the pressed reaction and tracks nothing twice; later calls come once', async ({ page }) => {
  const bodies = recordChatApi(page);
  const trackEvents = await recordTrackEvents(page);
  const cut = await sseCutter(page);
  await page.goto('/');
  let dialog = await openChat(page);
  await settled(dialog, 1);
  await say(dialog, 'How do I add the widget?', 3);
  await reactions(messages(dialog).nth(2)).helpful.click();
  await reactions(messages(dialog).nth(2)).skip.click();
  // The long answer is in flight when the page reloads, and the old page never hears it end: the
  // stream is cut and held off until the new page has loaded. It becomes final (and tracked) after.
  await type(dialog, 'long answer');
  const streaming = dialog.getByRole('log').locator('[aria-busy="true"]');
  await expect(streaming).toBeVisible();
  await page.route('**/eventrouter/v1/sse', (route) => route.abort('internetdisconnected'));
  await cut();
  const { token } = await savedSession(page);
  await expect.poll(async () => (await storedMessages(token, 5)).length).toBe(5);
  await expect(streaming).toBeVisible();
  expect((await pendoCalls(page)).map((c) => c.eventType)).toEqual(['agent_response', 'prompt', 'agent_response', 'user_reaction', 'prompt']);
  const transcriptBefore = await messages(dialog).nth(2).innerText();

  await page.reload();
  await page.unroute('**/eventrouter/v1/sse');
  dialog = await openChat(page);
  await settled(dialog, 5);
  await expect.poll(() => messages(dialog).nth(2).innerText()).toBe(transcriptBefore);
  await expect(reactions(messages(dialog).nth(2)).helpful).toHaveAttribute('aria-pressed', 'true');
  await expect(reactions(messages(dialog).nth(2)).notHelpful).toHaveAttribute('aria-pressed', 'false');
  await say(dialog, 'How much does it cost?', 7);
  await reactions(messages(dialog).nth(2)).notHelpful.click();
  await reactions(messages(dialog).nth(2)).skip.click();

  const { conversationId } = await savedSession(page);
  const stored = await storedMessages(token, 7);
  expect(stored.map((m) => m.role)).toEqual(['Chatbot', 'EndUser', 'Chatbot', 'EndUser', 'Chatbot', 'EndUser', 'Chatbot']);
  expect(bodies.map((b) => b['eventType'])).toEqual(['startSession', 'message', 'message', 'message']); // no second welcome
  const call = expectedCalls(conversationId);
  // After the reload: nothing replayed is tracked again; the long answer once (its duration runs
  // from when its prompt left, before the reload), then the new exchange and the changed reaction.
  const expected = [call.response(stored[4]!), call.prompt(messageBodies(bodies)[2]!), call.response(stored[6]!), call.reaction(stored[2]!, 'negative')];
  await expect.poll(() => pendoCalls(page)).toHaveLength(expected.length);
  expect(await pendoCalls(page)).toEqual(expected);
  expect(await trackEvents()).toEqual(expected);
});

test('the SSE connection dropped mid-answer and resumed: the answer arrives by replay, nothing shown or tracked twice', async ({ page }) => {
  const bodies = recordChatApi(page);
  const streams: Request[] = [];
  page.on('request', (request) => new URL(request.url()).pathname === '/eventrouter/v1/sse' && streams.push(request));
  const cut = await sseCutter(page);
  await page.goto('/');
  const dialog = await openChat(page);
  const streaming = dialog.getByRole('log').locator('[aria-busy="true"]');
  await settled(dialog, 1);
  await say(dialog, 'Hello!', 3);
  await type(dialog, 'long answer'); // streams for about 3 s
  await expect(streaming).toBeVisible();

  // Offline, the connection cut mid-answer: the answer is finished and stored while the page cannot hear.
  await page.context().setOffline(true);
  await cut();
  // The browser is offline: the widget says so and waits for it to come back rather than retrying.
  const offline = dialog.getByRole('status', { name: "You're offline" });
  await expect(offline).toBeVisible();
  const { conversationId, token } = await savedSession(page);
  await expect.poll(async () => (await storedMessages(token, 5)).length).toBe(5);
  await expect(streaming).toBeVisible(); // still the cut-off stream: the final message has not reached the page
  await page.context().setOffline(false);
  await expect(offline).toHaveCount(0, { timeout: 20_000 });
  await settled(dialog, 5);
  await say(dialog, 'How much does it cost?', 7);

  // It resumed after the last event it had, rather than starting over.
  expect(streams.length).toBeGreaterThanOrEqual(2);
  expect(streams.at(-1)!.headers()['last-event-id']).toMatch(/^\d+$/);
  const stored = await storedMessages(token, 7);
  const mine = (await messages(dialog).allInnerTexts()).filter((text) => text.startsWith('You'));
  expect(mine.map((text) => text.split('\n')[1])).toEqual(['Hello!', 'long answer', 'How much does it cost?']);
  const prompts = messageBodies(bodies);
  const call = expectedCalls(conversationId);
  const expected = [
    call.response(stored[0]!), call.prompt(prompts[0]!), call.response(stored[2]!),
    call.prompt(prompts[1]!), call.response(stored[4]!), call.prompt(prompts[2]!), call.response(stored[6]!),
  ];
  await expect.poll(() => pendoCalls(page)).toHaveLength(expected.length);
  expect(await pendoCalls(page)).toEqual(expected);
});

test('Pendo loaded 3 s after the widget: the calls made before it existed arrive in order, then new ones follow', async ({ page }) => {
  const bodies = recordChatApi(page);
  const trackEvents = await recordTrackEvents(page);
  // Pendo's snippet leaves a stub without trackAgent until its agent loads (the demo page's
  // stand-in stays out, as for a real Pendo).
  await page.addInitScript(() => {
    const w = window as unknown as { pendo: object; AgentChat(...args: unknown[]): void; __readyAt: number };
    w.pendo = { _q: [] };
    w.AgentChat('on', 'ready', () => (w.__readyAt = performance.now()));
  });
  await page.goto('/');
  const dialog = await openChat(page);
  await settled(dialog, 1);
  await say(dialog, 'Hello!', 3);
  await expect.poll(async () => (await trackEvents()).length).toBe(3);
  expect(await pendoCalls(page)).toEqual([]);

  await page.waitForFunction(() => performance.now() - (window as unknown as { __readyAt: number }).__readyAt >= 3000);
  await page.evaluate(() => {
    const pendo = (window as unknown as { pendo: { calls: unknown[]; trackAgent?: (...args: unknown[]) => void } }).pendo;
    pendo.calls = [];
    pendo.trackAgent = (eventType, agenticProperties, properties) => pendo.calls.push(structuredClone({ eventType, agenticProperties, properties }));
  });
  const { conversationId, token } = await savedSession(page);
  const call = expectedCalls(conversationId);
  let stored = await storedMessages(token, 3);
  const queued = [call.response(stored[0]!), call.prompt(messageBodies(bodies)[0]!), call.response(stored[2]!)];
  await expect.poll(() => pendoCalls(page)).toEqual(queued);

  await say(dialog, 'How much does it cost?', 5);
  stored = await storedMessages(token, 5);
  const expected = [...queued, call.prompt(messageBodies(bodies)[1]!), call.response(stored[4]!)];
  await expect.poll(() => pendoCalls(page)).toEqual(expected);
  expect(await trackEvents()).toEqual(expected);
});

test('a throwing trackAgent costs one console warning and never breaks the chat', async ({ page }) => {
  const warnings = recordConsole(page);
  const errors: Error[] = [];
  page.on('pageerror', (error) => errors.push(error));
  const trackEvents = await recordTrackEvents(page);
  await page.addInitScript(() => {
    const pendo = { attempts: 0, trackAgent: () => { pendo.attempts++; throw new Error('pendo is broken'); } };
    (window as unknown as { pendo: typeof pendo }).pendo = pendo;
  });
  await page.goto('/');
  const dialog = await openChat(page);
  await settled(dialog, 1);
  await say(dialog, 'Hello!', 3);
  await say(dialog, 'buttons', 5);
  await dialog.getByRole('log').getByRole('button', { name: 'Yes, thanks' }).click();
  await settled(dialog, 7);
  await reactions(messages(dialog).nth(6)).helpful.click();
  await expect(reactions(messages(dialog).nth(6)).helpful).toHaveAttribute('aria-pressed', 'true');
  await reactions(messages(dialog).nth(6)).skip.click();
  await expect(messages(dialog).nth(5).getByText('Read')).toBeVisible();

  // Every call was still attempted and emitted; the visitor saw nothing wrong.
  const attempts = () => page.evaluate(() => (window as unknown as { pendo: { attempts: number } }).pendo.attempts);
  await expect.poll(attempts).toBe(8);
  expect((await trackEvents()).map((c) => c.eventType)).toEqual([
    'agent_response', 'prompt', 'agent_response', 'prompt', 'agent_response', 'prompt', 'agent_response', 'user_reaction',
  ]);
  expect(warnings).toEqual([{ type: 'warning', text: expect.stringContaining('trackAgent threw') }]);
  expect(errors).toEqual([]);
});

test.describe('server mode', () => {
  const GATEWAY_PORT = 7351;
  const PENDO_PORT = 7350;
  const gatewayURL = `http://127.0.0.1:${GATEWAY_PORT}`;
  const DATA = '.tmp/e2e-track-server-data';
  const STATIC = '.tmp/e2e-track-server-static';
  const SECRET = `pendo-secret-${randomUUID()}`;

  /** A customer's page under the gateway's own CSP: the queued-call snippet in an external script. */
  function writePage() {
    rmSync(STATIC, { recursive: true, force: true });
    mkdirSync(`${STATIC}/demo`, { recursive: true });
    // The script tag and the modules it imports from beside itself.
    for (const file of readdirSync('dist').filter((name) => /^agent-chat.*\.js$/.test(name))) copyFileSync(`dist/${file}`, `${STATIC}/${file}`);
    writeFileSync(`${STATIC}/demo/index.html`, `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Server mode</title>
<script src="/setup.js"></script><script src="/agent-chat.js" async></script></head><body><h1>Server mode</h1></body></html>`);
    writeFileSync(`${STATIC}/demo/setup.js`, `
// A Pendo agent on the page, which server mode must leave alone.
window.pendo = { calls: [], trackAgent: function (eventType, agenticProperties, properties) { window.pendo.calls.push({ eventType: eventType, agenticProperties: agenticProperties, properties: properties }); } };
window.__trackEvents = [];
window.AgentChat = window.AgentChat || function () { (AgentChat.q = AgentChat.q || []).push(arguments); };
AgentChat('init', { apiBase: '/', agentId: '${AGENT}', title: 'Northwind Support', tracking: { pendo: 'server' } });
AgentChat('on', 'track', function (call) { window.__trackEvents.push(JSON.parse(JSON.stringify(call))); });
`);
  }

  /** The raw text of the conversation's SSE replay, read until `until` appears in it. */
  async function sseText(token: string, until: string): Promise<string> {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), 10_000);
    let text = '';
    try {
      const response = await fetch(`${gatewayURL}/eventrouter/v1/sse`, { headers: { Authorization: `Bearer ${token}` }, signal: controller.signal });
      const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
      while (!text.includes(until)) {
        const chunk = await reader.read();
        if (chunk.done) break;
        text += chunk.value;
      }
    } finally {
      clearTimeout(timer);
      controller.abort();
    }
    return text;
  }

  test('calls go through the gateway to Pendo with the shared secret, in order; window.pendo is never called; the page never sees the secret', async ({ page }) => {
    test.setTimeout(60_000);
    writePage();
    rmSync(DATA, { recursive: true, force: true });
    const pendo = await pendoStandIn(0, PENDO_PORT);
    const gateway = await startGateway(GATEWAY_PORT, DATA, {
      STATIC_DIR: STATIC, DEMO_BOT_TOKEN_MS: '15', EXPORT_API_KEYS: EXPORT_API_KEY, PENDO_TRACK_URL: pendo.url, PENDO_SHARED_SECRET: SECRET,
    });
    try {
      const bodies = recordChatApi(page);
      const trackPosts = recordPosts(page, '/api/track-agent');
      const reactionPosts = recordPosts(page, '/api/reactions');
      // Everything the page receives: headers always, bodies except the never-ending event stream.
      const received: Promise<string>[] = [];
      page.on('response', (response) => received.push((async () => {
        const headers = await response.allHeaders();
        const body = headers['content-type']?.startsWith('text/event-stream') ? '' : await response.text().catch(() => '');
        return `${response.url()}\n${JSON.stringify(headers)}\n${body}`;
      })()));

      const trackEvents = () => page.evaluate(() => (window as unknown as { __trackEvents: RecordedTrackCall[] }).__trackEvents);
      // The prompt's first post is slow and then fails: it is retried, and the answer's call,
      // made meanwhile, must not overtake it.
      let failed = false;
      await page.route('**/api/track-agent', async (route) => {
        if (failed || route.request().postDataJSON()['eventType'] !== 'prompt') return route.continue();
        failed = true;
        await page.waitForFunction(() => (window as unknown as { __trackEvents: unknown[] }).__trackEvents.length >= 3);
        return route.fulfill({ status: 503, contentType: 'application/json', body: '{"error":{"code":"unavailable","message":"Try again."}}' });
      });

      await page.goto(`${gatewayURL}/`);
      const dialog = await openChat(page);
      await settled(dialog, 1);
      await say(dialog, 'How much does it cost?', 3);
      await reactThenChangeMind(messages(dialog).nth(2));

      const { conversationId, token } = await savedSession(page);
      const stored = await storedMessages(token, 3, gatewayURL);
      const call = expectedCalls(conversationId);
      const expected = [
        call.response(stored[0]!), call.prompt(messageBodies(bodies)[0]!), call.response(stored[2]!),
        call.reaction(stored[2]!, 'positive'), call.reaction(stored[2]!, 'unreact'), call.reaction(stored[2]!, 'negative', COMMENT),
      ];
      await expect.poll(trackEvents).toEqual(expected);
      // Posted in order, the failed prompt again (the same body) before anything after it.
      await expect.poll(() => trackPosts.length).toBe(expected.length + 1);
      expect(trackPosts.map((r) => r.postDataJSON())).toEqual([expected[0], expected[1], ...expected.slice(1)]);
      expect(await Promise.all(trackPosts.map(async (r) => (await r.response())?.status()))).toEqual([202, 503, ...expected.slice(1).map(() => 202)]);
      expect(reactionPosts).toEqual([]); // the track-agent call records the reaction itself

      // Pendo's endpoint got the same events, in order, each with the secret.
      await expect.poll(() => pendo.calls.length).toBe(expected.length);
      expect(pendo.calls.map(({ body: { timestamp: _, ...call } }) => call)).toEqual(expected);
      expect(pendo.calls.map((c) => c.headers['x-pendo-integration-key'])).toEqual(expected.map(() => SECRET));
      expect(await pendoCalls(page)).toEqual([]);
      const tags = async () => (await exported('conversations', {}, gatewayURL)).find((c) => c['_id'] === conversationId)?.['tags'];
      await expect.poll(tags).toEqual(['negativeFeedback']);

      // The secret reached no response, no stream, and nothing the page holds.
      const everything = [
        ...(await Promise.all(received)),
        await sseText(token, stored[2]!.id),
        await page.content(),
        await page.evaluate(() => JSON.stringify({ ...localStorage }) + JSON.stringify({ ...sessionStorage }) + document.cookie),
      ].join('\n');
      expect(everything).toContain(conversationId); // the record is real…
      expect(everything).not.toContain(SECRET); // …and holds no secret
    } finally {
      gateway.kill('SIGTERM');
      await pendo.close();
    }
  });
});
