// Two gateway instances on one PostgreSQL and one Redis, as behind a load balancer: what one
// instance is told, the other's SSE connections see, and a resume on either continues exactly.
import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Hub } from './events/hub';
import { createPostgresStore } from './store/postgres/postgres-store';
import { createRedisHub } from './events/redis-hub';
import { createRedisKeyedQueue } from './limits/redis-keyed-queue';
import { createRedisRateLimiter } from './limits/redis-rate-limit';
import { createTestDatabase } from './testing/test-database';
import { type TestGateway, chat, payloadOf, readSse, startGateway } from './testing/test-support';

let a: TestGateway;
let b: TestGateway;
const redisClients: Redis[] = [];
const hubs: Hub[] = [];

async function instance(databaseUrl: string): Promise<TestGateway> {
  const redis = new Redis(inject('redisUrl'));
  const hub = await createRedisHub(redis);
  redisClients.push(redis);
  hubs.push(hub);
  return startGateway({
    store: await createPostgresStore({ connectionString: databaseUrl, poolSize: 4 }),
    hub,
    limiter: (name, rate) => createRedisRateLimiter(redis, name, rate, Date.now),
    limits: { perConversation: { burst: 8, perMinute: 1 } },
    queue: createRedisKeyedQueue(redis),
  });
}

beforeAll(async () => {
  const databaseUrl = await createTestDatabase(inject('postgresUrl'));
  [a, b] = await Promise.all([instance(databaseUrl), instance(databaseUrl)]);
});
afterAll(async () => {
  await Promise.all([a.close(), b.close()]);
  await Promise.all(hubs.map((hub) => hub.close()));
  await Promise.all(redisClients.map((redis) => redis.quit()));
});

const messageTexts = (events: { event?: string; data: string }[]) =>
  events.filter((e) => e.event === 'CONVERSATION_MESSAGE').map((e) => payloadOf(e).abstractMessage.staticContent?.text ?? payloadOf(e).abstractMessage.choices?.text);

describe('two instances on PostgreSQL and Redis', () => {
  it('streams on B what A was sent, live, and resumes on A from B\'s last id without loss or repeat', async () => {
    const id = randomUUID();
    const { body } = await chat(a, { platformConversationId: id, eventType: 'startSession' });
    const token = body['token'] as string;
    // B is subscribed before A is sent the question: the answer reaches B live, through Redis.
    const onB = readSse(b, token, (events) => messageTexts(events).length >= 3, undefined, 10_000);
    await new Promise((r) => setTimeout(r, 200));
    expect((await chat(a, { platformConversationId: id, eventType: 'message', text: 'How much does it cost?', messageId: randomUUID() }, token)).status).toBe(200);
    const first = await onB;
    expect(messageTexts(first.events).slice(0, 2)).toEqual([expect.stringContaining('Aria'), 'How much does it cost?']);
    expect(first.events.some((e) => e.event === 'CONVERSATION_TYPING_STARTED_INDICATOR')).toBe(true); // ephemeral, across instances

    const lastOnB = first.events.filter((e) => e.id !== undefined).at(-1)!.id!;
    await chat(b, { platformConversationId: id, eventType: 'message', text: 'How much does it cost?', messageId: randomUUID() }, token);
    // Resumed on A: the second question's echo, then its answer.
    const rest = await readSse(a, token, (events) => messageTexts(events).slice(messageTexts(events).indexOf('How much does it cost?')).length >= 2, lastOnB, 10_000);
    const ids = [...first.events, ...rest.events].flatMap((e) => (e.id === undefined ? [] : [Number(e.id)]));
    expect(ids).toEqual(Array.from({ length: ids.length }, (_, i) => i + 1)); // 1, 2, 3…: gap-free, once each
    const all = await readSse(b, token, (events) => events.filter((e) => e.id).length >= ids.length, undefined, 5000);
    expect(all.events.filter((e) => e.id).map((e) => e.data)).toEqual([...first.events, ...rest.events].filter((e) => e.id).map((e) => e.data));
  });

  it('hands a message that reached both instances at once (a retry racing its original) to the bot once', async () => {
    const id = randomUUID();
    const { body } = await chat(a, { platformConversationId: id, eventType: 'startSession' });
    const token = body['token'] as string;
    const message = { platformConversationId: id, eventType: 'message', text: 'How much does it cost?', messageId: randomUUID() };
    const answers = await Promise.all([chat(a, message, token), chat(b, message, token)]);
    expect(answers.map((answer) => answer.status)).toEqual([200, 200]);
    // Welcome, the question once, one answer: a second hand-over would have made a second answer.
    const { events } = await readSse(b, token, (seen) => messageTexts(seen).length >= 3, undefined, 10_000);
    await new Promise((r) => setTimeout(r, 300));
    const after = await readSse(a, token, (seen) => messageTexts(seen).length >= messageTexts(events).length, undefined, 5000);
    // (The demo bot's welcome is sent after startSession answers, so it may come after the question.)
    const texts = messageTexts(after.events);
    expect(texts).toHaveLength(3);
    expect(texts).toEqual(expect.arrayContaining([expect.stringContaining("I'm **Aria**"), 'How much does it cost?', expect.stringContaining('free and open source')]));
  });

  it('shares one conversation\'s rate limit between the instances', async () => {
    const id = randomUUID();
    const { body } = await chat(a, { platformConversationId: id, eventType: 'metadata', metadata: [] });
    const token = body['token'] as string;
    const statuses: number[] = [];
    for (let i = 0; i < 8; i++) statuses.push((await chat(i % 2 ? a : b, { platformConversationId: id, eventType: 'metadata', metadata: [] }, token)).status);
    expect(statuses).toEqual([200, 200, 200, 200, 200, 200, 200, 429]); // 8 in all, whichever instance
    const limited = await chat(a, { platformConversationId: id, eventType: 'metadata', metadata: [] }, token);
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
  });
});
