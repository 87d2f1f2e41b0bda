import type { Transport } from '../chat/chat';
import type { Timers } from '../time';
import { createChatApiClient } from './chat-api-client';
import { connectSse } from './sse-client';

export type { PostResult } from './chat-api-client';
export type { SseHandlers } from './sse-client';

export interface TransportOptions {
  chatApiUrl: string;
  sseUrl: string;
  interactionUrl: string;
  fetch: typeof fetch;
  timers: Timers;
  random: () => number;
}

/** The widget's only network access: the Chat API and the SSE stream. */
export function createTransport(options: TransportOptions): Transport {
  const { fetch, timers, random } = options;
  const post = createChatApiClient({ url: options.chatApiUrl, fetch, timers, random });
  return {
    post,
    beacon(body) {
      // Fire and forget, and let it finish if the visitor is already leaving the page.
      fetch(options.interactionUrl, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body), keepalive: true }).catch(() => {});
    },
    events(token, handlers) {
      return connectSse({ url: options.sseUrl, fetch, timers, random, token }, handlers);
    },
  };
}
