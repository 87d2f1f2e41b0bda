// Time and timers are injected everywhere, so tests drive them and stay deterministic.
export interface Timers {
  now(): number;
  set(fn: () => void, ms: number): number;
  clear(handle: number): void;
  /** Resolves in a task of its own, after what the page has waiting (a frame, input). */
  yield(): Promise<void>;
}

export const browserTimers: Timers = {
  now: () => Date.now(),
  set: (fn, ms) => window.setTimeout(fn, ms),
  clear: (handle) => window.clearTimeout(handle),
  // A message, not a timeout: timeouts set from timeouts wait 4 ms at least after the fifth.
  yield: () =>
    new Promise((resolve) => {
      const channel = new MessageChannel();
      channel.port1.onmessage = () => resolve();
      channel.port2.postMessage(0);
    }),
};

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

/** Exponential backoff with full jitter: attempt 0 → up to base, doubling, capped. */
export function backoffMs(attempt: number, random: () => number, baseMs = 500, capMs = 15_000): number {
  return Math.round(random() * Math.min(capMs, baseMs * 2 ** attempt));
}
