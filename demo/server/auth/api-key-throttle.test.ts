// Wrong owner keys (x-api-key) are throttled per client address.
import { afterEach, describe, expect, it } from 'vitest';
import { type TestGateway, startGateway } from '../testing/test-support';

let gw: TestGateway;
afterEach(async () => {
  await gw?.close();
});

const KEY = 'k'.repeat(40);
const exportFrom = (address: string, key: string) =>
  fetch(`${gw.url}/conversations/export/v1/conversations?start_time=0&end_time=100&bot_name=support-bot`, { headers: { 'x-api-key': key, 'X-Forwarded-For': address } });

describe('owner keys (x-api-key)', () => {
  it('throttles failed attempts per address: once over the budget, even the right key waits', async () => {
    gw = await startGateway({ exportApiKeys: [KEY], exportRate: { burst: 100, perMinute: 6000 }, limits: { trustProxyHops: 1, apiKeyFailures: { burst: 5, perMinute: 5 } } });
    const statuses = [];
    for (let i = 0; i < 5; i++) statuses.push((await exportFrom('198.51.100.1', `guess-${i}`)).status);
    expect(statuses).toEqual([401, 401, 401, 401, 401]);
    const throttled = await exportFrom('198.51.100.1', 'guess-6');
    expect(throttled.status).toBe(429);
    expect(Number(throttled.headers.get('retry-after'))).toBeGreaterThan(0);
    expect((await exportFrom('198.51.100.1', KEY)).status).toBe(429);
    expect((await fetch(`${gw.url}/api/analytics?start_time=0&end_time=100`, { headers: { 'x-api-key': KEY, 'X-Forwarded-For': '198.51.100.1' } })).status).toBe(429);
    expect((await exportFrom('198.51.100.2', KEY)).status).toBe(200);
  });
});
