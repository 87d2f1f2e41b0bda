// What the tabs of one conversation tell each other (PROTOCOL §4, exactly once across tabs): the
// tab holding the event stream shares each SSE event as the gateway sent it (the others decode it
// as they would their own stream), its connection status, and, to a tab that joins, what it has
// so far. Same-origin code can post on the channel too, so a message is checked like any JSON.
import type { ConnectionStatus, SseMessage } from './connection';
import { isArray, isRecord, isString, opt } from './json';

export type TabMessage =
  | { type: 'event'; message: SseMessage }
  | { type: 'status'; status: ConnectionStatus }
  /** A tab that opened asks for what the stream brought so far. */
  | { type: 'join'; tab: string }
  | { type: 'history'; tab: string; messages: SseMessage[]; status: ConnectionStatus };

/** A message channel shared by the tabs of one conversation; a tab never hears its own posts. */
export interface TabChannel {
  post(message: TabMessage): void;
  /** Calls back with each message another tab posts; returns the function that stops listening. */
  listen(listener: (message: TabMessage) => void): () => void;
  close(): void;
}

const STATUSES: readonly string[] = ['idle', 'connecting', 'open', 'reconnecting', 'offline'] satisfies ConnectionStatus[];
const isStatus = (v: unknown): v is ConnectionStatus => isString(v) && STATUSES.includes(v);

function sseMessage(value: unknown): SseMessage | undefined {
  const name = opt(value, 'name', isString);
  const data = opt(value, 'data', isString);
  const id = opt(value, 'id', isString);
  return name === undefined || data === undefined ? undefined : { name, data, ...(id !== undefined && { id }) };
}

/** A TabMessage, or null for anything else on the channel. */
export function decodeTabMessage(value: unknown): TabMessage | null {
  if (!isRecord(value)) return null;
  const tab = opt(value, 'tab', isString);
  const status = opt(value, 'status', isStatus);
  switch (value['type']) {
    case 'event': {
      const message = sseMessage(value['message']);
      return message ? { type: 'event', message } : null;
    }
    case 'status':
      return status ? { type: 'status', status } : null;
    case 'join':
      return tab ? { type: 'join', tab } : null;
    case 'history': {
      const list = opt(value, 'messages', isArray);
      const messages = list?.map(sseMessage).filter((m): m is SseMessage => m !== undefined);
      if (!tab || !status || !messages || messages.length !== list?.length) return null;
      return { type: 'history', tab, messages, status };
    }
    default:
      return null;
  }
}
