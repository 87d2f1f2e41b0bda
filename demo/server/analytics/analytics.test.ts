import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestGateway, chat, startGateway } from '../testing/test-support';

const KEY = 'owner-key';
let gw: TestGateway;
beforeAll(async () => {
  gw = await startGateway({ exportApiKeys: [KEY] });
});
afterAll(() => gw.close());

function impression(body: Record<string, unknown>, userAgent = DESKTOP) {
  return fetch(`${gw.url}/api/track-interaction`, { method: 'POST', headers: { 'Content-Type': 'application/json', 'User-Agent': userAgent }, body: JSON.stringify(body) })
    .then(async (r) => ({ status: r.status, body: (await r.json()) as Record<string, any> }));
}

// Real browsers' User-Agent strings: seed 002 classes them by the words "Mobile" and "Tablet".
const DESKTOP = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36';
const MOBILE = 'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36';
const TABLET = 'Mozilla/5.0 (Android 14; Tablet; rv:133.0) Gecko/133.0 Firefox/133.0';

const view = (conversationId: string, page: string) => ({
  conversation_id: conversationId, page_url: `https://shop.example${page}`, source: 'web', language: 'en-US', environment: 'production',
  metadata: { widget_loaded: true, referrer: '', user_agent: 'test', page_url: `https://shop.example${page}` },
});

async function analytics(key = KEY) {
  const now = Math.floor(Date.now() / 1000);
  const response = await fetch(`${gw.url}/api/analytics?start_time=${now - 3600}&end_time=${now + 60}`, { headers: { 'x-api-key': key } });
  return { status: response.status, body: (await response.json()) as Record<string, any> };
}

describe('interaction analytics', () => {
  it('counts conversations by conversation_id: 3 initialized on 5 page views, 1 used, is a 33.3 % interaction rate, in every breakdown too', async () => {
    const [used, opened, seen, unseen] = Array.from({ length: 4 }, () => randomUUID());
    // The one who chats comes back for a second page; the one who opens the chat also reloads it.
    expect((await impression(view(used!, '/'), DESKTOP)).status).toBe(200);
    await impression(view(used!, '/pricing'), DESKTOP);
    await impression(view(opened!, '/'), MOBILE);
    await impression(view(opened!, '/'), MOBILE);
    await impression(view(seen!, '/docs'), TABLET);
    for (const id of [used!, opened!, unseen!]) {
      const { body } = await chat(gw, { platformConversationId: id, eventType: 'startSession' });
      if (id !== opened) await chat(gw, { platformConversationId: id, eventType: 'message', text: 'hello' }, body['token']);
    }
    // A conversation without an impression (its page sends none) is not part of the interaction figures.
    const { status, body } = await analytics();
    expect(status).toBe(200);
    expect(body).toMatchObject({ pageViews: 5, initialized: 3, opens: 3, engaged: 1, interactionRate: 33.3, abandoned: 2 });
    expect(body['byPage']).toEqual([
      { page: 'https://shop.example/', pageViews: 3, initialized: 2, engaged: 1, interactionRate: 50, abandoned: 1 },
      { page: 'https://shop.example/docs', pageViews: 1, initialized: 1, engaged: 0, interactionRate: 0, abandoned: 1 },
      // Seen again on this page, but initialized on another: a page view and nothing else.
      { page: 'https://shop.example/pricing', pageViews: 1, initialized: 0, engaged: 0, interactionRate: 0, abandoned: 0 },
    ]);
    expect(body['byDevice']).toEqual([
      { device: 'desktop', pageViews: 2, initialized: 1, engaged: 1, interactionRate: 100, abandoned: 0 },
      { device: 'mobile', pageViews: 2, initialized: 1, engaged: 0, interactionRate: 0, abandoned: 1 },
      { device: 'tablet', pageViews: 1, initialized: 1, engaged: 0, interactionRate: 0, abandoned: 1 },
    ]);
    const hours = body['byHour'] as { hour: string; pageViews: number; initialized: number; engaged: number; interactionRate: number }[];
    expect(hours.reduce((n, h) => n + h.pageViews, 0)).toBe(5);
    expect(hours.reduce((n, h) => n + h.initialized, 0)).toBe(3);
    expect(hours.reduce((n, h) => n + h.engaged, 0)).toBe(1);
    for (const h of hours) expect(h.interactionRate).toBe(h.initialized ? Math.round((h.engaged / h.initialized) * 1000) / 10 : 0);
    expect(hours[0]!.hour).toMatch(/^\d{4}-\d\d-\d\dT\d\d:00:00\.000Z$/);
  });

  it('derives the device from the User-Agent as seed 002 does, whatever the body says', async () => {
    const page = `/device-${randomUUID()}`;
    const agents = [DESKTOP, MOBILE, TABLET, 'Mozilla/5.0 (iPad; CPU OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1', ''];
    for (const agent of agents) await impression({ ...view(randomUUID(), page), device: 'tablet' }, agent);
    const db = new Database(join(gw.dataDir, 'agent-chat.db'), { readonly: true });
    const rows = db.prepare('SELECT device FROM impressions WHERE page_url = ? ORDER BY id').all(`https://shop.example${page}`) as { device: string }[];
    db.close();
    // An iPad says "Mobile" in its User-Agent, so the seed's rule counts it as mobile.
    expect(rows.map((r) => r.device)).toEqual(['desktop', 'mobile', 'tablet', 'mobile', 'desktop']);
  });

  it('takes the client address from the connection, not the body', async () => {
    await impression({ ...view(randomUUID(), '/ip'), customer_ip_address: '6.6.6.6' });
    const db = new Database(join(gw.dataDir, 'agent-chat.db'), { readonly: true });
    const row = db.prepare("SELECT ip FROM impressions WHERE page_url = 'https://shop.example/ip'").get() as { ip: string };
    db.close();
    expect(row.ip).toBe('127.0.0.1');
  });

  it.each([
    [{ page_url: 'https://x.example/' }, /conversation_id must be a non-empty string/],
    [{ conversation_id: 'abc', page_url: 'https://x.example/' }, /conversation_id must be a UUID/],
    [{ conversation_id: randomUUID(), page_url: 'javascript:alert(1)' }, /page_url must be an http\(s\) URL/],
    [{ conversation_id: randomUUID(), page_url: 'https://x.example/', metadata: { nested: { a: 1 } } }, /metadata must be an object/],
  ])('refuses a bad impression %j with 400', async (body, message) => {
    const answer = await impression(body);
    expect(answer.status).toBe(400);
    expect(answer.body['error']['message']).toMatch(message);
  });

  it('tells the dashboard whether it can be read and how to get a key, without an owner key', async () => {
    const status = async (url: string) => (await fetch(`${url}/api/analytics/status`)).json();
    expect(await status(gw.url)).toEqual({ enabled: true, help: "Enter one of the keys in the gateway's EXPORT_API_KEYS." });
    const keyless = await startGateway();
    try {
      expect(await status(keyless.url)).toEqual({ enabled: false, help: expect.stringContaining('Set EXPORT_API_KEYS (for example EXPORT_API_KEYS=my-key npm start)') });
    } finally {
      await keyless.close();
    }
  });

  it('needs an owner key', async () => {
    expect((await analytics('nope')).status).toBe(401);
  });
});
