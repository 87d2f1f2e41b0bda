// How long a transport waits before it tries again.

/** Exponential backoff with full jitter: attempt 0 → up to base, doubling, capped. */
export function backoffMs(attempt: number, random: () => number, baseMs = 500, capMs = 15_000): number {
  return Math.round(random() * Math.min(capMs, baseMs * 2 ** attempt));
}
