import type { TrackCall, Transport } from '../protocol';
import type { Timers } from '../time';
import { createChatApiClient } from './chat-api-client';
import type { Network } from './network';
import { connectSse } from './sse-client';
import { uploadFile } from './upload';

export interface TransportOptions {
  chatApiUrl: string;
  sseUrl: string;
  /** Where trackAgent calls go in server mode (forwarded to Pendo). */
  trackAgentUrl: string;
  /** Where reactions go otherwise (recorded, not forwarded). */
  reactionsUrl: string;
  /** POST /api/files. */
  filesUrl: string;
  fetch: typeof fetch;
  timers: Timers;
  random: () => number;
  newId(): string;
  network: Network;
}

export interface WidgetTransport extends Transport {
  /** A tracking call for the gateway: every call in server mode, else reactions only (to record them). */
  track(call: TrackCall, token: string | null, server: boolean): void;
}

/** The widget's only network access: the Chat API, the SSE stream and the gateway's analytics. */
export function createTransport(options: TransportOptions): WidgetTransport {
  const { fetch, timers, random, network } = options;
  const post = createChatApiClient({ url: options.chatApiUrl, fetch, timers, random, network });
  let tracked: Promise<unknown> = Promise.resolve();
  return {
    post,
    upload: (file, token, progress) => uploadFile(options.filesUrl, file, token, progress),
    track(call, token, server) {
      // The same reaction can come back (positive, unreact, positive): each change is its own event,
      // while a retry of one change keeps its key.
      const headers = call.eventType === 'user_reaction' ? { 'Idempotency-Key': options.newId() } : undefined;
      // One at a time, so a call being retried is never overtaken: Pendo and the gateway's
      // reaction record see the calls in the visitor's order. Keepalive: a reaction settles as the
      // visitor leaves the page.
      tracked = tracked.then(() => post(call, token, server ? options.trackAgentUrl : options.reactionsUrl, { ...(headers && { headers }), keepalive: true }));
    },
    events(token, handlers, lastEventId) {
      return connectSse({ url: options.sseUrl, fetch, timers, random, network, token, lastEventId }, handlers);
    },
  };
}
