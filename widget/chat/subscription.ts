// The conversation's subscription to its event stream: opened once the conversation has a token,
// closed when the conversation is replaced or the chat disposed. Its status shows in the state; an
// event that does not decode costs a warning (and, when malformed, an error notice); a refused
// token is the chat's to handle, since reconnecting cannot help.
//
// With tabs (Web Locks and a channel between the visitor's tabs), one tab per conversation holds the
// stream: it applies and tracks each event, then shares it as the gateway sent it. The others apply
// what it shares (untracked), after asking for what it had before they opened; when it goes, the
// next one takes the stream over from the last event it has, and the gateway replays the rest.
import { type ChatEvent, type ConnectionStatus, type SseHandlers, type SseMessage, type TabChannel, type TabMessage, type Transport, decodeEvent } from '../protocol';
import { type Leadership, type Locks, electLeader } from './leader';
import type { ChatState } from './model';
import type { ChatNotice } from './notices';
import { createTabLog } from './tab-log';

/** What sharing a stream between tabs needs; absent where the browser lacks either. */
export interface Tabs {
  locks: Locks;
  /** The channel of one conversation's tabs, or null when there is none. */
  channel(name: string): TabChannel | null;
  newId(): string;
}

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

export function createSubscription(options: SubscriptionOptions): Subscription {
  const { transport, state, token, onEvent, notify, onRefused, tabs } = options;
  let disconnect: (() => void) | null = null;
  let leading = () => false;

  const setStatus = (status: ConnectionStatus) => {
    state.connection.value = status;
    notify({ type: 'connection', status });
  };

  const handlers = (onEvent: SseHandlers['onEvent'], onStatus: (status: ConnectionStatus) => void): SseHandlers => ({
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
      console.warn('[agent-chat] the conversation token was refused; starting a new conversation');
      notify({ type: 'error', message: 'The conversation token was refused.' });
      onRefused();
    },
  });

  /** The stream shared with the conversation's other tabs; returns what stops it. */
  function share(current: string, tabs: Tabs, channel: TabChannel): () => void {
    const name = `agent-chat:${state.conversationId.peek()}`;
    const tab = tabs.newId();
    const log = createTabLog();
    let lastEventId: string | undefined;
    /** Until the leader's history arrives, what it shares waits, so the transcript keeps its order. */
    let early: SseMessage[] | null = [];
    let stopStream = () => {};
    let leadership: Leadership | null = null;

    function receive(message: SseMessage) {
      const decoded = decodeEvent(message.name, message.data);
      if (!decoded.ok || !log.add(decoded.entryId, message, decoded.event)) return;
      if (message.id) lastEventId = message.id;
      onEvent(decoded.event, decoded.entryId, true);
    }
    function catchUp(messages: SseMessage[]) {
      const held = early ?? [];
      early = null;
      for (const message of [...messages, ...held]) receive(message);
    }

    const stopListening = channel.listen((message: TabMessage) => {
      if (leadership?.leading()) {
        if (message.type === 'join') channel.post({ type: 'history', tab: message.tab, messages: log.messages(), status: state.connection.peek() });
      } else if (message.type === 'event') {
        if (early) early.push(message.message);
        else receive(message.message);
      } else if (message.type === 'status') {
        setStatus(message.status);
        if (early) channel.post({ type: 'join', tab }); // a new leader: ask it
      } else if (message.type === 'history' && message.tab === tab && early) {
        setStatus(message.status);
        catchUp(message.messages);
      }
    });
    channel.post({ type: 'join', tab });

    leadership = electLeader(tabs.locks, name, () => {
      catchUp([]);
      const onStatus = (status: ConnectionStatus) => {
        setStatus(status);
        channel.post({ type: 'status', status });
      };
      stopStream = transport.events(current, handlers((event, entryId, message) => {
        const fresh = !message || log.add(entryId, message, event);
        if (message?.id) lastEventId = message.id;
        onEvent(event, entryId, false); // applied (and tracked) before the others hear of it
        if (fresh && message) channel.post({ type: 'event', message });
      }, onStatus), lastEventId);
    });
    leading = leadership.leading;
    return () => {
      leadership?.resign();
      leading = () => false;
      stopStream();
      stopListening();
      channel.close();
    };
  }

  return {
    open() {
      const current = token();
      if (disconnect || !current) return;
      const channel = tabs?.channel(`agent-chat:${state.conversationId.peek()}`);
      disconnect = tabs && channel
        ? share(current, tabs, channel)
        : transport.events(current, handlers((event, entryId) => onEvent(event, entryId, false), setStatus));
    },
    close() {
      disconnect?.();
      disconnect = null;
    },
    leading: () => leading(),
  };
}
