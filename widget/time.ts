// Time and timers are injected everywhere, so tests drive them and stay deterministic.
export interface Timers {
  now(): number;
  set(fn: () => void, ms: number): number;
  clear(handle: number): void;
}

export const browserTimers: Timers = {
  now: () => Date.now(),
  set: (fn, ms) => window.setTimeout(fn, ms),
  clear: (handle) => window.clearTimeout(handle),
};

/** Exponential backoff with full jitter: attempt 0 → up to base, doubling, capped. */
export function backoffMs(attempt: number, random: () => number, baseMs = 500, capMs = 15_000): number {
  return Math.round(random() * Math.min(capMs, baseMs * 2 ** attempt));
}
