// The Hub inside one process: listeners in a map, ephemeral events in bounded per-conversation
// buffers (the least recently used conversation's buffer is dropped first).
import { type EphemeralEvent, type Hub, type HubEvent, isEphemeral } from './hub';

export interface MemoryHubOptions {
  /** Ephemeral events kept per conversation, and conversations kept, for short reconnects. */
  bufferPerConversation?: number;
  bufferedConversations?: number;
}

export function createMemoryHub({ bufferPerConversation = 500, bufferedConversations = 2000 }: MemoryHubOptions = {}): Hub {
  const listeners = new Map<string, Set<(event: HubEvent) => void>>();
  const buffers = new Map<string, EphemeralEvent[]>();

  function keep(conversationId: string, event: EphemeralEvent) {
    const list = buffers.get(conversationId) ?? [];
    buffers.delete(conversationId); // re-inserted below: Map order is recency
    buffers.set(conversationId, list);
    if (buffers.size > bufferedConversations) buffers.delete(buffers.keys().next().value!);
    list.push(event);
    if (list.length > bufferPerConversation) list.shift();
  }

  return {
    async publish(conversationId, event) {
      if (isEphemeral(event)) keep(conversationId, event);
      const live: HubEvent = event.id === undefined ? { name: event.name, data: event.data } : { id: event.id, name: event.name, data: event.data };
      for (const listener of listeners.get(conversationId) ?? []) listener(live);
    },
    async subscribe(conversationId, listener) {
      let set = listeners.get(conversationId);
      if (!set) listeners.set(conversationId, (set = new Set()));
      set.add(listener);
      return () => {
        set.delete(listener);
        if (set.size === 0) listeners.delete(conversationId);
      };
    },
    async ephemeralSince(conversationId, afterId) {
      return (buffers.get(conversationId) ?? []).filter((e) => e.after >= afterId);
    },
    async close() {
      listeners.clear();
      buffers.clear();
    },
  };
}
