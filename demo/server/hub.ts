// Fan-out of live events to the SSE connections of a conversation. In-process by default; the
// interface lets a multi-instance deployment put Redis behind it.
export interface HubEvent {
  /** The durable event id; absent for ephemeral events (typing, progress, tokens). */
  id?: number;
  name: string;
  data: string;
}

export interface Hub {
  publish(conversationId: string, event: HubEvent): void;
  subscribe(conversationId: string, listener: (event: HubEvent) => void): () => void;
}

export function createMemoryHub(): Hub {
  const listeners = new Map<string, Set<(event: HubEvent) => void>>();
  return {
    publish(conversationId, event) {
      for (const listener of listeners.get(conversationId) ?? []) listener(event);
    },
    subscribe(conversationId, listener) {
      let set = listeners.get(conversationId);
      if (!set) listeners.set(conversationId, (set = new Set()));
      set.add(listener);
      return () => {
        set.delete(listener);
        if (set.size === 0) listeners.delete(conversationId);
      };
    },
  };
}
