// The events a tab has had, as the gateway sent them, so that a tab opening on the conversation
// can be given everything at once: the durable events, and the tokens of a reply still streaming.
// Tokens, typing and progress go once a final message makes them moot; bounded, oldest first out.
import type { ChatEvent, SseMessage } from '../protocol';

export interface TabLog {
  /** Keeps an event; false when it is already kept. */
  add(entryId: string, message: SseMessage, event: ChatEvent): boolean;
  messages(): SseMessage[];
}

interface Entry {
  message: SseMessage;
  /** The final message a token belongs to. */
  target?: string;
}

export function createTabLog(max = 5000): TabLog {
  const entries = new Map<string, Entry>();
  return {
    add(entryId, message, event) {
      if (entries.has(entryId)) return false;
      if (event.kind === 'message') {
        for (const [id, entry] of entries) {
          // A final message ends its own stream, and any typing or progress shown before it.
          const moot = entry.target === undefined ? entry.message.id === undefined : entry.target === event.id;
          if (moot) entries.delete(id);
        }
      }
      const target = event.kind === 'token' || event.kind === 'token-invalid' ? event.target : undefined;
      entries.set(entryId, { message, ...(target !== undefined && { target }) });
      if (entries.size > max) entries.delete(entries.keys().next().value!);
      return true;
    },
    messages: () => [...entries.values()].map((entry) => entry.message),
  };
}
