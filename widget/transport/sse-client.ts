// Reads the SSE stream with fetch (EventSource cannot send Authorization), resumes with
// Last-Event-ID, reconnects with backoff, and treats a silent connection as dead.
import { type SseHandlers, createEventStream } from '../protocol';
import { createDeadline } from '../deadline';
import type { Timers } from '../time';
import { backoffMs } from './backoff';
import type { Network } from './network';

export interface SseClientOptions {
  url: string;
  fetch: typeof fetch;
  timers: Timers;
  random: () => number;
  network: Network;
  token: string;
  /** Where to resume: the last durable event already had (another tab's stream brought it). */
  lastEventId?: string | undefined;
  /** No byte for this long (the gateway pings every 15 s) means the connection is dead. */
  silenceMs?: number;
}

/**
 * A burst (a long replay, a fast stream) is fed in slices, yielding to the page once feeding has
 * taken this long or this much text since the last yield, so no task runs long: data already
 * buffered resolves the next read at once, in the same task.
 */
const SLICE = 8192;
const FEED_MS = 8;
const FEED_CHARS = 65_536;

export function connectSse(options: SseClientOptions, handlers: SseHandlers): () => void {
  const { timers, silenceMs = 45_000 } = options;
  // Only durable events carry an id, so this always names one the gateway can resume after.
  let lastEventId = options.lastEventId;
  let stopped = false;
  let failures = 0;
  let controller: AbortController | null = null;
  let retryTimer = 0;
  let serverRetryMs = 0;
  let live = false;

  const silence = createDeadline(timers, silenceMs, () => controller?.abort());
  const stream = createEventStream({
    onEvent(event, entryId, message) {
      if (message.id) lastEventId = message.id;
      handlers.onEvent(event, entryId, message);
    },
    onError: handlers.onDecodeError,
    onActivity: () => silence.touch(),
    onRetry: (ms) => (serverRetryMs = ms),
  });

  function scheduleReconnect() {
    if (stopped) return;
    if (!options.network.online()) return handlers.onStatus('offline'); // "online" reconnects
    handlers.onStatus('reconnecting');
    const delay = Math.max(serverRetryMs, backoffMs(failures++, options.random, 1000, 30_000));
    retryTimer = timers.set(() => void connect(), delay);
  }

  async function connect() {
    if (stopped || live) return;
    live = true;
    controller = new AbortController();
    stream.reset();
    handlers.onStatus(failures === 0 ? 'connecting' : 'reconnecting');
    silence.touch();
    try {
      const response = await options.fetch(options.url, {
        headers: {
          Accept: 'text/event-stream',
          Authorization: `Bearer ${options.token}`,
          ...(lastEventId && { 'Last-Event-ID': lastEventId }),
        },
        cache: 'no-store',
        signal: controller.signal,
      });
      if (response.status === 401 || response.status === 403) {
        stop();
        handlers.onAuthFailed();
        return;
      }
      if (!response.ok || !response.body) throw new Error(`HTTP ${response.status}`);
      handlers.onStatus('open');
      const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
      let yieldedAt = timers.now();
      let fed = 0;
      for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) {
        failures = 0; // data flowed: the next drop starts its backoff afresh
        for (let at = 0; at < chunk.value.length; at += SLICE) {
          if (fed >= FEED_CHARS || timers.now() - yieldedAt >= FEED_MS) {
            await timers.yield();
            yieldedAt = timers.now();
            fed = 0;
          }
          stream.feed(chunk.value.slice(at, at + SLICE));
          fed += SLICE;
        }
      }
    } catch {
      // Network error, abort on silence, or stop(): all end here.
    }
    live = false;
    silence.clear();
    scheduleReconnect();
  }

  const unwatch = options.network.watch((online) => {
    timers.clear(retryTimer);
    if (!online) return controller?.abort(); // the read ends, and reports "offline"
    failures = 0;
    void connect();
  });

  function stop() {
    stopped = true;
    unwatch();
    silence.clear();
    timers.clear(retryTimer);
    controller?.abort();
  }

  void connect();
  return stop;
}
