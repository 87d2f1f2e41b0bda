// The conversation's subscription to its event stream: opened once the conversation has a token,
// closed when the conversation is replaced or the chat disposed. Its status shows in the state; an
// event that does not decode costs a warning (and, when malformed, an error notice). A token
// refused after the gateway renewed it (tokens expire) is replaced by the renewed one; a refused
// latest token is the chat's to handle, since reconnecting cannot help. With tabs, the stream is
// shared with the conversation's other tabs (tab-stream.ts).
import type { ChatEvent, ConnectionStatus, Transport } from '../protocol';
import type { ChatState } from './model';
import type { ChatNotice } from './notices';
import { type Listen, type Tabs, shareStream } from './tab-stream';

export interface SubscriptionOptions {
  transport: Transport;
  state: ChatState;
  token(): string | null;
  /** `shared`: another tab's stream brought it (and that tab tracks it). */
  onEvent(event: ChatEvent, entryId: string, shared: boolean): void;
  notify(notice: ChatNotice): void;
  onRefused(): void;
  tabs?: Tabs | undefined;
}

export interface Subscription {
  /** Opens the stream, unless it is open or there is no token yet. */
  open(): void;
  close(): void;
  /** True while this tab holds a stream shared with other tabs. */
  leading(): boolean;
}

export function createSubscription({ transport, state, token, onEvent, notify, onRefused, tabs }: SubscriptionOptions): Subscription {
  let disconnect: (() => void) | null = null;
  let leading = () => false;
  const setStatus = (status: ConnectionStatus) => {
    state.connection.value = status;
    notify({ type: 'connection', status });
  };
  function close() {
    disconnect?.();
    disconnect = null;
    leading = () => false;
  }
  /** Listens with the current token; a refused one the gateway has renewed since is replaced, and the stream goes on. */
  const listen: Listen = (onEvent, onStatus, lastEventId) => {
    const current = token()!;
    let stop = transport.events(current, {
      onEvent,
      onDecodeError(error) {
        if (error.kind === 'ignored') return;
        // One warning per skipped event; only a malformed one is also an error.
        if (error.kind === 'unknown-event') return console.warn(`[agent-chat] ignored an unknown ${error.name} event`);
        const message = `skipped a malformed ${error.name} event: ${error.reason}`;
        console.warn(`[agent-chat] ${message}`);
        notify({ type: 'error', message });
      },
      onStatus,
      onAuthFailed() {
        // The gateway renewed the token since this stream opened: listen with the renewed one.
        if (token() !== current) {
          stop();
          return void (stop = listen(onEvent, onStatus, lastEventId));
        }
        console.warn('[agent-chat] the conversation token was refused; starting a new conversation');
        notify({ type: 'error', message: 'The conversation token was refused.' });
        onRefused();
      },
    }, lastEventId);
    return () => stop();
  };
  function open() {
    if (disconnect || !token()) return;
    const shared = tabs && shareStream({ tabs, state, listen, setStatus, onEvent });
    disconnect = shared ? shared.stop : listen((event, entryId) => onEvent(event, entryId, false), setStatus);
    if (shared) leading = shared.leading;
  }
  return { open, close, leading: () => leading() };
}
