// Owner API keys (x-api-key) for the Export API and the analytics: compared in constant time.
import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { HttpError } from '../http/errors';
import type { RateLimiter } from '../limits/rate-limit';

/** Equal secrets, compared in constant time; different lengths are simply unequal. */
export function sameSecret(given: Buffer, expected: Buffer): boolean {
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/** Throws 401 unless the request carries one of `keys`; returns the key it carried. */
export function requireApiKey(req: IncomingMessage, keys: readonly Buffer[], what: string): string {
  if (keys.length === 0) throw new HttpError(401, 'unauthorized', `The ${what} is off: set EXPORT_API_KEYS on the gateway.`);
  const given = req.headers['x-api-key'];
  const candidate = Buffer.from(typeof given === 'string' ? given : '');
  // Every key is compared, in constant time, whatever matched before.
  const found = keys.reduce((match, key) => sameSecret(candidate, key) || match, false);
  if (!found) throw new HttpError(401, 'unauthorized', 'The x-api-key header is missing or not a valid key.');
  return candidate.toString();
}

/** Checks owner keys, and throttles an address that keeps presenting wrong ones. */
export interface KeyGuard {
  /** As requireApiKey; 429 while `address` is over its budget of failed attempts, whatever key it sends. */
  require(req: IncomingMessage, keys: readonly Buffer[], what: string, address: string): Promise<string>;
}

/**
 * Each failed attempt takes a token from the address's budget (`failures`, shared between
 * instances when it is). Once it is spent, the address is refused until the budget refills, even
 * with the right key, so that guessing gets no answer either way.
 */
export function createKeyGuard(failures: RateLimiter, clock: () => number, maxAddresses = 10_000): KeyGuard {
  const blockedUntil = new Map<string, number>();
  const throttled = (seconds: number) =>
    new HttpError(429, 'rate_limited', `Too many wrong keys from this address; retry in ${seconds} s.`, { 'Retry-After': String(seconds) });
  return {
    async require(req, keys, what, address) {
      const until = blockedUntil.get(address) ?? 0;
      if (until > clock()) throw throttled(Math.ceil((until - clock()) / 1000));
      blockedUntil.delete(address);
      try {
        return requireApiKey(req, keys, what);
      } catch (error) {
        const verdict = await failures.take(address);
        if (verdict.ok) throw error;
        blockedUntil.set(address, clock() + verdict.retryAfterSeconds * 1000);
        if (blockedUntil.size > maxAddresses) blockedUntil.delete(blockedUntil.keys().next().value!);
        throw throttled(verdict.retryAfterSeconds);
      }
    },
  };
}
