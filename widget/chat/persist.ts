// What survives a reload: the conversation id, its token, and which message ids were already
// surfaced (tracked, announced), so a replayed history never counts twice.
import { isString, isStrings, opt, parseJson } from '../protocol/json';

export interface SavedConversation {
  conversationId: string;
  token: string | null;
  seen: string[];
}

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
        return { conversationId, token: opt(json, 'token', isString) ?? null, seen: opt(json, 'seen', isStrings) ?? [] };
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
