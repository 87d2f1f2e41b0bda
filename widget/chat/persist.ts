// What survives a reload: the conversation id, its token, which message ids were already
// surfaced (tracked, announced), so a replayed history never counts twice, and the visitor's reactions.
import { isRecord, isString, isStrings, opt, parseJson } from '../protocol/json';
import type { Reaction } from './model';

export interface SavedConversation {
  conversationId: string;
  token: string | null;
  seen: string[];
  /** By response id. */
  reactions: Record<string, Reaction>;
}

const isReaction = (v: unknown): v is Reaction => v === 'positive' || v === 'negative';

/** Enough for any real conversation; the oldest ids go first. */
export const MAX_SEEN = 1000;

export interface ConversationStore {
  load(): SavedConversation | null;
  save(conversation: SavedConversation): void;
}

/** Storage can throw (privacy modes, sandboxed frames, full quota): then nothing persists. */
export function createConversationStore(storage: Storage | null, key: string): ConversationStore {
  return {
    load() {
      try {
        const json = parseJson(storage?.getItem(key) ?? '');
        const conversationId = opt(json, 'conversationId', isString);
        if (!conversationId) return null;
        const reactions = Object.entries(opt(json, 'reactions', isRecord) ?? {}).filter((entry): entry is [string, Reaction] => isReaction(entry[1]));
        return { conversationId, token: opt(json, 'token', isString) ?? null, seen: opt(json, 'seen', isStrings) ?? [], reactions: Object.fromEntries(reactions) };
      } catch {
        return null;
      }
    },
    save(conversation) {
      try {
        storage?.setItem(key, JSON.stringify(conversation));
      } catch {
        // Not persisting is better than breaking the chat.
      }
    },
  };
}
