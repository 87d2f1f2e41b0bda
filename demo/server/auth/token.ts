// Conversation tokens: the conversation id, when the token was issued, and an HMAC of both, so
// verifying needs no lookup. A token lives `ttlMs`; requests renew it while the conversation is active.
import { createHmac } from 'node:crypto';
import { sameSecret } from './api-keys';

export interface TokenSigner {
  sign(conversationId: string): string;
  /** The conversation id the token was issued for, or null when it is not genuine or has expired. */
  verify(token: string): string | null;
  /** A fresh token for a genuine one past the first part of its life, else null (it is fresh enough). */
  renewal(token: string): string | null;
}

export interface TokenOptions {
  /** How long a token is accepted after it was issued. */
  ttlMs: number;
  clock: () => number;
}

export const DEFAULT_TOKEN_TTL_MS = 24 * 3_600_000;
/** A token younger than this (or than half its lifetime) is not renewed: no new token on every message. */
const RENEW_AFTER_MS = 60_000;

export function createTokenSigner(secret: Buffer, { ttlMs, clock }: TokenOptions): TokenSigner {
  const mac = (id: string, issued: string) => createHmac('sha256', secret).update(`${id}.${issued}`).digest();
  const sign = (id: string) => {
    const issued = Math.floor(clock()).toString(36); // ms, base 36
    return `${Buffer.from(id).toString('base64url')}.${issued}.${mac(id, issued).toString('base64url')}`;
  };
  /** The token's conversation and age in ms, when it is genuine. */
  function read(token: string): { id: string; ageMs: number } | null {
    const [encodedId, issued, signature, extra] = token.split('.');
    if (!encodedId || !issued || !signature || extra !== undefined || !/^[0-9a-z]{1,10}$/.test(issued)) return null;
    const id = Buffer.from(encodedId, 'base64url').toString('utf8');
    if (!sameSecret(Buffer.from(signature, 'base64url'), mac(id, issued))) return null;
    return { id, ageMs: clock() - Number.parseInt(issued, 36) };
  }
  return {
    sign,
    verify(token) {
      const genuine = read(token);
      return genuine && genuine.ageMs < ttlMs ? genuine.id : null;
    },
    renewal(token) {
      const genuine = read(token);
      return genuine && genuine.ageMs < ttlMs && genuine.ageMs >= Math.min(RENEW_AFTER_MS, ttlMs / 2) ? sign(genuine.id) : null;
    },
  };
}
