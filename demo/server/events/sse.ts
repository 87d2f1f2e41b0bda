// GET /eventrouter/v1/sse (PROTOCOL §2): replay after Last-Event-ID, then live events, with a
// ping comment so proxies and the widget's watchdog see the connection alive.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { EventLog } from './event-log';
import { HttpError } from '../http/errors';
import { bearerToken } from '../http/headers';
import type { Hub, HubEvent } from './hub';
import type { ConversationStore, EventStore } from '../store/store';
import type { TokenSigner } from '../auth/token';
import { withFreshUrls } from '../files/attachments';
import type { FileUrls } from '../files/file-urls';

export interface SseDeps {
  store: Pick<ConversationStore, 'getConversation'> & Pick<EventStore, 'eventsAfter'>;
  hub: Hub;
  log: EventLog;
  tokens: TokenSigner;
  /** Signs the URLs of the files a message carries, as it goes out (stored ones have expired). */
  urls: FileUrls;
  pingMs: number;
  streams: OpenStreams;
  maxStreams: number;
  maxStreamsPerConversation: number;
  maxStreamsPerAddress: number;
  /** The client's address, for the per-address cap. */
  address: string;
}

/** The open streams: all of them (shutdown ends them) and counts per conversation and per client address (for the caps). */
export interface OpenStreams {
  all: Set<ServerResponse>;
  byConversation: Map<string, number>;
  byAddress: Map<string, number>;
}

/** A client this far behind is dropped (it reconnects and resumes) rather than buffered. */
const MAX_BUFFERED_BYTES = 1 << 20;

export function formatEvent(event: HubEvent): string {
  return `${event.id === undefined ? '' : `id: ${event.id}\n`}event: ${event.name}\ndata: ${event.data}\n\n`;
}

const tooMany = (what: string) => new HttpError(503, 'too_many_streams', `Too many open event streams${what}; retry shortly.`, { 'Retry-After': '5' });

/** Adds one to a count; returns how to take it back (a count back at zero is forgotten). */
function countIn(counts: Map<string, number>, key: string): () => void {
  counts.set(key, (counts.get(key) ?? 0) + 1);
  return () => {
    const left = (counts.get(key) ?? 1) - 1;
    if (left > 0) counts.set(key, left);
    else counts.delete(key);
  };
}

/** Claims a stream slot for the conversation and the address, or answers 503; returns how to give it back. */
function claimSlot(streams: OpenStreams, conversationId: string, deps: SseDeps): () => void {
  if (streams.all.size >= deps.maxStreams || (streams.byConversation.get(conversationId) ?? 0) >= deps.maxStreamsPerConversation) throw tooMany('');
  if ((streams.byAddress.get(deps.address) ?? 0) >= deps.maxStreamsPerAddress) throw tooMany(' from this address');
  const releaseConversation = countIn(streams.byConversation, conversationId);
  const releaseAddress = countIn(streams.byAddress, deps.address);
  return () => {
    releaseConversation();
    releaseAddress();
  };
}

export async function handleSse(req: IncomingMessage, res: ServerResponse, deps: SseDeps): Promise<void> {
  const token = bearerToken(req);
  const conversationId = token ? deps.tokens.verify(token) : null;
  if (!conversationId || !(await deps.store.getConversation(conversationId))) {
    throw new HttpError(401, 'unauthorized', 'Send the conversation token as "Authorization: Bearer <token>".');
  }
  const releaseSlot = claimSlot(deps.streams, conversationId, deps);
  const header = req.headers['last-event-id'];
  const lastEventId = typeof header === 'string' && /^\d{1,15}$/.test(header) ? Number(header) : 0;

  res.writeHead(200, {
    'Content-Type': 'text/event-stream; charset=utf-8',
    'Cache-Control': 'no-cache, no-transform',
    Connection: 'keep-alive',
    'X-Accel-Buffering': 'no',
  });
  res.socket?.setNoDelay(true);
  // A stream is quiet between events by design (pings keep proxies awake): no idle timeout.
  res.socket?.setTimeout(0);
  deps.streams.all.add(res);
  let unsubscribe = () => {};
  const ping = setInterval(() => write(': ping\n\n'), deps.pingMs);
  res.on('close', () => {
    clearInterval(ping);
    unsubscribe();
    deps.streams.all.delete(res);
    releaseSlot();
  });

  function write(text: string) {
    res.write(text);
    if (res.writableLength > MAX_BUFFERED_BYTES) res.destroy();
  }

  // Durable events go out strictly in id order, each once: a repeat is skipped, and a gap (an
  // event published by another instance before an earlier one) is filled from the store. Live
  // events wait in `held` while the replay or a gap fill reads the store.
  let lastSent = lastEventId;
  let held: HubEvent[] | null = [];
  const send = (event: HubEvent) => {
    if (event.id !== undefined) {
      if (event.id <= lastSent) return;
      lastSent = event.id;
    }
    write(formatEvent(withFreshUrls(event, conversationId, deps.urls)));
  };
  const release = () => {
    const queued = held ?? [];
    held = null;
    for (const event of queued) deliver(event);
  };
  const deliver = (event: HubEvent) => {
    if (held) return void held.push(event);
    if (event.id === undefined || event.id <= lastSent + 1) return send(event);
    held = [event];
    deps.store.eventsAfter(conversationId, lastSent).then((missed) => {
      for (const m of missed) if (m.id < event.id!) send(m);
      release();
    }, () => res.destroy());
  };

  unsubscribe = await deps.hub.subscribe(conversationId, deliver);
  if (res.destroyed) return unsubscribe();
  const replayed = await deps.log.replay(conversationId, lastEventId);
  write('retry: 2000\n\n');
  for (const event of replayed) send(event);
  // An ephemeral event published while the replay was read is in both; its data is unique.
  const replayedEphemeral = new Set(replayed.filter((e) => e.id === undefined).map((e) => e.data));
  held = held!.filter((e) => e.id !== undefined || !replayedEphemeral.has(e.data));
  release();
}
