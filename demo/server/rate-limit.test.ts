import { describe, expect, it } from 'vitest';
import { createRateLimiter } from './rate-limit';

describe('createRateLimiter', async () => {
  it('allows a burst, then one request per interval, and says when to retry', async () => {
    let now = 0;
    const limiter = createRateLimiter({ burst: 3, perMinute: 6, clock: () => now });
    for (let i = 0; i < 3; i++) expect((await limiter.take('ip')).ok).toBe(true);
    expect(await limiter.take('ip')).toEqual({ ok: false, retryAfterSeconds: 10 });
    now += 9_000;
    expect(await limiter.take('ip')).toEqual({ ok: false, retryAfterSeconds: 1 });
    now += 1_000;
    expect((await limiter.take('ip')).ok).toBe(true);
    expect((await limiter.take('other')).ok).toBe(true); // keys are independent
  });

  it('keeps at most maxKeys buckets', async () => {
    let now = 0;
    const limiter = createRateLimiter({ burst: 1, perMinute: 1, clock: () => now, maxKeys: 2 });
    await limiter.take('a');
    await limiter.take('b');
    await limiter.take('c'); // forgets a
    expect((await limiter.take('a')).ok).toBe(true);
    expect((await limiter.take('c')).ok).toBe(false);
  });
});
