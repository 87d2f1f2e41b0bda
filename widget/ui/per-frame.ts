// A signal that follows another at most once per animation frame. A streaming reply renders from
// it: tokens arriving in many tasks within one frame cost one render, not one each.
import { type ReadonlySignal, effect, signal } from '@preact/signals';

export interface PerFrame<T> {
  value: ReadonlySignal<T>;
  dispose(): void;
}

export function perFrame<T>(source: ReadonlySignal<T>): PerFrame<T> {
  const latest = signal(source.peek());
  let frame = 0;
  const copy = () => {
    frame = 0;
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
