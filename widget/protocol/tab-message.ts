// What the tabs of one conversation tell each other: the tab holding the event stream shares each
// SSE event as the gateway sent it (the others decode it as they would their own stream) and its
// connection status, and answers a tab that joins with what it has so far. Same-origin code can
// post on the channel too, so a message is checked like any JSON.
import type { ConnectionStatus, SseMessage } from './connection';
import { isArray, isString, opt } from './json';

export type TabMessage =
  /** Events as they come (`event`), or what the stream brought before a tab joined (`history`). */
  | { type: 'event' | 'history'; messages: SseMessage[] }
  | { type: 'status'; status: ConnectionStatus }
  /** A tab that opened asks for the history. */
  | { type: 'join' };

/** A message channel shared by the tabs of one conversation; a tab never hears its own posts. */
export interface TabChannel {
  post(message: TabMessage): void;
  /** Stops posting and hearing. */
  close(): void;
}

const STATUSES: readonly string[] = ['idle', 'connecting', 'open', 'reconnecting', 'offline'] satisfies ConnectionStatus[];
const isStatus = (v: unknown): v is ConnectionStatus => isString(v) && STATUSES.includes(v);

function sseMessage(value: unknown): SseMessage[] {
  const data = opt(value, 'data', isString);
  return data === undefined ? [] : [{ event: opt(value, 'event', isString), data, id: opt(value, 'id', isString) }];
}

/** The list under `messages` if every entry is an SSE event. */
function sseMessages(value: unknown): SseMessage[] | undefined {
  const list = opt(value, 'messages', isArray);
  const messages = list?.flatMap(sseMessage);
  return messages?.length === list?.length ? messages : undefined;
}

/** A TabMessage, or null for anything else on the channel. */
export function decodeTabMessage(value: unknown): TabMessage | null {
  const type = opt(value, 'type', isString);
  const status = opt(value, 'status', isStatus);
  const messages = sseMessages(value);
  if (type === 'join') return { type };
  if (type === 'status' && status) return { type, status };
  if ((type === 'event' || type === 'history') && messages) return { type, messages };
  return null;
}
