// A signal that follows another at most once per animation frame, and at most every RENDER_GAP_MS.
// A streaming reply renders from it: tokens arriving in many tasks cost one render per step, and
// a burst of tokens does not spend the main thread on a render (the last block lexed again, the
// bubble laid out and painted) every frame, which would delay the tokens themselves.
import { type ReadonlySignal, effect, signal } from '@preact/signals';

/** 20 steps a second: smooth to read, and a third of the renders of every frame. */
export const RENDER_GAP_MS = 50;

export interface PerFrame<T> {
  value: ReadonlySignal<T>;
  dispose(): void;
}

export function perFrame<T>(source: ReadonlySignal<T>): PerFrame<T> {
  const latest = signal(source.peek());
  let frame = 0;
  let copiedAt = -RENDER_GAP_MS;
  const copy = (now: number) => {
    if (now - copiedAt < RENDER_GAP_MS) {
      frame = requestAnimationFrame(copy);
      return;
    }
    frame = 0;
    copiedAt = now;
    latest.value = source.peek();
  };
  const stop = effect(() => {
    if (source.value !== latest.peek()) frame ||= requestAnimationFrame(copy);
  });
  return {
    value: latest,
    dispose() {
      stop();
      cancelAnimationFrame(frame);
    },
  };
}
