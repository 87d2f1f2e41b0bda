// What the chat tells its observers (the public events, tracking). Listeners are page and
// analytics code: one that throws is logged and never stops the others.
import type { ConnectionStatus } from '../protocol';
import type { AgentItem, Reaction, VisitorItem } from './model';

export type ChatNotice =
  | { type: 'prompt'; item: VisitorItem }
  /** `shared`: another tab's stream brought it, and that tab tracks it. */
  | { type: 'response'; item: AgentItem; durationMs: number | undefined; shared: boolean }
  | { type: 'message'; item: AgentItem | VisitorItem }
  | { type: 'reaction'; item: AgentItem; reaction: Reaction | 'unreact'; comment?: string }
  | { type: 'error'; message: string }
  | { type: 'connection'; status: ConnectionStatus }
  /** The gateway refused the conversation: a new one replaced it. */
  | { type: 'restarted' };

export interface Notices {
  notify(notice: ChatNotice): void;
  subscribe(listener: (notice: ChatNotice) => void): () => void;
  clear(): void;
}

export function createNotices(): Notices {
  const listeners = new Set<(notice: ChatNotice) => void>();
  return {
    notify(notice) {
      for (const listener of listeners) {
        try {
          listener(notice);
        } catch (e) {
          console.error('[agent-chat] a listener threw', e);
        }
      }
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    clear: () => listeners.clear(),
  };
}
