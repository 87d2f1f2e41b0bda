import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { clientIp } from './headers';
import { type TestGateway, chat, startGateway } from '../testing/test-support';

const request = (forwarded: string | undefined, remoteAddress = '10.0.0.2') =>
  ({ headers: forwarded === undefined ? {} : { 'x-forwarded-for': forwarded }, socket: { remoteAddress } }) as unknown as IncomingMessage;

describe('the client address behind proxies', () => {
  it('takes the address the outermost trusted proxy appended, never what the client wrote', () => {
    // client -> CDN -> load balancer -> gateway: the CDN appends the client, the balancer the CDN.
    expect(clientIp(request('198.51.100.9, 203.0.113.7'), 2)).toBe('198.51.100.9');
    expect(clientIp(request('6.6.6.6, 198.51.100.9, 203.0.113.7'), 2)).toBe('198.51.100.9');
    expect(clientIp(request('6.6.6.6, 198.51.100.9'), 1)).toBe('198.51.100.9');
    expect(clientIp(request('6.6.6.6,198.51.100.9 ,  '), 1)).toBe('198.51.100.9');
  });

  it('uses the connection without trusted hops, or without the header', () => {
    expect(clientIp(request('6.6.6.6'), 0)).toBe('10.0.0.2');
    expect(clientIp(request(undefined), 1)).toBe('10.0.0.2');
    expect(clientIp(request(''), 1)).toBe('10.0.0.2');
  });

  it('with fewer entries than trusted hops, takes the furthest one there is', () => {
    expect(clientIp(request('198.51.100.9'), 2)).toBe('198.51.100.9');
  });
});

let gw: TestGateway;
afterEach(() => gw?.close());

describe('rate limits behind a proxy', () => {
  it('charges the address the proxy saw: a forged left-most entry buys no new budget, another client has its own', async () => {
    gw = await startGateway({ limits: { perIp: { burst: 2, perMinute: 2 }, trustProxyHops: 1 } });
    const from = (forwarded: string) => chat(gw, { platformConversationId: randomUUID(), eventType: 'startSession' }, undefined, 'application/json', { 'X-Forwarded-For': forwarded });
    const statuses = [];
    for (let i = 0; i < 4; i++) statuses.push((await from(`10.9.9.${i}, 198.51.100.9`)).status);
    expect(statuses).toEqual([200, 200, 429, 429]);
    expect((await from('198.51.100.10')).status).toBe(200);
  });
});
