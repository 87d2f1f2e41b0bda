import { describe, expect, it } from 'vitest';
import { createRateLimiter } from './rate-limit';

describe('createRateLimiter', () => {
  it('allows a burst, then one request per interval, and says when to retry', () => {
    let now = 0;
    const limiter = createRateLimiter({ burst: 3, perMinute: 6, clock: () => now });
    expect([1, 2, 3].map(() => limiter.take('ip').ok)).toEqual([true, true, true]);
    expect(limiter.take('ip')).toEqual({ ok: false, retryAfterSeconds: 10 });
    now += 9_000;
    expect(limiter.take('ip')).toEqual({ ok: false, retryAfterSeconds: 1 });
    now += 1_000;
    expect(limiter.take('ip').ok).toBe(true);
    expect(limiter.take('other').ok).toBe(true); // keys are independent
  });

  it('keeps at most maxKeys buckets', () => {
    let now = 0;
    const limiter = createRateLimiter({ burst: 1, perMinute: 1, clock: () => now, maxKeys: 2 });
    limiter.take('a');
    limiter.take('b');
    limiter.take('c'); // forgets a
    expect(limiter.take('a').ok).toBe(true);
    expect(limiter.take('c').ok).toBe(false);
  });
});
