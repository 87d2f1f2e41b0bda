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
