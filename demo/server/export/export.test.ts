import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type SeededConversation, seedConversations } from '../testing/seed';
import { randomUUID } from 'node:crypto';
import { type TestGateway, chat, startGateway } from '../testing/test-support';

const KEY = 'export-key-1';
const START = Date.UTC(2025, 0, 1) / 1000; // the window, in seconds
const END = START + 86_400;

let gw: TestGateway;
let seeded: SeededConversation[];

beforeAll(async () => {
  gw = await startGateway({ exportApiKeys: ['other-key', KEY], exportRate: { burst: 10_000, perMinute: 600_000 } });
  seeded = await seedConversations(gw.store, { count: 3000, botName: 'support-bot', start: START * 1000, spanMs: 86_400_000, seed: 7 });
  await seedConversations(gw.store, { count: 200, botName: 'other-bot', start: START * 1000, spanMs: 86_400_000, seed: 8 });
}, 60_000);
afterAll(() => gw.close());

async function get(what: string, params: Record<string, string | number>, key = KEY) {
  const query = new URLSearchParams(Object.entries(params).map(([k, v]) => [k, String(v)]));
  const response = await fetch(`${gw.url}/conversations/export/v1/${what}?${query}`, { headers: key ? { 'x-api-key': key } : {} });
  return { status: response.status, headers: response.headers, body: (await response.json()) as { data: Record<string, any>[]; cursor: string | null; error?: { code: string; message: string } } };
}

/** Follows cursors to the end; `between` runs after each page (a concurrent writer). */
async function all(what: string, params: Record<string, string | number>, between: () => Promise<void> | void = () => {}) {
  const records: Record<string, any>[] = [];
  let cursor: string | null = null;
  let pages = 0;
  do {
    const { status, body } = await get(what, { ...params, ...(cursor && { cursor }) });
    expect(status).toBe(200);
    records.push(...body.data);
    cursor = body.cursor;
    pages++;
    await between();
  } while (cursor);
  return { records, pages };
}

const window = { start_time: START, end_time: END, bot_name: 'support-bot' };

