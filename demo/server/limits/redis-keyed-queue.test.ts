import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { createRedisKeyedQueue } from './redis-keyed-queue';

const redis = new Redis(inject('redisUrl'));
afterAll(() => redis.quit());

const later = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('createRedisKeyedQueue', () => {
  it('never runs two tasks of one conversation at once, even on two instances', async () => {
    const [a, b] = [createRedisKeyedQueue(redis), createRedisKeyedQueue(redis)];
    const key = randomUUID();
    let running = 0;
    let most = 0;
    const task = (name: string) => async () => {
      most = Math.max(most, ++running);
      await later(30);
      running--;
      return name;
    };
    const results = await Promise.all([a.run(key, task('a1')), b.run(key, task('b1')), a.run(key, task('a2')), b.run(key, task('b2'))]);
    expect(results.sort()).toEqual(['a1', 'a2', 'b1', 'b2']);
    expect(most).toBe(1);
    // Other conversations are not held up.
    const started = Date.now();
    const holding = a.run(key, () => later(150));
    await b.run(randomUUID(), async () => undefined);
    expect(Date.now() - started).toBeLessThan(100);
    await holding;
  });

  it('releases the lock when a task fails, and a waiter gives up with 503 rather than waiting forever', async () => {
    const [a, b] = [createRedisKeyedQueue(redis, { waitMs: 100 }), createRedisKeyedQueue(redis, { waitMs: 100 })];
    const key = randomUUID();
    await expect(a.run(key, async () => Promise.reject(new Error('bot down')))).rejects.toThrow('bot down');
    expect(await b.run(key, async () => 'next')).toBe('next');
    const holding = a.run(key, () => later(400));
    await later(20);
    await expect(b.run(key, async () => 'too late')).rejects.toMatchObject({ status: 503, code: 'conversation_busy' });
    await holding;
  });
});
