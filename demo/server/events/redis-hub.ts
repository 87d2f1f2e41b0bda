// The Hub on Redis Streams, for several gateway instances: every event of a conversation (durable
// and ephemeral) is appended to its stream, capped and expiring; each instance runs one reader
// that blocks on the streams of the conversations it has SSE connections for, and fans out to
// them. The store stays the source of truth for durable replay; the stream is the live feed and
// the buffer of recent ephemeral events (so a resume on another instance still gets them).
import type { Redis } from 'ioredis';
import { type EphemeralEvent, type Hub, type HubEvent, isEphemeral } from './hub';

export interface RedisHubOptions {
  /** Entries kept per conversation stream (approximately), and how long an idle stream lives. */
  maxLength?: number;
  ttlSeconds?: number;
  /** The longest a newly subscribed conversation can wait for the reader to pick it up. */
  blockMs?: number;
}

const KEY_PREFIX = 'agent-chat:events:';
const streamKey = (conversationId: string) => `${KEY_PREFIX}${conversationId}`;

type Entry = [id: string, fields: string[]];
type Listener = (event: HubEvent) => void;

interface Subscription {
  /** The last stream entry delivered; null until the subscription knows where it starts. */
  position: string | null;
  ready: Promise<void>;
  listeners: Set<Listener>;
}

/** Stream fields: n(ame), d(ata), and i(d) for a durable event or a(fter) for an ephemeral one. */
function encode(event: HubEvent | EphemeralEvent): string[] {
  const fields = ['n', event.name, 'd', event.data];
  if (isEphemeral(event)) fields.push('a', String(event.after));
  else if (event.id !== undefined) fields.push('i', String(event.id));
  return fields;
}

function decode(fields: string[]): HubEvent | EphemeralEvent {
  const map = new Map<string, string>();
  for (let i = 0; i + 1 < fields.length; i += 2) map.set(fields[i]!, fields[i + 1]!);
  const event = { name: map.get('n') ?? '', data: map.get('d') ?? '' };
  if (map.has('a')) return { ...event, after: Number(map.get('a')) };
  return map.has('i') ? { ...event, id: Number(map.get('i')) } : event;
}

/** `commands` is shared (publishing, rate limits); the hub opens one more connection to block on. */
export async function createRedisHub(commands: Redis, { maxLength = 1000, ttlSeconds = 86_400, blockMs = 1000 }: RedisHubOptions = {}): Promise<Hub> {
  const reader = commands.duplicate();
  const readerId = Number(await reader.client('ID'));
  const subscriptions = new Map<string, Subscription>();
  let stopped = false;
  let wake = () => {};

  function deliver(conversationId: string, entries: Entry[]) {
    const subscription = subscriptions.get(conversationId);
    if (!subscription) return;
    for (const [id, fields] of entries) {
      subscription.position = id;
      const { name, data, ...rest } = decode(fields);
      const live: HubEvent = 'id' in rest && rest.id !== undefined ? { id: rest.id, name, data } : { name, data };
      for (const listener of subscription.listeners) listener(live);
    }
  }

  async function readLoop() {
    while (!stopped) {
      const ready = [...subscriptions].filter(([, s]) => s.position !== null);
      if (ready.length === 0) {
        await new Promise<void>((resolve) => (wake = resolve));
        continue;
      }
      const args = ['COUNT', '1000', 'BLOCK', String(blockMs), 'STREAMS', ...ready.map(([id]) => streamKey(id)), ...ready.map(([, s]) => s.position!)];
      try {
        const reply = (await reader.call('XREAD', ...args)) as [string, Entry[]][] | null;
        for (const [key, entries] of reply ?? []) deliver(key.slice(KEY_PREFIX.length), entries);
      } catch (error) {
        if (stopped) return;
        console.error('redis hub: read failed, retrying', (error as Error).message);
        await new Promise((resolve) => setTimeout(resolve, 500));
      }
    }
  }
  void readLoop();

  /** Where a new subscription starts: after the stream's last entry now. */
  async function start(conversationId: string, subscription: Subscription) {
    const [last] = (await commands.xrevrange(streamKey(conversationId), '+', '-', 'COUNT', 1)) as Entry[];
    subscription.position = last?.[0] ?? '0-0';
    wake();
    // Interrupt the reader's current block so that it reads this stream too.
    await commands.client('UNBLOCK', readerId);
  }

  return {
    async publish(conversationId, event) {
      const key = streamKey(conversationId);
      const results = await commands.multi().xadd(key, 'MAXLEN', '~', maxLength, '*', ...encode(event)).expire(key, ttlSeconds).exec();
      const failed = results?.find(([error]) => error);
      if (failed) throw failed[0];
    },
    async subscribe(conversationId, listener) {
      let subscription = subscriptions.get(conversationId);
      if (!subscription) {
        const created: Subscription = { position: null, ready: Promise.resolve(), listeners: new Set() };
        created.ready = start(conversationId, created).catch((error: unknown) => {
          subscriptions.delete(conversationId);
          throw error;
        });
        subscriptions.set(conversationId, (subscription = created));
      }
      subscription.listeners.add(listener);
      await subscription.ready;
      const mine = subscription;
      return () => {
        mine.listeners.delete(listener);
        if (mine.listeners.size === 0 && subscriptions.get(conversationId) === mine) subscriptions.delete(conversationId);
      };
    },
    async ephemeralSince(conversationId, afterId) {
      const entries = (await commands.xrange(streamKey(conversationId), '-', '+')) as Entry[];
      return entries.map(([, fields]) => decode(fields)).filter((e): e is EphemeralEvent => isEphemeral(e) && e.after >= afterId);
    },
    async close() {
      stopped = true;
      wake();
      reader.disconnect();
    },
  };
}
