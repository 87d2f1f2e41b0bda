// Time limits on what the agent's side shows: a typing indicator hides after 30 s without news,
// and a stream silent for 60 s is marked incomplete (its final message, however late, still
// replaces it).
import type { ChatEvent } from '../protocol';
import type { Timers } from '../time';
import { findIndex } from './apply';
import type { ChatState } from './model';

const TYPING_TIMEOUT_MS = 30_000;
const STREAM_SILENCE_MS = 60_000;

export interface Timeouts {
  /** Re-arms the limit an event concerns: typing on, or a stream's token. */
  watch(event: ChatEvent): void;
  /** The message `id` arrived whole: its stream's limit no longer applies. */
  settle(id: string): void;
  clear(): void;
}

export function createTimeouts(state: ChatState, timers: Timers): Timeouts {
  let typingTimer = 0;
  const streamTimers = new Map<string, number>();

  function watchStream(target: string) {
    timers.clear(streamTimers.get(target) ?? 0);
    streamTimers.set(target, timers.set(() => {
      streamTimers.delete(target);
      const stream = state.items.value[findIndex(state, target)];
      if (stream?.kind === 'stream') stream.incomplete.value = true;
    }, STREAM_SILENCE_MS));
  }

  return {
    watch(event) {
      if (event.kind === 'typing' && event.on) {
        timers.clear(typingTimer);
        typingTimer = timers.set(() => (state.typing.value = null), TYPING_TIMEOUT_MS);
      }
      if (event.kind === 'token') watchStream(event.target);
    },
    settle(id) {
      timers.clear(streamTimers.get(id) ?? 0);
      streamTimers.delete(id);
    },
    clear() {
      timers.clear(typingTimer);
      for (const handle of streamTimers.values()) timers.clear(handle);
      streamTimers.clear();
    },
  };
}
