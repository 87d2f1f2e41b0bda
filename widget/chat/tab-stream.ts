// One event stream for every tab of a conversation. The tab holding the conversation's Web Lock
// (leader.ts) listens: it applies and tracks each event, then shares it as the gateway sent it.
// The others apply what it shares (untracked), after asking for what it had before they opened;
// when it goes, the next one takes the stream over from the last event it has, and the gateway
// replays the rest.
import { type ChatEvent, type ConnectionStatus, type SseHandlers, type SseMessage, type TabChannel, type TabMessage, decodeEvent } from '../protocol';
import { type Locks, electLeader } from './leader';
import type { ChatState } from './model';
import { createTabLog } from './tab-log';

/** What sharing a stream between tabs needs; absent where the browser lacks Web Locks. */
export interface Tabs {
  locks: Locks;
  /** Opens the channel of one conversation's tabs, which calls back with what the others post; null where the browser has none. */
  channel(name: string, listener: (message: TabMessage) => void): TabChannel | null;
}

/** Listens to the conversation's stream, after `lastEventId` when given; returns what stops it. */
export type Listen = (onEvent: SseHandlers['onEvent'], onStatus: (status: ConnectionStatus) => void, lastEventId?: string) => () => void;

export interface TabStreamOptions {
  tabs: Tabs;
  state: ChatState;
  listen: Listen;
  setStatus(status: ConnectionStatus): void;
  /** `shared`: another tab's stream brought it, and that tab tracks it. */
  onEvent(event: ChatEvent, entryId: string, shared: boolean): void;
}

export interface TabStream {
  /** True while this tab holds the stream. */
  leading(): boolean;
  stop(): void;
}

/** Null without a channel between tabs: then this tab keeps its own stream. */
export function shareStream({ tabs, state, listen, setStatus, onEvent }: TabStreamOptions): TabStream | null {
  const name = `agent-chat:${state.conversationId.peek()}`;
  const log = createTabLog();
  let lastEventId: string | undefined;
  /** Until the leader's history arrives, what it shares waits, so the transcript keeps its order. */
  let early: SseMessage[] | null = [];
  let stopStream = () => {};

  function receive(message: SseMessage) {
    const decoded = decodeEvent(message.event ?? 'message', message.data);
    if (!decoded.ok || !log.add(decoded.entryId, message, decoded.event)) return;
    if (message.id) lastEventId = message.id;
    onEvent(decoded.event, decoded.entryId, true);
  }
  function catchUp(messages: SseMessage[]) {
    const held = early ?? [];
    early = null;
    for (const message of [...messages, ...held]) receive(message);
  }

  const post = (message: TabMessage) => channel?.post(message);
  /** Another tab has spoken on the channel: until one has, a leading tab shares nothing (a tab that opens asks first). */
  let others = false;
  const channel = tabs.channel(name, (message) => {
    others = true;
    if (leadership.leading()) {
      if (message.type !== 'join') return;
      post({ type: 'history', messages: log.messages() });
      post({ type: 'status', status: state.connection.peek() });
    } else if (message.type === 'status') {
      setStatus(message.status);
      if (early) post({ type: 'join' }); // a new leader: ask it
    } else if (message.type === 'history') {
      if (early) catchUp(message.messages); // any tab's history will do: the leader has one log
    } else if (message.type === 'event') {
      if (early) early.push(...message.messages);
      else message.messages.forEach(receive);
    }
  });
  if (!channel) return null;
  post({ type: 'join' });

  const leadership = electLeader(tabs.locks, name, () => {
    catchUp([]);
    const onStatus = (status: ConnectionStatus) => {
      setStatus(status);
      post({ type: 'status', status });
    };
    stopStream = listen((event, entryId, message) => {
      const fresh = !message || log.add(entryId, message, event);
      if (message?.id) lastEventId = message.id;
      onEvent(event, entryId, false); // applied (and tracked) before the others hear of it
      if (fresh && message && others) post({ type: 'event', messages: [message] });
    }, onStatus, lastEventId);
  });
  return {
    leading: leadership.leading,
    stop() {
      leadership.resign();
      stopStream();
      channel.close();
    },
  };
}
