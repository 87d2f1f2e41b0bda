// Where analytics calls go: window.pendo.trackAgent (queued until Pendo loads), or a test recorder.
import type { AgenticProperties, TrackCall } from '../protocol';
import type { Timers } from '../time';

export interface TrackSink {
  track(call: TrackCall): void;
  dispose(): void;
}

interface PendoLike {
  trackAgent(eventType: string, agentic: AgenticProperties, properties: Record<string, unknown>): void;
}

function asPendo(value: unknown): PendoLike | null {
  return typeof value === 'object' && value !== null && typeof (value as { trackAgent?: unknown }).trackAgent === 'function'
    ? (value as PendoLike)
    : null;
}

export interface PendoSinkOptions {
  getPendo(): unknown;
  timers: Timers;
  /** Calls kept while Pendo is missing; beyond it the oldest are dropped (with one warning). */
  maxQueue?: number;
  pollMs?: number;
}

/** Calls trackAgent in order; waits (bounded) for a Pendo agent that loads late; never throws. */
export function createPendoSink(options: PendoSinkOptions): TrackSink {
  const { timers, maxQueue = 200, pollMs = 500 } = options;
  const queue: TrackCall[] = [];
  let pollTimer = 0;
  let warnedDrop = false;
  let warnedThrow = false;

  function flush() {
    pollTimer = 0;
    const pendo = asPendo(options.getPendo());
    if (!pendo) {
      if (queue.length) pollTimer = timers.set(flush, pollMs);
      return;
    }
    for (let call = queue.shift(); call; call = queue.shift()) {
      try {
        pendo.trackAgent(call.eventType, call.agenticProperties, call.properties);
      } catch (e) {
        if (!warnedThrow) console.warn('[agent-chat] window.pendo.trackAgent threw; the chat goes on', e);
        warnedThrow = true;
      }
    }
  }

  return {
    track(call) {
      queue.push(call);
      if (queue.length > maxQueue) {
        queue.shift();
        if (!warnedDrop) console.warn(`[agent-chat] Pendo has not loaded; keeping only the last ${maxQueue} tracking calls`);
        warnedDrop = true;
      }
      if (!pollTimer) flush();
    },
    dispose() {
      timers.clear(pollTimer);
      pollTimer = 0;
    },
  };
}
