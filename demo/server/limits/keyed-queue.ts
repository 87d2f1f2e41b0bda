// Runs async tasks one at a time per key. The Chat API queues each conversation's events on it,
// so a retry that arrives while its original is still with the bot waits for that outcome
// instead of reaching the bot a second time, and events reach the bot in the order they came.
export interface KeyedQueue {
  /** Runs `task` once every earlier task of `key` has settled; resolves or rejects as it does. */
  run<T>(key: string, task: () => Promise<T>): Promise<T>;
}

export function createKeyedQueue(): KeyedQueue {
  const tails = new Map<string, Promise<unknown>>();
  return {
    run(key, task) {
      const result = (tails.get(key) ?? Promise.resolve()).then(task);
      // A failed task must not fail the ones queued behind it.
      const tail = result.catch(() => undefined);
      tails.set(key, tail);
      void tail.then(() => tails.get(key) === tail && tails.delete(key));
      return result;
    },
  };
}
