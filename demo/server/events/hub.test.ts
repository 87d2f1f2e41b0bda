// One suite, two hubs: in-process, and Redis Streams (where a second instance is a second hub).
import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, inject, it } from 'vitest';
import type { Hub, HubEvent } from './hub';
import { createMemoryHub } from './memory-hub';
import { createRedisHub } from './redis-hub';

const redis = new Redis(inject('redisUrl'));
const hubs: Hub[] = [];
afterAll(async () => {
  await Promise.all(hubs.map((hub) => hub.close()));
  await redis.quit();
});

const until = async (check: () => boolean) => {
  for (let i = 0; i < 200 && !check(); i++) await new Promise((r) => setTimeout(r, 10));
};

const kinds: { name: string; pair(): Promise<[Hub, Hub]> }[] = [
  { name: 'in process', async pair() { const hub = createMemoryHub(); return [hub, hub]; } },
  {
    name: 'Redis Streams, two instances',
    async pair() {
      const pair = await Promise.all([createRedisHub(redis), createRedisHub(redis.duplicate())]);
      hubs.push(...pair);
      return pair;
    },
  },
];

describe.each(kinds)('hub ($name)', ({ pair }) => {
  it('delivers what one instance publishes to subscribers on the other, in order, from subscription on', async () => {
    const [a, b] = await pair();
    const conversation = randomUUID();
    await a.publish(conversation, { id: 1, name: 'before', data: 'x' });
    const seen: HubEvent[] = [];
    const unsubscribe = await b.subscribe(conversation, (event) => seen.push(event));
    await a.publish(conversation, { id: 2, name: 'durable', data: 'd' });
    await a.publish(conversation, { name: 'typing', data: 't', after: 2 });
    await a.publish(randomUUID(), { id: 1, name: 'elsewhere', data: '' });
    await until(() => seen.length >= 2);
    expect(seen).toEqual([{ id: 2, name: 'durable', data: 'd' }, { name: 'typing', data: 't' }]);
    unsubscribe();
    await a.publish(conversation, { id: 3, name: 'after unsubscribe', data: '' });
    await new Promise((r) => setTimeout(r, 50));
    expect(seen).toHaveLength(2);
  });

  it('keeps recent ephemeral events, with the durable id each came after', async () => {
    const [a, b] = await pair();
    const conversation = randomUUID();
    await a.publish(conversation, { name: 'token', data: '1', after: 4 });
    await a.publish(conversation, { id: 5, name: 'message', data: 'm' });
    await a.publish(conversation, { name: 'token', data: '2', after: 5 });
    expect(await b.ephemeralSince(conversation, 5)).toEqual([{ name: 'token', data: '2', after: 5 }]);
    expect((await b.ephemeralSince(conversation, 0)).map((e) => e.data)).toEqual(['1', '2']);
  });
});
