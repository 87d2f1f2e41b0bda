// Signed, expiring file URLs: the file's id, when the URL stops working, and an HMAC of both and
// of the file's conversation, so a URL names one file of one conversation and cannot be edited
// into another's. Verifying needs the file's record (its conversation), not a lookup of the URL.
import { createHmac } from 'node:crypto';
import { sameSecret } from '../auth/api-keys';

export interface FileUrls {
  /** An absolute URL for the file, valid for the configured time from now. */
  sign(file: { id: string; conversationId: string }): string;
  /** Why the signed parameters do not open this file, or null when they do. */
  refusal(file: { id: string; conversationId: string }, expires: string | null, signature: string | null): string | null;
}

export interface FileUrlOptions {
  /** The gateway's public address: URLs are handed to browsers and to upstream agents. */
  publicUrl: string;
  ttlMs: number;
  clock: () => number;
}

/** The path files are served from; `f` names the file, `e` the expiry (Unix s), `s` the signature. */
export const FILE_PATH = '/api/files/get';

export function createFileUrls(secret: Buffer, { publicUrl, ttlMs, clock }: FileUrlOptions): FileUrls {
  // A key of its own, so that no file signature can ever pass as a conversation token's.
  const key = createHmac('sha256', secret).update('agent-chat file urls').digest();
  const mac = (id: string, conversationId: string, expires: string) => createHmac('sha256', key).update(`${id}\n${conversationId}\n${expires}`).digest();
  const base = new URL(FILE_PATH.slice(1), publicUrl.endsWith('/') ? publicUrl : `${publicUrl}/`);
  return {
    sign({ id, conversationId }) {
      const expires = String(Math.ceil((clock() + ttlMs) / 1000));
      const url = new URL(base);
      url.search = new URLSearchParams({ f: id, e: expires, s: mac(id, conversationId, expires).toString('base64url') }).toString();
      return url.href;
    },
    refusal({ id, conversationId }, expires, signature) {
      if (!expires || !/^\d{1,12}$/.test(expires) || !signature) return 'The file URL is incomplete: use the URL the gateway gave.';
      if (!sameSecret(Buffer.from(signature, 'base64url'), mac(id, conversationId, expires))) return 'The file URL is not valid for this file.';
      if (Number(expires) * 1000 <= clock()) return 'The file URL has expired: the conversation gives a fresh one.';
      return null;
    },
  };
}
