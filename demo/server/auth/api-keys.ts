// Owner API keys (x-api-key) for the Export API and the analytics: compared in constant time.
import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { HttpError } from '../http/errors';

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
