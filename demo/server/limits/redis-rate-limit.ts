// The rate limiter's token buckets in Redis, so that every instance behind the load balancer
// draws from the same bucket. One Lua script refills and takes atomically; a bucket expires once
// it would be full again. Times come from the caller's clock (instances keep theirs in step with
// NTP; a clock behind the bucket's counts as no time passed).
import type { Redis } from 'ioredis';
import type { Rate, RateLimiter } from './rate-limit';

const TAKE = `
local burst, per_ms, now = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3])
local bucket = redis.call('HMGET', KEYS[1], 'tokens', 'at')
local tokens, at = tonumber(bucket[1]) or burst, tonumber(bucket[2]) or now
tokens = math.min(burst, tokens + math.max(0, now - at) * per_ms)
local ok = 0
if tokens >= 1 then
  tokens = tokens - 1
  ok = 1
end
redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'at', tostring(math.max(now, at)))
redis.call('PEXPIRE', KEYS[1], math.ceil((burst - tokens) / per_ms) + 1000)
if ok == 1 then return 'ok' end
return tostring((1 - tokens) / per_ms)`;

export function createRedisRateLimiter(redis: Redis, name: string, { burst, perMinute }: Rate, clock: () => number): RateLimiter {
  const perMs = perMinute / 60_000;
  return {
    async take(key) {
      const verdict = String(await redis.eval(TAKE, 1, `agent-chat:rate:${name}:${key}`, burst, perMs, clock()));
      return verdict === 'ok' ? { ok: true } : { ok: false, retryAfterSeconds: Math.max(1, Math.ceil(Number(verdict) / 1000)) };
    },
  };
}
