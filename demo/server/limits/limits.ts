// What one gateway allows: request rates, open event streams, how long a request may take, the
// replay buffer's bytes, which sites may call it, and
// how many proxies' X-Forwarded-For entries to trust for the client's address.
import { DEFAULT_HUB_BYTES, DEFAULT_HUB_BYTES_PER_CONVERSATION } from '../events/memory-hub';
import type { AllowedOrigins } from '../http/headers';
import type { Rate } from './rate-limit';

export interface Limits {
  /** Chat API and SSE requests per client address. */
  perIp: Rate;
  /** Chat API requests per conversation. */
  perConversation: Rate;
  /** Wrong x-api-key attempts per client address; past them the address is refused for a while. */
  apiKeyFailures: Rate;
  /** Open SSE streams, in all and per conversation (tabs of one visitor). */
  maxStreams: number;
  maxStreamsPerConversation: number;
  /** Open SSE streams per client address. */
  maxStreamsPerAddress: number;
  /** Time to receive a request's headers, and its whole body; a connection silent this long is closed (event streams excepted). */
  headersTimeoutMs: number;
  requestTimeoutMs: number;
  idleTimeoutMs: number;
  /** Bytes of typing, progress and token events the in-process hub keeps for reconnects, in all and per conversation. */
  hubBytes: number;
  hubBytesPerConversation: number;
  allowedOrigins: AllowedOrigins;
  /** Proxies you run in front of the gateway, each appending to X-Forwarded-For; 0 uses the connection's address. */
  trustProxyHops: number;
}

export const DEFAULT_LIMITS: Limits = {
  perIp: { burst: 60, perMinute: 300 },
  perConversation: { burst: 20, perMinute: 60 },
  apiKeyFailures: { burst: 10, perMinute: 10 },
  maxStreams: 20_000,
  maxStreamsPerConversation: 10,
  maxStreamsPerAddress: 200,
  headersTimeoutMs: 20_000,
  requestTimeoutMs: 30_000,
  idleTimeoutMs: 30_000,
  hubBytes: DEFAULT_HUB_BYTES,
  hubBytesPerConversation: DEFAULT_HUB_BYTES_PER_CONVERSATION,
  allowedOrigins: '*',
  trustProxyHops: 0,
};
