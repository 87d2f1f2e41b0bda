// Components subscribe to exactly the signals they read, explicitly: a change re-renders only them.
import type { ReadonlySignal } from '@preact/signals-core';
import { useEffect, useState } from 'preact/hooks';

function useSubscription<T>(source: ReadonlySignal<T>, perFrame: boolean): T {
  const [, setVersion] = useState(0);
  const rendered = source.peek();
  useEffect(() => {
    let frame = 0;
    let first = true;
    const update = () => {
      frame = 0;
      setVersion((v) => v + 1);
    };
    const unsubscribe = source.subscribe((value) => {
      // subscribe() calls back at once; re-render then only if the value moved since this render.
      const initial = first;
      first = false;
      if (initial && value === rendered) return;
      if (!perFrame) update();
      else frame ||= requestAnimationFrame(update);
    });
    return () => {
      unsubscribe();
      cancelAnimationFrame(frame);
    };
  }, [source]);
  return rendered;
}

/** The signal's value; the component re-renders when it changes. */
export function useValue<T>(source: ReadonlySignal<T>): T {
  return useSubscription(source, false);
}

/**
 * The signal's value, re-rendered at most once per animation frame: a reply streaming thousands
 * of tokens costs one render per frame, not one per token.
 */
export function useFrameValue<T>(source: ReadonlySignal<T>): T {
  return useSubscription(source, true);
}
