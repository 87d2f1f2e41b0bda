// A conversation's Chat API events, one at a time across every instance. The in-process queue
// orders them within this process; a Redis lock per conversation keeps the other instances out
// while one of them is with the bot. So a retry that reached another instance while its original
// was still with the bot waits, then finds the message stored, instead of reaching the bot twice.
import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import { HttpError } from '../http/errors';
import { type KeyedQueue, createKeyedQueue } from './keyed-queue';

// Delete the lock only if this holder still owns it (it may have expired and been taken since).
const RELEASE = "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end";

export interface LockTimes {
  /** How long a holder may keep the lock if it dies without releasing it. */
  ttlMs: number;
  /** How long a waiter waits before answering 503 (the widget retries with the same body). */
  waitMs: number;
  pollMs: number;
}

export function createRedisKeyedQueue(redis: Redis, { ttlMs = 60_000, waitMs = 30_000, pollMs = 15 }: Partial<LockTimes> = {}): KeyedQueue {
  const local = createKeyedQueue();

  async function acquire(lock: string, owner: string): Promise<void> {
    for (const deadline = Date.now() + waitMs; !(await redis.set(lock, owner, 'PX', ttlMs, 'NX')); ) {
      if (Date.now() > deadline) throw new HttpError(503, 'conversation_busy', 'Another request of this conversation is still with the agent; retry with the same messageId.');
      await new Promise((resolve) => setTimeout(resolve, pollMs));
    }
  }

  return {
    run(key, task) {
      return local.run(key, async () => {
        const lock = `agent-chat:conversation-lock:${key}`;
        const owner = randomUUID();
        await acquire(lock, owner);
        try {
          return await task();
        } finally {
          await redis.eval(RELEASE, 1, lock, owner);
        }
      });
    },
  };
}
