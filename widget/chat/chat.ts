// Chat actions: the only way in from the UI and the public API. Owns the outbox (Chat API
// posts go out one at a time, in order), the SSE subscription, and the persisted session.
import { signal } from '@preact/signals';
import { type ChatApiRequest, type ChatEvent, type Option, type VisitorAction, chatApiBody } from '../protocol';
import type { PostResult } from '../transport/chat-api-client';
import type { SseHandlers } from '../transport/sse-client';
import type { Timers } from '../time';
import { addNotice, advanceSend, applyEvent, findIndex, isUnsent } from './apply';
import { type AgentItem, type ChatState, type ConnectionStatus, type Reaction, type VisitorItem, createChatState, resetChatState } from './model';
import { type ConversationStore, MAX_SEEN, type SavedConversation, type UnsentMessage } from './persist';

export interface Transport {
  post(body: ChatApiRequest, token: string | null): Promise<PostResult>;
  events(token: string, handlers: SseHandlers): () => void;
}

export type ChatNotice =
  | { type: 'prompt'; item: VisitorItem }
  | { type: 'response'; item: AgentItem; durationMs: number | undefined }
  | { type: 'message'; item: AgentItem | VisitorItem }
  | { type: 'reaction'; item: AgentItem; reaction: Reaction | 'unreact'; comment?: string }
  | { type: 'error'; message: string }
  | { type: 'connection'; status: ConnectionStatus }
  /** The gateway refused the conversation: a new one replaced it. */
  | { type: 'restarted' };

export interface ChatDeps {
  transport: Transport;
  timers: Timers;
  store: ConversationStore;
  newId(): string;
  /** Sent with startSession. */
  metadata?: Record<string, string> | undefined;
  /** The id of the first new conversation, when none is saved; later ones take newId(). */
  conversationId?: string;
}

export interface Chat {
  state: ChatState;
  apply(event: ChatEvent, entryId: string): void;
  /** Starts the session (welcome message) unless this conversation already has one. */
  start(): void;
  send(text: string, origin?: { suggested?: boolean; cardIndex?: number }): void;
  choose(option: Option, cardIndex?: number): void;
  retry(messageId: string): void;
  /** Sets (or with null takes back) the visitor's reaction to a response; a comment may follow "negative". */
  react(messageId: string, reaction: Reaction | null, comment?: string): void;
  /** The conversation token, once the gateway issued one. */
  token(): string | null;
  setMetadata(metadata: Record<string, string>): void;
  endSession(): void;
  newConversation(): void;
  subscribe(listener: (notice: ChatNotice) => void): () => void;
  dispose(): void;
}

const TYPING_TIMEOUT_MS = 30_000;
const STREAM_SILENCE_MS = 60_000;
const MAX_ENTRY_IDS = 5000;

