import { describe, expect, it } from 'vitest';
import type { ChatEvent, ConnectionStatus } from '../protocol';
import { createFakeNetwork } from '../testing/fake-network';
import { createFakeTimers } from '../testing/fake-timers';
import { connectSse } from './sse-client';

const envelope = (identifier: string, id: string, text: string) =>
  JSON.stringify({
    conversationEntry: {
      identifier,
      entryPayload: JSON.stringify({ entryType: 'Message', id, abstractMessage: { messageType: 'StaticContentMessage', id, staticContent: { formatType: 'Text', text } } }),
      sender: { role: 'Chatbot', appType: 'chatbot', subject: 'bot' },
      senderDisplayName: 'Aria',
      transcriptedTimestamp: 1,
    },
  });

/** A fetch whose responses the test scripts, one per connection, recording request headers. */
function scriptedFetch(responses: ((signal: AbortSignal) => Response)[]) {
  const requests: Record<string, string>[] = [];
  const fetch = (async (_url: string, init: RequestInit) => {
    requests.push({ ...(init.headers as Record<string, string>) });
    const next = responses.shift();
    if (!next) return new Promise<Response>(() => {}); // no more: hang like an idle network
    return next(init.signal!);
  }) as typeof globalThis.fetch;
  return { fetch, requests };
}

/** A body like fetch's: aborting the request errors it. */
const streamOf = (text: string, signal: AbortSignal, close = true) =>
  new Response(
    new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(new TextEncoder().encode(text));
        if (close) controller.close();
        else signal.addEventListener('abort', () => controller.error(signal.reason));
      },
    }),
    { headers: { 'Content-Type': 'text/event-stream' } },
  );

const settle = async () => {
  for (let i = 0; i < 20; i++) await new Promise((r) => setTimeout(r, 0));
};

function handlers() {
  const events: ChatEvent[] = [];
  const statuses: ConnectionStatus[] = [];
  let authFailed = 0;
  return {
    events, statuses, authFailed: () => authFailed,
    h: {
      onEvent: (e: ChatEvent) => events.push(e),
      onDecodeError: () => {},
      onStatus: (s: ConnectionStatus) => statuses.push(s),
      onAuthFailed: () => void authFailed++,
    },
  };
}

describe('connectSse', () => {
  it('sends the token, and after a drop reconnects with Last-Event-ID of the last durable event', async () => {
    const timers = createFakeTimers();
    const { fetch, requests } = scriptedFetch([
      (signal) => streamOf(`id: 7\nevent: CONVERSATION_MESSAGE\ndata: ${envelope('e1', 'm1', 'one')}\n\nevent: CONVERSATION_TYPING_STARTED_INDICATOR\ndata: ${envelope('e2', 't', '')}\n\n`, signal),
      (signal) => streamOf(`id: 8\nevent: CONVERSATION_MESSAGE\ndata: ${envelope('e3', 'm2', 'two')}\n\n`, signal, false),
    ]);
    const out = handlers();
    const stop = connectSse({ url: 'http://gw/sse', fetch, timers, random: () => 1, network: createFakeNetwork(), token: 'tok' }, out.h);
    await settle();
    expect(requests[0]).toEqual({ Accept: 'text/event-stream', Authorization: 'Bearer tok' });
    timers.advance(1000); // the backoff before reconnecting
    await settle();
    expect(requests[1]).toEqual({ Accept: 'text/event-stream', Authorization: 'Bearer tok', 'Last-Event-ID': '7' });
    expect(out.events.map((e) => e.kind === 'message' && e.id)).toEqual(['m1', false, 'm2']);
    expect(out.statuses).toEqual(['connecting', 'open', 'reconnecting', 'reconnecting', 'open']);
    stop();
  });

  it('treats 45 s without a byte as a dead connection', async () => {
    const timers = createFakeTimers();
    const { fetch, requests } = scriptedFetch([(signal) => streamOf(': ping\n\n', signal, false), (signal) => streamOf(': ping\n\n', signal, false)]);
    const out = handlers();
    const stop = connectSse({ url: 'http://gw/sse', fetch, timers, random: () => 0, network: createFakeNetwork(), token: 'tok' }, out.h);
    await settle();
    timers.advance(44_999);
    await settle();
    expect(requests).toHaveLength(1);
    timers.advance(1);
    await settle();
    timers.advance(0);
    await settle();
    expect(requests).toHaveLength(2);
    stop();
  });

  it('feeds a large burst in slices, yielding between them, and loses no event', async () => {
    const timers = createFakeTimers();
    const burst = Array.from({ length: 600 }, (_, i) => `event: CONVERSATION_MESSAGE\ndata: ${envelope(`e${i}`, `m${i}`, 'x'.repeat(200))}\n\n`).join('');
    expect(burst.length).toBeGreaterThan(3 * 65_536);
    const { fetch } = scriptedFetch([(signal) => streamOf(burst, signal, false)]);
    const out = handlers();
    const stop = connectSse({ url: 'http://gw/sse', fetch, timers, random: () => 0, network: createFakeNetwork(), token: 'tok' }, out.h);
    await settle();
    const firstSlice = out.events.length;
    expect(firstSlice).toBeGreaterThan(0);
    expect(firstSlice).toBeLessThan(600); // the rest waits for the next turn
    for (let i = 0; i < 5; i++) {
      timers.advance(0);
      await settle();
    }
    expect(out.events.map((e) => e.kind === 'message' && e.id)).toEqual(Array.from({ length: 600 }, (_, i) => `m${i}`));
    stop();
  });

  it('stops for good when the token is refused', async () => {
    const timers = createFakeTimers();
    const { fetch, requests } = scriptedFetch([() => new Response('{"error":{}}', { status: 401 })]);
    const out = handlers();
    connectSse({ url: 'http://gw/sse', fetch, timers, random: () => 0, network: createFakeNetwork(), token: 'bad' }, out.h);
    await settle();
    timers.advance(60_000);
    await settle();
    expect(out.authFailed()).toBe(1);
    expect(requests).toHaveLength(1);
  });

  it('goes offline with the browser, waits without retrying, and reconnects at once when back online', async () => {
    const timers = createFakeTimers();
    const network = createFakeNetwork();
    const { fetch, requests } = scriptedFetch([
      (signal) => streamOf(`id: 3\nevent: CONVERSATION_MESSAGE\ndata: ${envelope('e1', 'm1', 'one')}\n\n`, signal, false),
      (signal) => streamOf(': ping\n\n', signal, false),
    ]);
    const out = handlers();
    const stop = connectSse({ url: 'http://gw/sse', fetch, timers, random: () => 1, network, token: 'tok' }, out.h);
    await settle();
    network.set(false);
    await settle();
    timers.advance(600_000); // no backoff timer runs while offline
    await settle();
    expect(requests).toHaveLength(1);
    expect(out.statuses.at(-1)).toBe('offline');
    network.set(true);
    await settle();
    expect(requests).toHaveLength(2);
    expect(requests[1]!['Last-Event-ID']).toBe('3');
    expect(out.statuses.slice(-2)).toEqual(['connecting', 'open']);
    stop();
  });
});
