// Conversation tokens: the conversation id and an HMAC of it, so verifying needs no lookup.
import { createHmac } from 'node:crypto';
import { sameSecret } from './api-keys';

export interface TokenSigner {
  sign(conversationId: string): string;
  /** The conversation id the token was issued for, or null when it is not genuine. */
  verify(token: string): string | null;
}

export function createTokenSigner(secret: Buffer): TokenSigner {
  const mac = (id: string) => createHmac('sha256', secret).update(id).digest();
  return {
    sign: (id) => `${Buffer.from(id).toString('base64url')}.${mac(id).toString('base64url')}`,
    verify(token) {
      const [encodedId, signature, extra] = token.split('.');
      if (!encodedId || !signature || extra !== undefined) return null;
      const id = Buffer.from(encodedId, 'base64url').toString('utf8');
      const expected = mac(id);
      const given = Buffer.from(signature, 'base64url');
      return sameSecret(given, expected) ? id : null;
    },
  };
}
