import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { type TestGateway, chat, startGateway } from '../testing/test-support';

let gw: TestGateway;
afterEach(() => gw.close());

const start = () => ({ platformConversationId: randomUUID(), eventType: 'startSession' });

describe('gateway limits', () => {
  it('answers 429 with Retry-After when one address sends too fast', async () => {
    gw = await startGateway({ limits: { perIp: { burst: 3, perMinute: 6 } } });
    const statuses = [];
    for (let i = 0; i < 3; i++) statuses.push((await chat(gw, start())).status);
    const refused = await chat(gw, start());
    expect(statuses).toEqual([200, 200, 200]);
    expect(refused.status).toBe(429);
    expect(refused.headers.get('retry-after')).toBe('10');
    expect(refused.body).toEqual({ error: { code: 'rate_limited', message: 'Too many requests from this address; retry in 10 s.' } });
  });

  it('answers 429 when one conversation sends too fast, leaving others alone', async () => {
    gw = await startGateway({ limits: { perConversation: { burst: 2, perMinute: 2 } } });
    const first = start();
    const { body } = await chat(gw, first);
    const token = body['token'] as string;
    const message = { platformConversationId: first.platformConversationId, eventType: 'message', text: 'hi' };
    expect((await chat(gw, message, token)).status).toBe(200);
    expect((await chat(gw, message, token)).status).toBe(429);
    expect((await chat(gw, start())).status).toBe(200);
  });

  it('serves only the allowed origins, with CORS headers for them', async () => {
    gw = await startGateway({ limits: { allowedOrigins: ['https://shop.example'] } });
    const allowed = await chat(gw, start(), undefined, 'application/json', { Origin: 'https://shop.example' });
    expect(allowed.status).toBe(200);
    expect(allowed.headers.get('access-control-allow-origin')).toBe('https://shop.example');
    const refused = await chat(gw, start(), undefined, 'application/json', { Origin: 'https://evil.example' });
    expect(refused).toMatchObject({ status: 403, body: { error: { code: 'origin_not_allowed' } } });
    expect(refused.headers.get('access-control-allow-origin')).toBeNull();
    const preflight = await fetch(`${gw.url}/converse/chat`, {
      method: 'OPTIONS',
      headers: { Origin: 'https://shop.example', 'Access-Control-Request-Method': 'POST', 'Access-Control-Request-Headers': 'authorization,content-type' },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-headers')).toBe('Content-Type, Authorization, Last-Event-ID, X-File-Name');
    expect((await chat(gw, start())).status).toBe(200); // no Origin: not a browser cross-origin call
  });

  it('caps open event streams per conversation with a retryable 503', async () => {
    gw = await startGateway({ limits: { maxStreamsPerConversation: 1 } });
    const { body } = await chat(gw, start());
    const open = (token: string) => fetch(`${gw.url}/eventrouter/v1/sse`, { headers: { Authorization: `Bearer ${token}` } });
    const first = await open(body['token'] as string);
    expect(first.status).toBe(200);
    const second = await open(body['token'] as string);
    expect(second.status).toBe(503);
    expect(second.headers.get('retry-after')).toBe('5');
    await first.body!.cancel();
    await new Promise((r) => setTimeout(r, 50));
    const third = await open(body['token'] as string);
    expect(third.status).toBe(200);
    await third.body!.cancel();
  });

  it('sends security headers', async () => {
    gw = await startGateway();
    const response = await chat(gw, start());
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('referrer-policy')).toBe('strict-origin-when-cross-origin');
  });
});
