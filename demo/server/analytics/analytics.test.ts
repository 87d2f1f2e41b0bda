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

function impression(body: Record<string, unknown>) {
  return fetch(`${gw.url}/api/track-interaction`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) })
    .then(async (r) => ({ status: r.status, body: (await r.json()) as Record<string, any> }));
}

const view = (conversationId: string, page: string, device: string) => ({
  conversation_id: conversationId, page_url: `https://shop.example${page}`, device, source: 'web', language: 'en-US', environment: 'production',
  metadata: { widget_loaded: true, referrer: '', user_agent: 'test' },
});

async function analytics(key = KEY) {
  const now = Math.floor(Date.now() / 1000);
  const response = await fetch(`${gw.url}/api/analytics?start_time=${now - 3600}&end_time=${now + 60}`, { headers: { 'x-api-key': key } });
  return { status: response.status, body: (await response.json()) as Record<string, any> };
}

describe('interaction analytics', () => {
  it('counts impressions, opens and engaged conversations exactly, with the rate and breakdowns', async () => {
    // 10 page views: 6 visitors see the widget once, 2 see it on two pages.
    const visitors = Array.from({ length: 8 }, () => randomUUID());
    const pages = ['/', '/', '/pricing', '/', '/pricing', '/docs', '/', '/docs'];
    const devices = ['desktop', 'mobile', 'desktop', 'tablet', 'mobile', 'desktop', 'desktop', 'mobile'];
    for (const [i, id] of visitors.entries()) expect((await impression(view(id, pages[i]!, devices[i]!))).status).toBe(200);
    await impression(view(visitors[0]!, '/pricing', 'desktop'));
    await impression(view(visitors[1]!, '/docs', 'mobile'));
    // 3 open the chat (startSession); 2 of them send a message.
    for (const id of visitors.slice(0, 3)) {
      const { body } = await chat(gw, { platformConversationId: id, eventType: 'startSession' });
      if (id !== visitors[2]) await chat(gw, { platformConversationId: id, eventType: 'message', text: 'hello' }, body['token']);
    }
    const { status, body } = await analytics();
    expect(status).toBe(200);
    expect(body).toMatchObject({ impressions: 10, opens: 3, engaged: 2, interactionRate: 20, abandoned: 8 });
    expect(body['byPage']).toEqual([
      { page: 'https://shop.example/', impressions: 4, engaged: 2, interactionRate: 50 },
      { page: 'https://shop.example/docs', impressions: 3, engaged: 0, interactionRate: 0 },
      { page: 'https://shop.example/pricing', impressions: 3, engaged: 0, interactionRate: 0 },
    ]);
    expect(body['byDevice']).toEqual([
      { device: 'desktop', impressions: 5, engaged: 1, interactionRate: 20 },
      { device: 'mobile', impressions: 4, engaged: 1, interactionRate: 25 },
      { device: 'tablet', impressions: 1, engaged: 0, interactionRate: 0 },
    ]);
    expect(body['byHour'].reduce((n: number, h: { impressions: number }) => n + h.impressions, 0)).toBe(10);
    expect(body['byHour'][0].hour).toMatch(/^\d{4}-\d\d-\d\dT\d\d:00:00\.000Z$/);
  });

  it('takes the client address from the connection, not the body', async () => {
    await impression({ ...view(randomUUID(), '/ip', 'desktop'), customer_ip_address: '6.6.6.6' });
    const db = new Database(join(gw.dataDir, 'agent-chat.db'), { readonly: true });
    const row = db.prepare("SELECT ip FROM impressions WHERE page_url = 'https://shop.example/ip'").get() as { ip: string };
    db.close();
    expect(row.ip).toBe('127.0.0.1');
  });

  it.each([
    [{ page_url: 'https://x.example/' }, /conversation_id must be a non-empty string/],
    [{ conversation_id: 'abc', page_url: 'https://x.example/' }, /conversation_id must be a UUID/],
    [{ conversation_id: randomUUID(), page_url: 'javascript:alert(1)' }, /page_url must be an http\(s\) URL/],
    [{ conversation_id: randomUUID(), page_url: 'https://x.example/', device: 'fridge' }, /device must be one of mobile, tablet, desktop/],
    [{ conversation_id: randomUUID(), page_url: 'https://x.example/', metadata: { nested: { a: 1 } } }, /metadata must be an object/],
  ])('refuses a bad impression %j with 400', async (body, message) => {
    const answer = await impression(body);
    expect(answer.status).toBe(400);
    expect(answer.body['error']['message']).toMatch(message);
  });

  it('needs an owner key', async () => {
    expect((await analytics('nope')).status).toBe(401);
  });
});
