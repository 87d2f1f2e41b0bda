// Time limits on what the agent's side shows: a typing indicator hides after 30 s without news,
// and a stream silent for 60 s is marked incomplete (its final message, however late, still
// replaces it).
import type { ChatEvent } from '../protocol';
import { type Deadline, createDeadline } from '../deadline';
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
  const streamSilences = new Map<string, Deadline>();

  function watchStream(target: string) {
    let silence = streamSilences.get(target);
    if (!silence) {
      silence = createDeadline(timers, STREAM_SILENCE_MS, () => {
        streamSilences.delete(target);
        const stream = state.items.value[findIndex(state, target)];
        if (stream?.kind === 'stream') stream.incomplete.value = true;
      });
      streamSilences.set(target, silence);
    }
    silence.touch();
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
      streamSilences.get(id)?.clear();
      streamSilences.delete(id);
    },
    clear() {
      timers.clear(typingTimer);
      for (const silence of streamSilences.values()) silence.clear();
      streamSilences.clear();
    },
  };
}
