// What one gateway allows: request rates, open event streams, which sites may call it, and
// whether a proxy's X-Forwarded-For names the client.
import type { AllowedOrigins } from '../http/headers';
import type { Rate } from './rate-limit';

export interface Limits {
  /** Chat API and SSE requests per client address. */
  perIp: Rate;
  /** Chat API requests per conversation. */
  perConversation: Rate;
  /** Open SSE streams, in all and per conversation (tabs of one visitor). */
  maxStreams: number;
  maxStreamsPerConversation: number;
  allowedOrigins: AllowedOrigins;
  /** Take the client address from X-Forwarded-For (behind a proxy you run). */
  trustProxy: boolean;
}

export const DEFAULT_LIMITS: Limits = {
  perIp: { burst: 60, perMinute: 300 },
  perConversation: { burst: 20, perMinute: 60 },
  maxStreams: 20_000,
  maxStreamsPerConversation: 10,
  allowedOrigins: '*',
  trustProxy: false,
};
