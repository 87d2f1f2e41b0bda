// Bytes-as-text in, decoded chat events out: eventsource-parser plus decodeEvent, still without I/O.
import { createParser } from 'eventsource-parser';
import { decodeEvent } from './decode';
import type { ChatEvent, DecodeError } from './events';

export interface EventStreamHandlers {
  /** `eventId` is the SSE `id:` of a durable event; undefined for ephemeral ones (typing, tokens). */
  onEvent(event: ChatEvent, entryId: string, eventId: string | undefined): void;
  onError(error: DecodeError): void;
  /** Comments (`: ping`) and every event prove the connection alive. */
  onActivity?(): void;
  onRetry?(ms: number): void;
}

export interface EventStream {
  feed(chunk: string): void;
  /** Forget a partial event, e.g. after the connection dropped mid-event. */
  reset(): void;
}

/** One event larger than this is refused rather than buffered without bound. */
const MAX_EVENT_CHARS = 1 << 20;

export function createEventStream(handlers: EventStreamHandlers): EventStream {
  let overflowed = false;
  const parser = createParser({
    maxBufferSize: MAX_EVENT_CHARS,
    // Unknown fields and bad retry values are ignored, as the SSE spec says; only an overflow is reported.
    onError(error) {
      if (error.type !== 'max-buffer-size-exceeded') return;
      overflowed = true;
      handlers.onError({ kind: 'malformed', name: 'stream', reason: error.message });
    },
    onEvent(message) {
      handlers.onActivity?.();
      const result = decodeEvent(message.event ?? 'message', message.data);
      if (result.ok) handlers.onEvent(result.event, result.entryId, message.id);
      else handlers.onError(result.error);
    },
    onComment: () => handlers.onActivity?.(),
    onRetry: (ms) => handlers.onRetry?.(ms),
  });
  return {
    feed(chunk) {
      // After an overflow the parser refuses input until reset: drop the oversized event, go on.
      if (overflowed) {
        parser.reset();
        overflowed = false;
      }
      parser.feed(chunk);
    },
    reset: () => parser.reset(),
  };
}
