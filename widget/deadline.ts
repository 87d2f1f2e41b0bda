// A time limit on the injected timers: the conversation's code needs it, the page load does not.
import type { Timers } from './time';

export interface Deadline {
  /** Moves the deadline to `ms` from now. */
  touch(): void;
  clear(): void;
}

/**
 * A time limit that every touch moves back, for "this long without news". A touch sets no timer
 * (a streamed reply touches one per token): the one timer, when it fires early, waits on for what is left.
 */
export function createDeadline(timers: Timers, ms: number, expire: () => void): Deadline {
  let due = 0;
  let handle = 0;
  const check = () => {
    const left = due - timers.now();
    handle = left > 0 ? timers.set(check, left) : 0;
    if (!handle) expire();
  };
  return {
    touch() {
      due = timers.now() + ms;
      handle ||= timers.set(check, ms);
    },
    clear() {
      timers.clear(handle);
      handle = 0;
    },
  };
}
