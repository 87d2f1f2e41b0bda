// What survives a reload: the conversation id, its token, which message ids were already
// surfaced (tracked, announced), so a replayed history never counts twice, the visitor's
// reactions, and the messages not yet accepted by the gateway (sent again, with the same id).
import { isArray, isNumber, isRecord, isString, isStrings, opt, parseJson } from '../protocol/json';
import { attachment } from '../protocol/attachment';
import type { Attachment } from '../protocol/events';
import type { Reaction } from './model';

export interface UnsentMessage {
  id: string;
  text: string;
  at: number;
  suggested: boolean;
  cardIndex?: number;
  /** Its files the gateway already has (a file still on its way cannot outlive the page). */
  files?: Attachment[];
  /** Why it failed for good; absent while it is still to be sent. */
  error?: string;
}

export interface SavedConversation {
  conversationId: string;
  token: string | null;
  seen: string[];
  /** By response id. */
  reactions: Record<string, Reaction>;
  unsent: UnsentMessage[];
  /** When the visitor's latest message (or startSession) left: a response's duration runs from it, across a reload. */
  sentAt?: number;
}

function unsentMessage(value: unknown): UnsentMessage[] {
  const id = opt(value, 'id', isString);
  const text = opt(value, 'text', isString);
  const files = (opt(value, 'files', isArray) ?? []).flatMap(attachment);
  if (!id || (!text && !files.length)) return [];
  const cardIndex = opt(value, 'cardIndex', isNumber);
  const error = opt(value, 'error', isString);
  return [{
    id, text: text ?? '', at: opt(value, 'at', isNumber) ?? 0, suggested: opt(value, 'suggested', (v): v is true => v === true) ?? false,
    ...(cardIndex !== undefined && { cardIndex }), ...(files.length && { files }), ...(error !== undefined && { error }),
  }];
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
        const sentAt = opt(json, 'sentAt', isNumber);
        return {
          conversationId, token: opt(json, 'token', isString) ?? null, seen: opt(json, 'seen', isStrings) ?? [],
          reactions: Object.fromEntries(reactions), unsent: (opt(json, 'unsent', isArray) ?? []).flatMap(unsentMessage),
          ...(sentAt !== undefined && { sentAt }),
        };
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