export function createChat(deps: ChatDeps): Chat {
  const { transport, timers, store } = deps;
  const fresh = (conversationId = deps.newId()): SavedConversation => ({ conversationId, token: null, seen: [], reactions: {}, unsent: [] });
  let session: SavedConversation = store.load() ?? fresh(deps.conversationId);
  let seen = new Set(session.seen);
  let entryIds = new Set<string>();
  let started = session.token !== null;
  let metadata = deps.metadata;
  let rescued = false;
  let outbox: Promise<unknown> = Promise.resolve();
  let disconnect: (() => void) | null = null;
  let typingTimer = 0;
  const streamTimers = new Map<string, number>();
  const listeners = new Set<(notice: ChatNotice) => void>();
  const state = createChatState(session.conversationId);

  function notify(notice: ChatNotice) {
    for (const listener of listeners) {
      try {
        listener(notice);
      } catch (e) {
        console.error('[agent-chat] a listener threw', e);
      }
    }
  }

  function persist() {
    const unsent = state.items.value.filter(isUnsent).map(({ id, text, at, suggested, cardIndex, send, error }): UnsentMessage => ({
      id, text, at, suggested, ...(cardIndex !== undefined && { cardIndex }), ...(send.value === 'failed' && { error: error.value ?? '' }),
    }));
    store.save({ ...session, seen: [...seen].slice(-MAX_SEEN), unsent });
  }

  /** A visitor message, shown at once: pending until the Chat API accepts it, or failed. */
  function addVisitorItem({ id, text, at, suggested, cardIndex, error }: UnsentMessage): VisitorItem {
    const item: VisitorItem = {
      kind: 'visitor', id, text, at, suggested, ...(cardIndex !== undefined && { cardIndex }),
      send: signal(error === undefined ? 'pending' : 'failed'), error: signal(error ?? null),
    };
    state.items.value = [...state.items.value, item];
    return item;
  }

  /** The gateway refused the conversation (its token was lost or refused): carry on in a new one. */
  function restart() {
    chat.newConversation();
    addNotice(state, { type: 'restarted' });
    notify({ type: 'restarted' });
  }

  /** True the first time an id is surfaced in this conversation, across reloads. */
  function firstSighting(id: string): boolean {
    if (seen.has(id)) return false;
    seen.add(id);
    persist();
    return true;
  }

  function connect() {
    if (disconnect || !session.token) return;
    disconnect = transport.events(session.token, {
      onEvent: (event, entryId) => chat.apply(event, entryId),
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
        console.warn('[agent-chat] the conversation token was refused; starting a new conversation');
        notify({ type: 'error', message: 'The conversation token was refused.' });
        restart();
      },
    });
  }

  /**
   * Queues one Chat API call behind the others, so sends reach the gateway in order. Null when
   * the visitor moved to a new conversation before its turn came: the call is moot.
   */
  function post(action: VisitorAction): Promise<PostResult | null> {
    const conversationId = session.conversationId;
    const result = outbox.then(async () => {
      if (conversationId !== session.conversationId) return null;
      const answer = await transport.post(chatApiBody(action, conversationId), session.token);
      if (answer.ok && answer.token && conversationId === session.conversationId) {
        session = { ...session, token: answer.token };
        persist();
        connect();
      }
      return answer;
    });
    outbox = result;
    return result;
  }

  function deliver(item: VisitorItem) {
    const { text, id: messageId, cardIndex } = item;
    session.sentAt = timers.now();
    started = true; // a first message starts the conversation too
    persist();
    void post({ type: 'message', text, messageId, ...(cardIndex !== undefined && { cardIndex }) }).then((result) => {
      if (!result) return;
      if (result.ok) {
        rescued = false;
        advanceSend(item, 'sent');
        if (firstSighting(item.id)) notify({ type: 'prompt', item });
      } else if (result.status === 401 && !rescued) {
        // Once: a second refusal shows as failed rather than looping.
        rescued = true;
        restart();
        chat.send(text, { suggested: item.suggested, ...(cardIndex !== undefined && { cardIndex }) });
      } else {
        item.send.value = 'failed';
        item.error.value = result.message;
        notify({ type: 'error', message: result.message });
      }
      persist();
    });
  }

  function resetTimers() {
    timers.clear(typingTimer);
    for (const handle of streamTimers.values()) timers.clear(handle);
    streamTimers.clear();
  }

  const chat: Chat = {
    state,
    apply(event, entryId) {
      if (entryIds.has(entryId)) return; // a replay or a duplicate delivery
      entryIds.add(entryId);
      if (entryIds.size > MAX_ENTRY_IDS) entryIds.delete(entryIds.values().next().value!);
      const now = timers.now();
      // The echo of a message still being sent proves the gateway has it (its answer may be lost).
      const echoed = event.kind === 'message' && event.from.role === 'EndUser' ? state.items.value[findIndex(state, event.id)] : undefined;
      if (echoed?.kind === 'visitor' && echoed.send.value === 'pending' && firstSighting(echoed.id)) notify({ type: 'prompt', item: echoed });
      const item = applyEvent(state, event, now);
      if (event.kind === 'typing' && event.on) {
        timers.clear(typingTimer);
        typingTimer = timers.set(() => (state.typing.value = null), TYPING_TIMEOUT_MS);
      }
      if (event.kind === 'token') watchStream(event.target);
      if (!item) return;
      if (item.kind === 'agent') {
        item.reaction.value = session.reactions[item.id] ?? null;
        timers.clear(streamTimers.get(item.id) ?? 0);
        streamTimers.delete(item.id);
        if (firstSighting(item.id)) {
          notify({ type: 'response', item, durationMs: session.sentAt === undefined ? undefined : now - session.sentAt });
        }
      }
      notify({ type: 'message', item });
    },
    start() {
      if (started || state.closed.value) return;
      started = true;
      session.sentAt = timers.now();
      void post({ type: 'start', ...(metadata && { metadata }) }).then((result) => {
        if (result && !result.ok) {
          started = false;
          notify({ type: 'error', message: result.message });
        }
      });
    },
    send(text, origin = {}) {
      const trimmed = text.trim();
      if (!trimmed || state.closed.value) return;
      const { suggested = false, cardIndex } = origin;
      deliver(addVisitorItem({ id: deps.newId(), text: trimmed, at: timers.now(), suggested, ...(cardIndex !== undefined && { cardIndex }) }));
    },
    choose(option, cardIndex) {
      chat.send(option.title, { suggested: true, ...(cardIndex !== undefined && { cardIndex }) });
    },
    retry(messageId) {
      const item = state.items.value[findIndex(state, messageId)];
      if (item?.kind !== 'visitor' || item.send.value !== 'failed') return;
      item.send.value = 'pending';
      item.error.value = null;
      deliver(item);
    },
    react(messageId, reaction, comment) {
      const item = state.items.value[findIndex(state, messageId)];
      if (item?.kind !== 'agent' || (reaction === item.reaction.value && !comment)) return;
      const { [messageId]: _, ...others } = session.reactions;
      session = { ...session, reactions: reaction ? { ...others, [messageId]: reaction } : others };
      persist();
      item.reaction.value = reaction;
      notify({ type: 'reaction', item, reaction: reaction ?? 'unreact', ...(comment && { comment }) });
    },
    token: () => session.token,
    setMetadata(pairs) {
      // The current conversation gets them now (or with its startSession); the page's later
      // conversations start with them too.
      metadata = { ...metadata, ...pairs };
      if (session.token) void post({ type: 'metadata', metadata: pairs });
    },
    endSession() {
      if (!state.closed.value && session.token) void post({ type: 'end' });
    },
    newConversation() {
      disconnect?.();
      disconnect = null;
      resetTimers();
      session = fresh();
      seen = new Set();
      entryIds = new Set();
      started = false;
      // Empty the transcript first: what persists as unsent is read from it.
      resetChatState(state, session.conversationId);
      persist();
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    dispose() {
      disconnect?.();
      disconnect = null;
      resetTimers();
      listeners.clear();
    },
  };

  function watchStream(target: string) {
    timers.clear(streamTimers.get(target) ?? 0);
    streamTimers.set(target, timers.set(() => {
      streamTimers.delete(target);
      const stream = state.items.value[findIndex(state, target)];
      if (stream?.kind === 'stream') stream.incomplete.value = true;
    }, STREAM_SILENCE_MS));
  }

  connect();
  // Messages a reload interrupted go out again, in order and with the same ids (the gateway
  // drops a copy it already has).
  for (const message of session.unsent) {
    const item = addVisitorItem(message);
    if (message.error === undefined) deliver(item);
  }
  return chat;
}
