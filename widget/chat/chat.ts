// Chat actions: the only way in from the UI and the public API. The chat composes the session
// (what persists), the outbox (Chat API calls in order) and the event stream, applies what the
// stream delivers, and carries a message over to a new conversation when the gateway refuses its own.
import { signal } from '@preact/signals';
import type { Attachment, ChatEvent, Option, Transport } from '../protocol';
import type { Timers } from '../time';
import { addNotice, advanceSend, applyEvent, findIndex } from './apply';
import { type ChatState, type FileItem, type Reaction, type VisitorItem, createChatState, fileItem, resetChatState } from './model';
import { type FileLimits, createFiles } from './files';
import { type ChatNotice, createNotices } from './notices';
import { createOutbox } from './outbox';
import { createReactions } from './reactions';
import type { ConversationStore, UnsentMessage } from './persist';
import { createRecentIds } from './recent-ids';
import { blankConversation, createSession } from './session';
import { createSubscription } from './subscription';
import type { Tabs } from './tab-stream';
import { createTimeouts } from './timeouts';

export interface ChatDeps {
  transport: Transport;
  timers: Timers;
  store: ConversationStore;
  newId(): string;
  /** Sent with startSession. */
  metadata?: Record<string, string> | undefined;
  /** The id of the first new conversation, when none is saved; later ones take newId(). */
  conversationId?: string;
  /** Web Locks and a channel between tabs: one tab holds the stream and tracks, the others share it. */
  tabs?: Tabs | undefined;
  /** What the visitor may attach; none: nothing. */
  files?: FileLimits;
}

export interface Chat {
  state: ChatState;
  /** `shared`: another tab's stream brought it, and that tab tracks it. */
  apply(event: ChatEvent, entryId: string, shared?: boolean): void;
  /** Starts the session (welcome message) unless this conversation already has one. */
  start(): void;
  send(text: string, origin?: { suggested?: boolean; cardIndex?: number }): void;
  choose(option: Option, cardIndex?: number): void;
  retry(messageId: string): void;
  /** Adds files to the composer (each within the limits) and starts uploading them. */
  attach(files: readonly File[]): void;
  /** Takes a file out of the composer, cancelling its upload. */
  detach(file: FileItem): void;
  /** Uploads a file again after it failed. */
  retryFile(file: FileItem): void;
  /** Asks the agent to stop the reply that is streaming; nothing when none is. */
  stop(): void;
  /** Sets (or with null takes back) the visitor's reaction to a response; a chosen one waits for settleReaction. */
  react(messageId: string, reaction: Reaction | null): void;
  /** Reports the reaction waiting for a comment, with the comment when given (sent, skipped, or the visitor left). */
  settleReaction(comment?: string): void;
  /** The conversation token, once the gateway issued one. */
  token(): string | null;
  setMetadata(metadata: Record<string, string>): void;
  endSession(): void;
  newConversation(): void;
  subscribe(listener: (notice: ChatNotice) => void): () => void;
  dispose(): void;
}

const MAX_ENTRY_IDS = 5000;

