// Emits a conversation's events: durable ones are stored, then published with their id;
// ephemeral ones (typing, progress, tokens) only live in a bounded buffer and carry no id,
// so Last-Event-ID always names a durable event, even across a gateway restart.
import type { SseEventName, WireEntryPayload } from '../../widget/protocol/wire';
import { type Sender, envelope } from './envelope';
import type { Hub, HubEvent } from './hub';
import type { MessageRecord, Store } from './store';

export interface EventLogOptions {
  store: Store;
  hub: Hub;
  clock: () => number;
  botName: string;
  /** Ephemeral events kept per conversation, and conversations kept, for short reconnects. */
  bufferPerConversation?: number;
  bufferedConversations?: number;
}

interface Buffered extends HubEvent {
  /** The durable id this event came after. */
  after: number;
}

export interface EventLog {
  durable(conversationId: string, name: SseEventName, payload: WireEntryPayload, sender: Sender, message?: Omit<MessageRecord, 'createdAt' | 'conversationId'>): HubEvent | null;
  ephemeral(conversationId: string, name: SseEventName, payload: WireEntryPayload, sender: Sender): void;
  /** What a connection resuming after `afterId` must get, in order, before live events. */
  replay(conversationId: string, afterId: number): HubEvent[];
}

export function createEventLog(options: EventLogOptions): EventLog {
  const { store, hub, clock, botName, bufferPerConversation = 500, bufferedConversations = 2000 } = options;
  const buffers = new Map<string, Buffered[]>();
  const lastDurable = new Map<string, number>();

  function lastId(conversationId: string): number {
    let id = lastDurable.get(conversationId);
    if (id === undefined) lastDurable.set(conversationId, (id = store.lastEventId(conversationId)));
    return id;
  }

  function buffer(conversationId: string): Buffered[] {
    let list = buffers.get(conversationId);
    if (list) buffers.delete(conversationId); // re-inserted below: Map order is recency
    else list = [];
    buffers.set(conversationId, list);
    if (buffers.size > bufferedConversations) {
      const oldest = buffers.keys().next().value!;
      buffers.delete(oldest);
      lastDurable.delete(oldest);
    }
    return list;
  }

  return {
    durable(conversationId, name, payload, sender, message) {
      const now = clock();
      const data = JSON.stringify(envelope(conversationId, botName, payload, sender, now));
      const stored = store.appendEvent(conversationId, name, data, now, message && { ...message, conversationId, createdAt: now });
      if (!stored) return null;
      lastDurable.set(conversationId, stored.id);
      hub.publish(conversationId, stored);
      return stored;
    },
    ephemeral(conversationId, name, payload, sender) {
      const event: HubEvent = { name, data: JSON.stringify(envelope(conversationId, botName, payload, sender, clock())) };
      const list = buffer(conversationId);
      list.push({ ...event, after: lastId(conversationId) });
      if (list.length > bufferPerConversation) list.shift();
      hub.publish(conversationId, event);
    },
    replay(conversationId, afterId) {
      const ephemeral = (buffers.get(conversationId) ?? []).filter((e) => e.after >= afterId);
      const out: HubEvent[] = [];
      let next = 0;
      const flushUpTo = (id: number) => {
        for (; next < ephemeral.length && ephemeral[next]!.after <= id; next++) out.push({ name: ephemeral[next]!.name, data: ephemeral[next]!.data });
      };
      flushUpTo(afterId);
      for (const event of store.eventsAfter(conversationId, afterId)) {
        out.push(event);
        flushUpTo(event.id);
      }
      flushUpTo(Number.MAX_SAFE_INTEGER);
      return out;
    },
  };
}
