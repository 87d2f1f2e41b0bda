// Whether the browser is online, and when that changes: while offline, nothing is sent and the
// event stream waits, so messages stay pending (not failed) and go out in order once back online.
export interface Network {
  online(): boolean;
  /** Calls back on each change; returns the unsubscribe function. */
  watch(listener: (online: boolean) => void): () => void;
}

export const browserNetwork: Network = {
  online: () => navigator.onLine,
  watch(listener) {
    const up = () => listener(true);
    const down = () => listener(false);
    addEventListener('online', up);
    addEventListener('offline', down);
    return () => {
      removeEventListener('online', up);
      removeEventListener('offline', down);
    };
  },
};

/** Resolves at once when online, else at the next "online". */
export function whenOnline(network: Network): Promise<void> {
  return new Promise((resolve) => {
    if (network.online()) return resolve();
    const stop = network.watch((online) => {
      if (!online) return;
      stop();
      resolve();
    });
  });
}
