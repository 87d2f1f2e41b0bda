import { HttpError } from '../http/errors';

// Token buckets per key (an IP, a conversation): a burst, then a steady rate. Memory is bounded:
// past `maxKeys`, the least recently used bucket is forgotten (it refills to full anyway).
export type RateVerdict = { ok: true } | { ok: false; retryAfterSeconds: number };

export interface RateLimiter {
  /** Takes one token; when none is left, says how many seconds until one is. */
  take(key: string): Promise<RateVerdict>;
}

/** A burst, then a steady rate. */
export interface Rate {
  burst: number;
  perMinute: number;
}

export interface RateLimitOptions extends Rate {
  clock: () => number;
  maxKeys?: number;
}

export function createRateLimiter({ burst, perMinute, clock, maxKeys = 50_000 }: RateLimitOptions): RateLimiter {
  const buckets = new Map<string, { tokens: number; at: number }>();
  const perMs = perMinute / 60_000;
  return {
    async take(key) {
      const now = clock();
      const bucket = buckets.get(key) ?? { tokens: burst, at: now };
      buckets.delete(key); // re-inserted last: Map order is recency
      bucket.tokens = Math.min(burst, bucket.tokens + (now - bucket.at) * perMs);
      bucket.at = now;
      buckets.set(key, bucket);
      if (buckets.size > maxKeys) buckets.delete(buckets.keys().next().value!);
      if (bucket.tokens >= 1) {
        bucket.tokens -= 1;
        return { ok: true };
      }
      return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil((1 - bucket.tokens) / perMs / 1000)) };
    },
  };
}

/** Takes a token or throws 429 with Retry-After; `message` says what was too fast, given the wait. */
export async function takeOrThrow(limiter: RateLimiter, key: string, message: (retryAfterSeconds: number) => string): Promise<void> {
  const verdict = await limiter.take(key);
  if (!verdict.ok) {
    throw new HttpError(429, 'rate_limited', message(verdict.retryAfterSeconds), { 'Retry-After': String(verdict.retryAfterSeconds) });
  }
}
