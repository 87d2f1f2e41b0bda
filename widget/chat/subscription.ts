// The conversation's subscription to its event stream: opened once the conversation has a token,
// closed when the conversation is replaced or the chat disposed. Its status shows in the state; an event that does
// not decode costs a warning (and, when malformed, an error notice). A token refused after the
// gateway renewed it (tokens expire) is replaced by the renewed one; a refused latest token is the
// chat's to handle, since reconnecting cannot help.
import type { ChatEvent, Transport } from '../protocol';
import type { ChatState } from './model';
import type { ChatNotice } from './notices';

export interface SubscriptionOptions {
  transport: Transport;
  state: ChatState;
  token(): string | null;
  onEvent(event: ChatEvent, entryId: string): void;
  notify(notice: ChatNotice): void;
  onRefused(): void;
}

export interface Subscription {
  /** Opens the stream, unless it is open or there is no token yet. */
  open(): void;
  close(): void;
}

export function createSubscription({ transport, state, token, onEvent, notify, onRefused }: SubscriptionOptions): Subscription {
  let disconnect: (() => void) | null = null;
  function close() {
    disconnect?.();
    disconnect = null;
  }
  function open() {
    const current = token();
    if (disconnect || !current) return;
    disconnect = transport.events(current, {
      onEvent,
      onDecodeError(error) {
        if (error.kind === 'ignored') return;
        // One warning per skipped event; only a malformed one is also an error.
        if (error.kind === 'unknown-event') return console.warn(`[agent-chat] ignored an unknown ${error.name} event`);
        const message = `skipped a malformed ${error.name} event: ${error.reason}`;
        console.warn(`[agent-chat] ${message}`);
        notify({ type: 'error', message });
      },
      onStatus(status) {
        state.connection.value = status;
        notify({ type: 'connection', status });
      },
      onAuthFailed() {
        if (token() !== current) {
          // The gateway renewed the token since this stream opened: listen with the renewed one.
          close();
          return open();
        }
        console.warn('[agent-chat] the conversation token was refused; starting a new conversation');
        notify({ type: 'error', message: 'The conversation token was refused.' });
        onRefused();
      },
    });
  }
  return { open, close };
}
