// One client address cannot hold every event stream.
import { afterEach, describe, expect, it } from 'vitest';
import { type TestGateway, startConversation, startGateway } from '../testing/test-support';

let gw: TestGateway;
afterEach(async () => {
  await gw?.close();
});

/** Opens an event stream and leaves it open until `close`. */
async function openStream(token: string) {
  const controller = new AbortController();
  const response = await fetch(`${gw.url}/eventrouter/v1/sse`, { headers: { Authorization: `Bearer ${token}` }, signal: controller.signal });
  return { status: response.status, close: () => controller.abort() };
}

describe('open event streams per client address', () => {
  it('refuses a stream over the per-address cap with 503 and Retry-After, and takes one again once a stream closes', async () => {
    gw = await startGateway({ limits: { maxStreamsPerAddress: 2 } });
    const streams = [];
    for (let i = 0; i < 2; i++) streams.push(await openStream((await startConversation(gw)).token));
    const third = await startConversation(gw);
    const refused = await fetch(`${gw.url}/eventrouter/v1/sse`, { headers: { Authorization: `Bearer ${third.token}` } });
    expect(refused.status).toBe(503);
    expect(refused.headers.get('retry-after')).toBe('5');
    expect(((await refused.json()) as { error: { message: string } }).error.message).toMatch(/Too many open event streams from this address/);
    expect(streams.map((s) => s.status)).toEqual([200, 200]);
    streams[0]!.close();
    await new Promise((r) => setTimeout(r, 100));
    const again = await openStream(third.token);
    expect(again.status).toBe(200);
    again.close();
    streams[1]!.close();
  });
});
