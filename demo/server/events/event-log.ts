// Emits a conversation's events: durable ones are stored, then published with their id;
// ephemeral ones (typing, progress, tokens) only live in the hub's bounded buffer and carry no
// id, so Last-Event-ID always names a durable event, even across a gateway restart or another
// instance. A conversation's events are stored and published in the order they were emitted.
import type { WireEntryPayload } from '../../../widget/protocol/wire';
import { type Sender, envelope } from './envelope';
import { eventNameOf } from './event-names';
import type { Hub, HubEvent } from './hub';
import { createKeyedQueue } from '../limits/keyed-queue';
import type { EventStore, MessageRecord, StoredEvent } from '../store/store';

export interface EventLogOptions {
  store: EventStore;
  hub: Hub;
  clock: () => number;
  botName: string;
  /** Conversations whose last durable id is remembered (to place ephemeral events without a read). */
  rememberedConversations?: number;
}

export interface EventLog {
  /** Resolves with the stored event, or null when its message id was already stored. */
  durable(conversationId: string, payload: WireEntryPayload, sender: Sender, message?: Omit<MessageRecord, 'createdAt' | 'conversationId'>): Promise<StoredEvent | null>;
  ephemeral(conversationId: string, payload: WireEntryPayload, sender: Sender): Promise<void>;
  /** What a connection resuming after `afterId` must get, in order, before live events. */
  replay(conversationId: string, afterId: number): Promise<HubEvent[]>;
}

export function createEventLog(options: EventLogOptions): EventLog {
  const { store, hub, clock, botName, rememberedConversations = 2000 } = options;
  const order = createKeyedQueue();
  const lastDurable = new Map<string, number>();

  function remember(conversationId: string, id: number) {
    lastDurable.delete(conversationId); // re-inserted last: Map order is recency
    lastDurable.set(conversationId, id);
    if (lastDurable.size > rememberedConversations) lastDurable.delete(lastDurable.keys().next().value!);
  }

  async function lastId(conversationId: string): Promise<number> {
    const known = lastDurable.get(conversationId);
    if (known !== undefined) return known;
    const id = await store.lastEventId(conversationId);
    remember(conversationId, id);
    return id;
  }

  return {
    durable(conversationId, payload, sender, message) {
      return order.run(conversationId, async () => {
        const now = clock();
        const data = JSON.stringify(envelope(conversationId, botName, payload, sender, now));
        const stored = await store.appendEvent(conversationId, eventNameOf(payload), data, now, message && { ...message, conversationId, createdAt: now });
        if (!stored) return null;
        remember(conversationId, stored.id);
        await hub.publish(conversationId, stored);
        return stored;
      });
    },
    ephemeral(conversationId, payload, sender) {
      return order.run(conversationId, async () => {
        const data = JSON.stringify(envelope(conversationId, botName, payload, sender, clock()));
        await hub.publish(conversationId, { name: eventNameOf(payload), data, after: await lastId(conversationId) });
      });
    },
    async replay(conversationId, afterId) {
      const [ephemeral, durable] = await Promise.all([hub.ephemeralSince(conversationId, afterId), store.eventsAfter(conversationId, afterId)]);
      const out: HubEvent[] = [];
      let next = 0;
      const flushUpTo = (id: number) => {
        for (; next < ephemeral.length && ephemeral[next]!.after <= id; next++) out.push({ name: ephemeral[next]!.name, data: ephemeral[next]!.data });
      };
      flushUpTo(afterId);
      for (const event of durable) {
        out.push(event);
        flushUpTo(event.id);
      }
      flushUpTo(Number.MAX_SAFE_INTEGER);
      return out;
    },
  };
}