export function createChat(deps: ChatDeps): Chat {
  const { transport, timers, store } = deps;
  const saved = store.load() ?? blankConversation(deps.conversationId ?? deps.newId());
  const state = createChatState(saved.conversationId);
  const session = createSession(store, saved, () => state.items.value);
  const notices = createNotices();
  const { notify } = notices;
  const entryIds = createRecentIds(MAX_ENTRY_IDS);
  const timeouts = createTimeouts(state, timers);
  const reactions = createReactions(session, notify);
  let started = session.token() !== null;
  let metadata = deps.metadata;
  let rescued = false;

  const subscription = createSubscription({
    transport, state, notify,
    token: session.token,
    onEvent: (event, entryId, shared) => chat.apply(event, entryId, shared),
    onRefused: restart,
    tabs: deps.tabs,
  });
  const post = createOutbox(transport, session, subscription.open);
  const files = createFiles(state, transport, deps.files ?? { maxBytes: 0, maxFiles: 0, types: [] }, () => post.settled().then(session.token));

  /** A visitor message, shown at once: pending until the Chat API accepts it, or failed. */
  function addVisitorItem({ id, text, at, suggested, cardIndex, error }: UnsentMessage, attached?: FileItem[]): VisitorItem {
    const item: VisitorItem = {
      kind: 'visitor', id, text, at, suggested, ...(cardIndex !== undefined && { cardIndex }), ...(attached?.length && { files: attached }),
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

  function deliver(item: VisitorItem) {
    const { text, id: messageId, cardIndex } = item;
    session.markSent(timers.now());
    started = true; // a first message starts the conversation too
    session.save();
    // A message waits for its files; one that could not be uploaded fails the message, to be retried with the same id.
    const attached = item.files ?? [];
    void files.ready(attached).then((uploaded) => {
      session.save(); // with the ids of the files uploaded meanwhile
      // Every file is uploaded now: each has its id.
      return uploaded ? post({ type: 'message', text, messageId, ...(cardIndex !== undefined && { cardIndex }), ...(item.files && { files: item.files as Attachment[] }) })
        : { ok: false as const, status: 0, message: attached.find((f) => f.error.value)?.error.value ?? '' };
    }).then((result) => {
      if (!result) return;
      if (result.ok) {
        rescued = false;
        advanceSend(item, 'sent');
        if (session.firstSighting(item.id)) notify({ type: 'prompt', item });
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
      session.save();
    });
  }

  const chat: Chat = {
    state,
    apply(event, entryId, shared = false) {
      if (!entryIds.first(entryId)) return; // a replay or a duplicate delivery
      const now = timers.now();
      // The echo of a message still being sent proves the gateway has it (its answer may be lost).
      const echoed = event.kind === 'message' && event.from.role === 'EndUser' ? state.items.value[findIndex(state, event.id)] : undefined;
      if (echoed?.kind === 'visitor' && echoed.send.value === 'pending' && session.firstSighting(echoed.id)) notify({ type: 'prompt', item: echoed });
      const item = applyEvent(state, event, now);
      timeouts.watch(event);
      if (!item) return;
      if (item.kind === 'agent') {
        item.reaction.value = session.reaction(item.id);
        timeouts.settle(item.id);
        // A leading tab never tracks what a tab that led before it did, and times a response from
        // whichever tab's prompt.
        if (session.firstSighting(item.id, subscription.leading())) {
          const sentAt = session.sentAt();
          notify({ type: 'response', item, durationMs: sentAt === undefined ? undefined : now - sentAt, shared });
        }
      }
      notify({ type: 'message', item });
    },
    start() {
      if (started || state.closed.value) return;
      started = true;
      session.markSent(timers.now());
      void post({ type: 'start', ...(metadata && { metadata }) }).then((result) => {
        if (result && !result.ok) {
          started = false;
          notify({ type: 'error', message: result.message });
        }
      });
    },
    send(text, origin = {}) {
      const trimmed = text.trim();
      const attached = [...state.drafts.value];
      if ((!trimmed && !attached.length) || state.closed.value) return;
      const { suggested = false, cardIndex } = origin;
      state.drafts.value = [];
      state.refusal.value = null;
      deliver(addVisitorItem({ id: deps.newId(), text: trimmed, at: timers.now(), suggested, ...(cardIndex !== undefined && { cardIndex }) }, attached));
    },
    attach(chosen) {
      if (state.closed.value) return;
      chat.start(); // an upload needs the conversation's token
      files.attach(chosen);
    },
    detach: files.detach,
    retryFile: files.retry,
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
    stop() {
      if (state.streaming.value && session.token()) void post({ type: 'stop' });
    },
    react(messageId, reaction) {
      const item = state.items.value[findIndex(state, messageId)];
      if (item?.kind === 'agent') reactions.choose(item, reaction);
    },
    settleReaction: reactions.settle,
    token: session.token,
    setMetadata(pairs) {
      // The current conversation gets them now (or with its startSession); the page's later
      // conversations start with them too.
      metadata = { ...metadata, ...pairs };
      if (session.token()) void post({ type: 'metadata', metadata: pairs });
    },
    endSession() {
      if (!state.closed.value && session.token()) void post({ type: 'end' });
    },
    newConversation() {
      files.clear();
      reactions.settle();
      subscription.close();
      timeouts.clear();
      session.reset(deps.newId());
      entryIds.clear();
      started = false;
      // Empty the transcript first: what persists as unsent is read from it.
      resetChatState(state, session.conversationId());
      session.save();
    },
    subscribe: notices.subscribe,
    dispose() {
      files.clear();
      reactions.settle();
      subscription.close();
      timeouts.clear();
      notices.clear();
    },
  };

  subscription.open();
  // Messages a reload interrupted go out again, in order and with the same ids (the gateway
  // drops a copy it already has).
  for (const message of saved.unsent) {
    const item = addVisitorItem(message, message.files?.map(fileItem));
    if (message.error === undefined) deliver(item);
  }
  return chat;
}
