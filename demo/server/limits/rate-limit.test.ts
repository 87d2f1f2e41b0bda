import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { type Rate, type RateLimiter, createRateLimiter } from './rate-limit';
import { createRedisRateLimiter } from './redis-rate-limit';

const redis = new Redis(inject('redisUrl'));
afterAll(() => redis.quit());

// One suite, two implementations: in-process buckets, and buckets in Redis shared by instances.
const implementations: { name: string; make(rate: Rate, clock: () => number): RateLimiter }[] = [
  { name: 'in process', make: (rate, clock) => createRateLimiter({ ...rate, clock }) },
  { name: 'Redis', make: (rate, clock) => createRedisRateLimiter(redis, randomUUID(), rate, clock) },
];

describe.each(implementations)('rate limiter ($name)', ({ make }) => {
  it('allows a burst, then one request per interval, and says when to retry', async () => {
    let now = 0;
    const limiter = make({ burst: 3, perMinute: 6 }, () => now);
    for (let i = 0; i < 3; i++) expect((await limiter.take('ip')).ok).toBe(true);
    expect(await limiter.take('ip')).toEqual({ ok: false, retryAfterSeconds: 10 });
    now += 9_000;
    expect(await limiter.take('ip')).toEqual({ ok: false, retryAfterSeconds: 1 });
    now += 1_000;
    expect((await limiter.take('ip')).ok).toBe(true);
    expect((await limiter.take('other')).ok).toBe(true); // keys are independent
  });
});

describe('Redis rate limiter across instances', () => {
  it('draws two instances from one bucket', async () => {
    const name = randomUUID();
    const clock = () => 1_000_000;
    const [a, b] = [createRedisRateLimiter(redis, name, { burst: 2, perMinute: 60 }, clock), createRedisRateLimiter(redis, name, { burst: 2, perMinute: 60 }, clock)];
    expect([(await a.take('ip')).ok, (await b.take('ip')).ok, (await a.take('ip')).ok, (await b.take('ip')).ok]).toEqual([true, true, false, false]);
  });
});

describe('in-process rate limiter', () => {
  it('keeps at most maxKeys buckets', async () => {
    const now = 0;
    const limiter = createRateLimiter({ burst: 1, perMinute: 1, clock: () => now, maxKeys: 2 });
    await limiter.take('a');
    await limiter.take('b');
    await limiter.take('c'); // forgets a
    expect((await limiter.take('a')).ok).toBe(true);
    expect((await limiter.take('c')).ok).toBe(false);
  });
});
