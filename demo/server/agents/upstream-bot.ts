// Upstream mode: every accepted event goes on to a real bot's Chat API (seed 001), with the
// upstream key and bot id that never leave the gateway. Its replies arrive on the webhook.
import type { Bot, BotRequest } from './bot';

export interface UpstreamOptions {
  /** The upstream's base URL; events go to {url}/converse/chat. */
  url: string;
  apiKey: string;
  botId: string;
  fetch?: typeof fetch;
  timeoutMs?: number;
}

export function createUpstreamBot({ url, apiKey, botId, fetch: send = fetch, timeoutMs = 10_000 }: UpstreamOptions): Bot {
  const endpoint = new URL('converse/chat', url.endsWith('/') ? url : `${url}/`).href;
  async function relay(request: BotRequest) {
    const response = await send(endpoint, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: apiKey, botid: botId },
      body: JSON.stringify(request),
      signal: AbortSignal.timeout(timeoutMs),
    });
    await response.body?.cancel();
    if (!response.ok) throw new Error(`upstream answered HTTP ${response.status}`);
  }
  return {
    receive: relay,
    // A bot that streams over the webhook may stop; one that does not know the event changes nothing.
    stop(conversationId) {
      relay({ platformConversationId: conversationId, eventType: 'stop' }).catch((error: unknown) =>
        console.warn(`upstream bot: the stop for ${conversationId} was not relayed (${error instanceof Error ? error.message : String(error)})`));
    },
    dispose() {},
  };
}
