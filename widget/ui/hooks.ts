import type { ReadonlySignal } from '@preact/signals';
import { useEffect, useState } from 'preact/hooks';

/**
 * A signal's value, re-rendered at most once per animation frame: a reply streaming thousands
 * of tokens costs one render per frame, not one per token.
 */
export function useFrameValue<T>(source: ReadonlySignal<T>): T {
  const [value, setValue] = useState(source.peek());
  useEffect(() => {
    let frame = 0;
    const unsubscribe = source.subscribe(() => {
      frame ||= requestAnimationFrame(() => {
        frame = 0;
        setValue(source.peek());
      });
    });
    return () => {
      unsubscribe();
      cancelAnimationFrame(frame);
    };
  }, [source]);
  return value;
}
