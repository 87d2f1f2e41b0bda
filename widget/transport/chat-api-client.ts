// POST to the Chat API (or another gateway endpoint) with retries: network errors, 408, 429 and
// 5xx are retried with backoff and the same body (so the same messageId); other answers are final.
import { type PostResult, decodeAccepted, decodeErrorMessage } from '../protocol';
import type { Timers } from '../time';
import { backoffMs } from './backoff';
import { type Network, whenOnline } from './network';

export interface ChatApiClientOptions {
  /** The Chat API; a call may name another endpoint. */
  url: string;
  fetch: typeof fetch;
  timers: Timers;
  random: () => number;
  network: Network;
  /** Attempts before giving up (the visitor can still retry by hand). */
  maxAttempts?: number;
  timeoutMs?: number;
}

const RETRYABLE = (status: number) => status === 408 || status === 429 || status >= 500;

function retryAfterMs(response: Response): number | undefined {
  const header = response.headers.get('Retry-After');
  const seconds = header === null ? NaN : Number(header);
  return Number.isFinite(seconds) && seconds >= 0 ? Math.min(seconds * 1000, 60_000) : undefined;
}

/** Extras for a call other than the Chat API's: its headers, and keepalive for one that may outlive the page. */
export interface PostExtras {
  headers?: Record<string, string>;
  keepalive?: boolean;
}

export type Post = (body: object, token: string | null, url?: string, extras?: PostExtras) => Promise<PostResult>;

export function createChatApiClient(options: ChatApiClientOptions): Post {
  const { timers, maxAttempts = 5, timeoutMs = 15_000 } = options;
  const wait = (ms: number) => new Promise<void>((resolve) => timers.set(resolve, ms));

  async function attempt(body: object, token: string | null, url: string, { headers, keepalive }: PostExtras = {}): Promise<{ result: PostResult; retryInMs?: number }> {
    const controller = new AbortController();
    const timeout = timers.set(() => controller.abort(), timeoutMs);
    try {
      const response = await options.fetch(url, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', ...(token && { Authorization: `Bearer ${token}` }), ...headers },
        body: JSON.stringify(body),
        ...(keepalive && { keepalive }),
        signal: controller.signal,
      });
      const text = await response.text();
      if (response.ok) return { result: { ok: true, ...decodeAccepted(text) } };
      const result: PostResult = { ok: false, status: response.status, message: decodeErrorMessage(text, response.status) };
      if (!RETRYABLE(response.status)) return { result };
      const retryInMs = retryAfterMs(response);
      return retryInMs === undefined ? { result } : { result, retryInMs };
    } catch {
      return { result: { ok: false, status: 0, message: 'The chat service could not be reached.' } };
    } finally {
      timers.clear(timeout);
    }
  }

  return async function post(body, token, url = options.url, extras) {
    for (let n = 0; ; n++) {
      await whenOnline(options.network); // offline time is not an attempt
      const { result, retryInMs } = await attempt(body, token, url, extras);
      const retryable = !result.ok && (result.status === 0 || RETRYABLE(result.status));
      if (!retryable || n + 1 >= maxAttempts) return result;
      await wait(retryInMs ?? backoffMs(n, options.random));
    }
  };
}
