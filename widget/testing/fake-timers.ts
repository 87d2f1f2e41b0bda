// Deterministic time for tests: timers fire only when the test advances the clock.
import type { Timers } from '../time';

export interface FakeTimers extends Timers {
  advance(ms: number): void;
  pending(): number;
}

export function createFakeTimers(start = 1_000_000): FakeTimers {
  let now = start;
  let nextHandle = 1;
  const queue = new Map<number, { at: number; fn: () => void }>();
  const set = (fn: () => void, ms: number) => {
    const handle = nextHandle++;
    queue.set(handle, { at: now + Math.max(0, ms), fn });
    return handle;
  };
  return {
    now: () => now,
    set,
    clear: (handle) => void queue.delete(handle),
    // A turn of its own, as a timer of 0 ms: it comes when the test advances the clock.
    yield: () => new Promise<void>((resolve) => set(resolve, 0)),
    advance(ms) {
      const end = now + ms;
      for (;;) {
        const due = [...queue.entries()].filter(([, t]) => t.at <= end).sort((a, b) => a[1].at - b[1].at)[0];
        if (!due) break;
        queue.delete(due[0]);
        now = due[1].at;
        due[1].fn();
      }
      now = end;
    },
    pending: () => queue.size,
  };
}
