// Fan-out of live events to the SSE connections of a conversation. In-process by default
// (memory-hub.ts); redis-hub.ts carries them between instances behind a load balancer.
export interface HubEvent {
  /** The durable event id; absent for ephemeral events (typing, progress, tokens). */
  id?: number;
  name: string;
  data: string;
}

/** An ephemeral event and the durable id it came after, so a resume can replay it in place. */
export interface EphemeralEvent extends HubEvent {
  after: number;
}

export interface Hub {
  /** Sends a live event to every subscriber of the conversation; an ephemeral one is also kept
   *  in a bounded buffer for short reconnects. Resolves once the hub has taken it. */
  publish(conversationId: string, event: HubEvent | EphemeralEvent): Promise<void>;
  /** Resolves once every event published from then on will reach `listener`; returns unsubscribe. */
  subscribe(conversationId: string, listener: (event: HubEvent) => void): Promise<() => void>;
  /** Buffered ephemeral events that came after durable event `afterId` or later, oldest first. */
  ephemeralSince(conversationId: string, afterId: number): Promise<EphemeralEvent[]>;
  close(): Promise<void>;
}

export const isEphemeral = (event: HubEvent | EphemeralEvent): event is EphemeralEvent => 'after' in event;
