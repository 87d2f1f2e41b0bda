// The idle timeout: a conversation whose visitor has not written for the limit is closed with
// reason Timeout, whichever agent answers it. Driven by the store, so that it works across
// instances: each one sweeps, and the store's conditional close lets exactly one of them close a
// conversation (and emit its close event).
import { closeConversation } from '../agents/actions';
import type { EventLog } from '../events/event-log';
import type { ConversationStore } from '../store/store';

export interface IdleTimeoutOptions {
  store: Pick<ConversationStore, 'idleConversations' | 'closeConversation'>;
  log: EventLog;
  /** Only this agent's conversations: several gateways may share one database. */
  botName: string;
  idleMs: number;
  clock: () => number;
  /** Conversations read per query. */
  batch?: number;
}

export interface IdleSweeper {
  /** Closes every conversation idle now; resolves with the ids this call closed. */
  sweep(): Promise<string[]>;
  /** Sweeps every `intervalMs` until stop(); a sweep never overlaps the previous one. */
  start(intervalMs: number): void;
  stop(): void;
}

/** How often to sweep for a limit: a quarter of it, within 1 s to 1 min. */
export const sweepInterval = (idleMs: number) => Math.min(60_000, Math.max(1000, Math.round(idleMs / 4)));

export function createIdleSweeper({ store, log, botName, idleMs, clock, batch = 100 }: IdleTimeoutOptions): IdleSweeper {
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<unknown> | null = null;

  async function sweep(): Promise<string[]> {
    const silentSince = clock() - idleMs;
    const closed: string[] = [];
    for (;;) {
      const ids = await store.idleConversations(botName, silentSince, batch);
      for (const id of ids) {
        // False when another instance closed it first, or the visitor wrote meanwhile.
        if (await closeConversation({ log, store, clock }, id, 'Timeout', silentSince)) closed.push(id);
      }
      // Every id read is closed now or no longer idle, so the next read moves on.
      if (ids.length < batch) return closed;
    }
  }

  return {
    sweep,
    start(intervalMs) {
      timer = setInterval(() => {
        if (running) return;
        running = sweep()
          .catch((error: unknown) => console.error('idle timeout: a sweep failed', error))
          .finally(() => (running = null));
      }, intervalMs);
      timer.unref();
    },
    stop: () => clearInterval(timer),
  };
}
