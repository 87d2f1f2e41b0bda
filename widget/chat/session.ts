// The conversation as it survives a reload: its id and token, the ids already surfaced (so a
// replayed history never surfaces one twice), the visitor's reactions and when the latest prompt
// left. Saved with the transcript's unsent messages beside it, read from the transcript itself.
import { isUnsent } from './apply';
import type { Reaction, TranscriptItem } from './model';
import { type ConversationStore, MAX_SEEN, type SavedConversation, type UnsentMessage } from './persist';

export interface Session {
  conversationId(): string;
  /** The conversation token, once the gateway issued one. */
  token(): string | null;
  /** Keeps (and saves) the token the gateway issued to this conversation. */
  setToken(token: string): void;
  reaction(messageId: string): Reaction | null;
  /** Sets (or with null takes back) a reaction, and saves it. */
  setReaction(messageId: string, reaction: Reaction | null): void;
  /** When the visitor's latest message (or startSession) left: a response's duration runs from it. */
  sentAt(): number | undefined;
  /** Notes when a prompt left; saved with the next save. */
  markSent(at: number): void;
  /**
   * True the first time an id is surfaced in this conversation, across reloads (and saves it).
   * With `otherTabs`, an id another tab surfaced and saved counts as surfaced too.
   */
  firstSighting(id: string, otherTabs?: boolean): boolean;
  save(): void;
  /** Forgets everything for a new conversation; saved with the next save. */
  reset(conversationId: string): void;
}

export const blankConversation = (conversationId: string): SavedConversation => ({ conversationId, token: null, seen: [], reactions: {}, unsent: [] });

function unsentMessages(items: readonly TranscriptItem[]): UnsentMessage[] {
  return items.filter(isUnsent).map(({ id, text, at, suggested, cardIndex, files = [], send, error }): UnsentMessage => {
    const uploaded = files.flatMap(({ id: fileId, name, type, size }) => (fileId ? [{ id: fileId, name, type, size }] : []));
    return {
      id, text, at, suggested, ...(cardIndex !== undefined && { cardIndex }), ...(uploaded.length && { files: uploaded }), ...(send.value === 'failed' && { error: error.value ?? '' }),
    };
  });
}

export function createSession(store: ConversationStore, initial: SavedConversation, transcript: () => readonly TranscriptItem[]): Session {
  let saved = initial;
  let seen = new Set(initial.seen);
  /** What other tabs saved of this conversation, if it is this one. */
  function stored() {
    const conversation = store.load();
    return conversation?.conversationId === saved.conversationId ? conversation : null;
  }
  /** Takes in what other tabs saved: the ids they surfaced, and when their latest prompt left. */
  function sync() {
    const other = stored();
    if (!other) return;
    for (const id of other.seen) seen.add(id);
    if ((other.sentAt ?? 0) > (saved.sentAt ?? 0)) saved.sentAt = other.sentAt;
  }
  function save() {
    // Other tabs save this conversation too: what they surfaced is kept, though this tab has not seen it yet.
    const ids = new Set([...(stored()?.seen ?? []), ...seen]);
    store.save({ ...saved, seen: [...ids].slice(-MAX_SEEN), unsent: unsentMessages(transcript()) });
  }
  return {
    conversationId: () => saved.conversationId,
    token: () => saved.token,
    setToken(token) {
      saved = { ...saved, token };
      save();
    },
    reaction: (messageId) => saved.reactions[messageId] ?? null,
    setReaction(messageId, reaction) {
      const { [messageId]: _, ...others } = saved.reactions;
      saved = { ...saved, reactions: reaction ? { ...others, [messageId]: reaction } : others };
      save();
    },
    sentAt: () => saved.sentAt,
    markSent(at) {
      saved.sentAt = at;
    },
    firstSighting(id, otherTabs = false) {
      if (seen.has(id)) return false;
      if (otherTabs) sync();
      if (seen.has(id)) return false;
      seen.add(id);
      save();
      return true;
    },
    save,
    reset(conversationId) {
      saved = blankConversation(conversationId);
      seen = new Set();
    },
  };
}