describe('Export API', () => {
  it('returns every conversation in the window exactly once, in time order, across cursors', async () => {
    const { records, pages } = await all('conversations', { ...window, per_page: 250 });
    expect(pages).toBe(12);
    const expected = [...seeded].sort((a, b) => a.createdAt - b.createdAt || a.id.localeCompare(b.id)).map((c) => c.id);
    expect(records.map((r) => r['_id'])).toEqual(expected);
  });

  it('returns every message exactly once, in time order, and filters by conversation', async () => {
    const { records } = await all('messages', { ...window, per_page: 1000 });
    const ids = records.map((r) => r['_id']);
    expect(new Set(ids).size).toBe(ids.length);
    const inWindow = seeded.flatMap((c) => c.messageIds.map((id, k) => ({ id, time: c.createdAt + k * 1000 }))).filter((m) => m.time < END * 1000);
    expect(ids.length).toBe(inWindow.length);
    const times = records.map((r) => r['time'] as number);
    expect(times).toEqual([...times].sort((a, b) => a - b));
    const one = seeded.find((c) => c.escalated)!;
    const mine = await get('messages', { ...window, conversation_id: one.id, per_page: 50 });
    expect(mine.body.data.map((r) => r['_id'])).toEqual(one.messageIds);
  });

  it('shapes records as PROTOCOL §6 says', async () => {
    const escalated = seeded.find((c) => c.escalated && c.closed)!;
    const messages = await get('messages', { ...window, conversation_id: escalated.id });
    expect(messages.body.data.map((r) => r['type'])).toEqual(['BotMessage', 'UserInput', 'Question', 'UserInput', 'AgentMessage']);
    expect(messages.body.data[1]).toMatchObject({ userInput: expect.stringMatching(/^Question \d+$/), userActionType: 'text' });
    expect(messages.body.data[2]).toMatchObject({ outMsg: { steps: [{ text: 'Did that help?' }], options: [{ txt: 'Yes' }, { txt: 'No' }] } });
    expect(messages.body.data[3]).toMatchObject({ userInput: 'Yes', userActionType: 'button' });
    expect(messages.body.data[4]).toMatchObject({ outMsg: { steps: [{ text: 'Hi, I am Alex.' }] } });
    expect(messages.body.data[0]!['time']).toBe(escalated.createdAt / 1000);

    const { records } = await all('conversations', { ...window, per_page: 1000 });
    const record = records.find((r) => r['_id'] === escalated.id)!;
    expect(record).toEqual({
      _id: escalated.id,
      startTime: Math.floor(escalated.createdAt / 1000),
      lastActionAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
      locale: 'en',
      tags: ['escalated', 'closed'],
      userMessageCount: 2,
      metadata: {
        locale: 'en', page_url: expect.any(String), question: expect.stringMatching(/^Question \d+$/),
        transcript: expect.stringMatching(/^Bot:\tWelcome!\nUser:\tQuestion \d+\nBot:\tDid that help\?\nYes\nNo\nUser:\tYes\nAgent:\tHi, I am Alex\.$/),
      },
    });
  });

  it("writes the conversation's locale as seed 004 does (en_us), with the page_url of its first impression and the device of its first request", async () => {
    const phone = 'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36';
    const [seen, unseen] = [randomUUID(), randomUUID()];
    const impression = (page: string) => fetch(`${gw.url}/api/track-interaction`, {
      method: 'POST', headers: { 'Content-Type': 'application/json', 'User-Agent': phone },
      body: JSON.stringify({ conversation_id: seen, page_url: `https://shop.example${page}`, language: 'en-US', metadata: { widget_loaded: true } }),
    });
    expect((await impression('/pricing')).status).toBe(200);
    await impression('/checkout'); // a later page view of the same conversation
    for (const id of [seen, unseen]) {
      const started = await chat(gw, { platformConversationId: id, eventType: 'startSession', metadata: [{ key: 'locale', value: 'en-US' }, { key: 'plan', value: 'pro' }] }, undefined, 'application/json', { 'User-Agent': phone });
      await chat(gw, { platformConversationId: id, eventType: 'message', text: 'hello' }, started.body['token'], 'application/json', { 'User-Agent': 'Desktop/1.0' });
    }
    await new Promise((r) => setTimeout(r, 5));
    const now = Math.floor(Date.now() / 1000);
    const { records } = await all('conversations', { start_time: now - 60, end_time: now + 60, bot_name: 'support-bot', per_page: 1000 });
    const record = (id: string) => records.find((r) => r['_id'] === id)!;
    expect(record(seen)).toMatchObject({
      locale: 'en_us',
      metadata: { locale: 'en_us', plan: 'pro', page_url: 'https://shop.example/pricing', device: 'mobile', question: 'hello' },
    });
    // A page that sends no impression: the device still comes from the conversation's first request.
    expect(record(unseen)['locale']).toBe('en_us');
    expect(record(unseen)['metadata']).toEqual({ locale: 'en_us', plan: 'pro', device: 'mobile', question: 'hello', transcript: expect.stringContaining('User:\thello') });
  });

  it('keeps to the window and the bot', async () => {
    const half = await all('conversations', { start_time: START, end_time: START + 43_200, bot_name: 'support-bot', per_page: 1000 });
    expect(half.records.map((r) => r['_id']).sort()).toEqual(seeded.filter((c) => c.createdAt < (START + 43_200) * 1000).map((c) => c.id).sort());
    const other = await all('conversations', { ...window, bot_name: 'other-bot', per_page: 1000 });
    expect(other.records).toHaveLength(200);
    expect((await get('conversations', { ...window, bot_name: 'nobody' })).body).toEqual({ data: [], cursor: null });
  });

  it('exports exactly the records that existed when it began, while a writer adds more', async () => {
    let written = 0;
    const writer = async () => {
      // New conversations are written now, inside a window that reaches into the future.
      await seedConversations(gw.store, { count: 20, botName: 'support-bot', start: Date.now(), spanMs: 1, seed: 100 + written });
      written++;
    };
    const before = await all('conversations', { start_time: START, end_time: Math.floor(Date.now() / 1000) + 3600, bot_name: 'support-bot', per_page: 500 });
    const during = await all('conversations', { start_time: START, end_time: Math.floor(Date.now() / 1000) + 3600, bot_name: 'support-bot', per_page: 500 }, writer);
    expect(written).toBeGreaterThan(3);
    expect(during.records.map((r) => r['_id'])).toEqual(before.records.map((r) => r['_id']));
    // The next export picks them up, once each.
    await new Promise((r) => setTimeout(r, 5));
    const after = await all('conversations', { start_time: START, end_time: Math.floor(Date.now() / 1000) + 3600, bot_name: 'support-bot', per_page: 500 });
    expect(after.records).toHaveLength(before.records.length + written * 20);
    expect(new Set(after.records.map((r) => r['_id'])).size).toBe(after.records.length);
  });

  it.each([
    [{ end_time: END, bot_name: 'b' }, /start_time is required/],
    [{ ...window, end_time: 'yesterday' }, /end_time must be a Unix time in whole seconds; got "yesterday"/],
    [{ ...window, end_time: START }, /end_time must be after start_time/],
    [{ start_time: START, end_time: END }, /bot_name is required/],
    [{ ...window, per_page: 0 }, /per_page must be an integer from 1 to 1000; got "0"/],
    [{ ...window, per_page: 1001 }, /per_page must be an integer from 1 to 1000/],
    [{ ...window, cursor: 'not-a-cursor' }, /cursor is not one this API returned/],
    [{ ...window, conversation_id: 'x' }, /conversation_id filters messages only/],
  ])('answers 400 naming the parameter for %j', async (params, message) => {
    const { status, body } = await get('conversations', params as Record<string, string | number>);
    expect(status).toBe(400);
    expect(body.error!.message).toMatch(message);
  });

  it('answers 401 for a missing or wrong key', async () => {
    expect((await get('conversations', window, '')).status).toBe(401);
    expect((await get('conversations', window, 'export-key-2')).body.error).toEqual({ code: 'unauthorized', message: 'The x-api-key header is missing or not a valid key.' });
  });
});

describe('Export API rate limit', () => {
  it('allows 3 requests per second per endpoint per key, then 429 with Retry-After', async () => {
    const limited = await startGateway({ exportApiKeys: [KEY] });
    try {
      const hit = (what: string) => fetch(`${limited.url}/conversations/export/v1/${what}?start_time=1&end_time=2&bot_name=b`, { headers: { 'x-api-key': KEY } });
      const statuses = [];
      for (let i = 0; i < 4; i++) statuses.push((await hit('conversations')).status);
      expect(statuses).toEqual([200, 200, 200, 429]);
      expect((await hit('conversations')).headers.get('retry-after')).toBe('1');
      expect((await hit('messages')).status).toBe(200); // another endpoint, its own budget
      const off = await startGateway();
      expect((await fetch(`${off.url}/conversations/export/v1/messages?start_time=1&end_time=2&bot_name=b`, { headers: { 'x-api-key': KEY } })).status).toBe(401);
      await off.close();
    } finally {
      await limited.close();
    }
  });
});
