// The Hub inside one process: listeners in a map, ephemeral events in per-conversation buffers
// bounded by bytes, per conversation and overall; the oldest event goes first.
import { type EphemeralEvent, type Hub, type HubEvent, isEphemeral } from './hub';

export interface MemoryHubOptions {
  /** Bytes of ephemeral events kept in all (the UTF-8 size of their name and data), for short reconnects. */
  maxBytes?: number;
  /** Bytes kept per conversation: a long streamed reply keeps its latest tokens. */
  maxBytesPerConversation?: number;
}

export const DEFAULT_HUB_BYTES = 16 * 1024 * 1024;
export const DEFAULT_HUB_BYTES_PER_CONVERSATION = 256 * 1024;

interface Kept {
  event: EphemeralEvent;
  bytes: number;
  /** Publication order across conversations, to find the oldest event overall. */
  seq: number;
}

interface Buffer {
  events: Kept[];
  bytes: number;
}

export function createMemoryHub({ maxBytes = DEFAULT_HUB_BYTES, maxBytesPerConversation = DEFAULT_HUB_BYTES_PER_CONVERSATION }: MemoryHubOptions = {}): Hub {
  const listeners = new Map<string, Set<(event: HubEvent) => void>>();
  const buffers = new Map<string, Buffer>();
  // Every kept event in publication order; an entry whose event its conversation already dropped
  // is skipped when reached, and swept out when such entries pile up.
  let order: { conversationId: string; seq: number }[] = [];
  let head = 0;
  let seq = 0;
  let keptCount = 0;
  let totalBytes = 0;

  function dropOldest(conversationId: string, buffer: Buffer) {
    const dropped = buffer.events.shift()!;
    buffer.bytes -= dropped.bytes;
    totalBytes -= dropped.bytes;
    keptCount--;
    if (buffer.events.length === 0) buffers.delete(conversationId);
  }

  const isKept = (entry: { conversationId: string; seq: number }) => (buffers.get(entry.conversationId)?.events[0]?.seq ?? Infinity) <= entry.seq;

  function keep(conversationId: string, event: EphemeralEvent) {
    const bytes = Buffer.byteLength(event.name) + Buffer.byteLength(event.data);
    if (bytes > maxBytesPerConversation || bytes > maxBytes) return;
    let buffer = buffers.get(conversationId);
    if (!buffer) buffers.set(conversationId, (buffer = { events: [], bytes: 0 }));
    buffer.events.push({ event, bytes, seq });
    order.push({ conversationId, seq: seq++ });
    buffer.bytes += bytes;
    totalBytes += bytes;
    keptCount++;
    while (buffer.bytes > maxBytesPerConversation) dropOldest(conversationId, buffer);
    while (totalBytes > maxBytes) {
      const oldest = order[head++]!;
      if (isKept(oldest)) dropOldest(oldest.conversationId, buffers.get(oldest.conversationId)!);
    }
    // The entries already passed and those of dropped events go once they outnumber the kept ones.
    if (order.length > 2 * keptCount + 1024) {
      order = order.slice(head).filter(isKept);
      head = 0;
    }
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
      return (buffers.get(conversationId)?.events ?? []).map((kept) => kept.event).filter((e) => e.after >= afterId);
    },
    async close() {
      listeners.clear();
      buffers.clear();
      order = [];
      head = 0;
      keptCount = 0;
      totalBytes = 0;
    },
  };
}
