// GET /eventrouter/v1/sse (PROTOCOL §2): replay after Last-Event-ID, then live events, with a
// ping comment so proxies and the widget's watchdog see the connection alive.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { EventLog } from './event-log';
import { HttpError, bearerToken } from './http';
import type { Hub, HubEvent } from './hub';
import type { Store } from './store';
import type { TokenSigner } from './token';

export interface SseDeps {
  store: Store;
  hub: Hub;
  log: EventLog;
  tokens: TokenSigner;
  pingMs: number;
  streams: OpenStreams;
  maxStreams: number;
  maxStreamsPerConversation: number;
}

/** The open streams: all of them (shutdown ends them) and a count per conversation (for the cap). */
export interface OpenStreams {
  all: Set<ServerResponse>;
  byConversation: Map<string, number>;
}

/** A client this far behind is dropped (it reconnects and resumes) rather than buffered. */
const MAX_BUFFERED_BYTES = 1 << 20;

export function formatEvent(event: HubEvent): string {
  return `${event.id === undefined ? '' : `id: ${event.id}\n`}event: ${event.name}\ndata: ${event.data}\n\n`;
}

export function handleSse(req: IncomingMessage, res: ServerResponse, deps: SseDeps): void {
  const token = bearerToken(req);
  const conversationId = token ? deps.tokens.verify(token) : null;
  if (!conversationId || !deps.store.getConversation(conversationId)) {
    throw new HttpError(401, 'unauthorized', 'Send the conversation token as "Authorization: Bearer <token>".');
  }
  const { all, byConversation: counts } = deps.streams;
  const mine = counts.get(conversationId) ?? 0;
  if (all.size >= deps.maxStreams || mine >= deps.maxStreamsPerConversation) {
    throw new HttpError(503, 'too_many_streams', 'Too many open event streams; retry shortly.', { 'Retry-After': '5' });
  }
  counts.set(conversationId, mine + 1);
  const header = req.headers['last-event-id'];
  const lastEventId = typeof header === 'string' && /^\d{1,15}$/.test(header) ? Number(header) : 0;

  res.writeHead(200, {
    'Content-Type': 'text/event-stream; charset=utf-8',
    'Cache-Control': 'no-cache, no-transform',
    Connection: 'keep-alive',
    'X-Accel-Buffering': 'no',
  });
  res.socket?.setNoDelay(true);
  all.add(res);

  const write = (text: string) => {
    res.write(text);
    if (res.writableLength > MAX_BUFFERED_BYTES) res.destroy();
  };
  // Subscribing and replaying happen in one synchronous turn (SQLite reads are synchronous),
  // so no event can slip between the replay and the live stream.
  const unsubscribe = deps.hub.subscribe(conversationId, (event) => write(formatEvent(event)));
  write(`retry: 2000\n\n${deps.log.replay(conversationId, lastEventId).map(formatEvent).join('')}`);
  const ping = setInterval(() => write(': ping\n\n'), deps.pingMs);

  res.on('close', () => {
    clearInterval(ping);
    unsubscribe();
    all.delete(res);
    const left = (counts.get(conversationId) ?? 1) - 1;
    if (left > 0) counts.set(conversationId, left);
    else counts.delete(conversationId);
  });
}
