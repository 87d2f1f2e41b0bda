// A network the test switches on and off, firing the same change events as the browser.
import type { Network } from '../transport/network';

export function createFakeNetwork(initiallyOnline = true): Network & { set(online: boolean): void } {
  let online = initiallyOnline;
  const listeners = new Set<(online: boolean) => void>();
  return {
    online: () => online,
    watch(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    set(next) {
      online = next;
      for (const listener of [...listeners]) listener(next);
    },
  };
}
