// Text chunks in, decoded chat events out: eventsource-parser plus decodeEvent, still without I/O.
import { createParser } from 'eventsource-parser';
import { decodeEvent } from './decode';
import type { ChatEvent, DecodeError } from './events';
import type { SseMessage } from './connection';

export interface EventStreamHandlers {
  /** `message` is the event as sent: its `id` names a durable event, none an ephemeral one (typing, tokens). */
  onEvent(event: ChatEvent, entryId: string, message: SseMessage): void;
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

/** More text than this without an event ending is refused rather than buffered without bound. */
const MAX_EVENT_CHARS = 1 << 20;

export function createEventStream(handlers: EventStreamHandlers): EventStream {
  let sinceEvent = 0;
  let overflowing = false;
  const alive = () => {
    sinceEvent = 0;
    overflowing = false;
    handlers.onActivity?.();
  };
  // Unknown fields and bad retry values are ignored, as the SSE spec says (no onError).
  const parser = createParser({
    onEvent(message) {
      alive();
      const result = decodeEvent(message.event ?? 'message', message.data);
      if (result.ok) handlers.onEvent(result.event, result.entryId, message);
      else handlers.onError(result.error);
    },
    onComment: alive,
    onRetry: (ms) => handlers.onRetry?.(ms),
  });
  return {
    feed(chunk) {
      sinceEvent += chunk.length;
      parser.feed(chunk);
      if (sinceEvent > MAX_EVENT_CHARS) {
        sinceEvent = 0;
        parser.reset();
        // One report per oversized event, however long it goes on.
        if (!overflowing) handlers.onError({ kind: 'malformed', name: 'stream', reason: `an event exceeded ${MAX_EVENT_CHARS} characters` });
        overflowing = true;
      }
    },
    reset: () => parser.reset(),
  };
}
