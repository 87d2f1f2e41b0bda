// Several tabs on one conversation, with fakes for what the browser gives them: a Web Locks
// manager, a BroadcastChannel hub and one gateway. Exactly once across tabs is asserted on the
// trackAgent calls all tabs make together.
import { describe, expect, it } from 'vitest';
import { type SseHandlers, type SseMessage, type TabChannel, type TabMessage, type TrackCall, type Transport, createEventStream, decodeTabMessage } from '../protocol';
import { createFakeTimers } from '../testing/fake-timers';
import { createMemoryStorage } from '../testing/memory-storage';
import { trackChat } from '../tracking/track-chat';
import { createChat } from './chat';
import type { Locks } from './leader';
import { createConversationStore } from './persist';
import type { Tabs } from './tab-stream';

const flush = async () => {
  for (let i = 0; i < 10; i++) await new Promise((resolve) => setTimeout(resolve, 0));
};

/** Locks granted one holder at a time, in request order, as navigator.locks does. */
function fakeLocks(): Locks {
  const holders = new Set<string>();
  const queues = new Map<string, (() => void)[]>();
  const grant = (name: string) => {
    if (holders.has(name)) return;
    const next = queues.get(name)?.shift();
    if (next) next();
  };
  return {
    request(name, { signal }, callback) {
      return new Promise((resolve, reject) => {
        const run = () => {
          holders.add(name);
          void callback().then(() => {
            holders.delete(name);
            resolve(undefined);
            grant(name);
          });
        };
        const queue = queues.get(name) ?? [];
        queues.set(name, [...queue, run]);
        signal.addEventListener('abort', () => {
          const waiting = queues.get(name) ?? [];
          if (!waiting.includes(run)) return;
          queues.set(name, waiting.filter((r) => r !== run));
          reject(new DOMException('aborted', 'AbortError'));
        });
        queueMicrotask(() => grant(name));
      });
    },
  };
}

/** BroadcastChannel semantics: asynchronous, in order, never to the poster; checked on arrival. */
function fakeHub() {
  const channels = new Map<string, Set<(message: TabMessage) => void>>();
  let muted: TabChannel | null = null;
  /** Every message any tab posted, by type. */
  const posted: TabMessage['type'][] = [];
  const open = (name: string, listener: (message: TabMessage) => void): TabChannel => {
    const everyone = channels.get(name) ?? new Set();
    channels.set(name, everyone);
    everyone.add(listener);
    const channel: TabChannel = {
      post(message) {
        if (channel === muted) return;
        posted.push(message.type);
        const copy = structuredClone(message);
        for (const other of everyone) if (other !== listener) queueMicrotask(() => { const decoded = decodeTabMessage(copy); if (decoded) other(decoded); });
      },
      close: () => void everyone.delete(listener),
    };
    return channel;
  };
  return { open, posted, mute: (channel: TabChannel) => void (muted = channel) };
}

/** One gateway: durable events stored and replayed after Last-Event-ID, live events to every open stream. */
function fakeGateway() {
  const durable: SseMessage[] = [];
  const streams = new Set<{ feed(text: string): void }>();
  const connections: { token: string; lastEventId: string | undefined; open: boolean; handlers: SseHandlers }[] = [];
  let renewal: string | undefined;
  const text = ({ event, data, id }: SseMessage) => `event: ${event}\ndata: ${data}\n${id ? `id: ${id}\n` : ''}\n`;
  const transport: Transport = {
    async post(body, token) {
      const issued = token ? renewal : `tok-${body.platformConversationId}`;
      return { ok: true, ...(issued && { token: issued }) };
    },
    upload() {
      throw new Error('these tests attach no files');
    },
    events(token, handlers: SseHandlers, lastEventId) {
      const connection = { token, lastEventId, open: true, handlers };
      connections.push(connection);
      const stream = createEventStream({ onEvent: (event, entryId, message) => handlers.onEvent(event, entryId, message), onError: handlers.onDecodeError });
      const live = { feed: (chunk: string) => connection.open && stream.feed(chunk) };
      for (const message of durable) if (Number(message.id) > Number(lastEventId ?? 0)) live.feed(text(message));
      streams.add(live);
      handlers.onStatus('open');
      return () => {
        connection.open = false;
        streams.delete(live);
      };
    },
  };
  let nextId = 1;
  return {
    transport,
    connections,
    open: () => connections.filter((c) => c.open).length,
    /** Answers the next Chat API calls with a renewed token. */
    renew: (token: string) => void (renewal = token),
    /** Sends an event; a durable one gets the next id. */
    emit(message: SseMessage, isDurable = true) {
      const sent = isDurable ? { ...message, id: String(nextId++) } : message;
      if (isDurable) durable.push(sent);
      for (const stream of streams) stream.feed(text(sent));
    },
  };
}

const envelope = (entryId: string, entryType: string, payload: object, role = 'Chatbot') => JSON.stringify({
  channelPlatformKey: 'p', channelType: 'embedded_messaging', channelAddressIdentifier: 'support-bot', conversationId: 'c',
  conversationEntry: {
    identifier: entryId, entryType, entryPayload: JSON.stringify(payload), sender: { role, appType: 'chatbot', subject: 'bot' },
    senderDisplayName: 'Aria', transcriptedTimestamp: 5, clientTimestamp: 5,
  },
});
const final = (id: string, text: string, role = 'Chatbot'): SseMessage => ({
  event: 'CONVERSATION_MESSAGE',
  data: envelope(`e-${id}`, 'Message', { entryType: 'Message', id, abstractMessage: { messageType: 'StaticContentMessage', id, staticContent: { formatType: 'Text', text } } }, role),
});
const token = (target: string, seq: number, text: string): SseMessage => ({
  event: 'CONVERSATION_STREAMING_TOKEN',
  data: envelope(`t-${target}-${seq}`, 'StreamingToken', {
    entryType: 'StreamingToken', id: `t-${target}-${seq}`,
    streamingToken: { tokenType: 'MessageStreamingToken', sequenceNumber: seq, timestamp: 5, targetMessageIdentifier: target, token: { formatType: 'Text', text } },
  }),
});

function world() {
  const storage = createMemoryStorage();
  const gateway = fakeGateway();
  const locks = fakeLocks();
  const hub = fakeHub();
  const calls: TrackCall[] = [];
  let n = 0;
  const newId = () => `id-${++n}`;
  /** A tab: its chat, tracked into the calls all tabs share; `shared` false is a browser without Web Locks. */
  function tab(shared = true) {
    const timers = createFakeTimers();
    let channel: TabChannel | null = null;
    const tabs: Tabs = { locks, channel: (name, listener) => (channel = hub.open(name, listener)) };
    const chat = createChat({ transport: gateway.transport, timers, store: createConversationStore(storage, 'agent-chat:test'), newId, ...(shared && { tabs }) });
    trackChat(chat, (call) => calls.push(call), { agentId: 'a', agentModelsUsed: [], properties: {} });
    const texts = () => chat.state.items.value.map((item) => (item.kind === 'agent' ? `${item.id}:final` : item.kind === 'stream' ? `${item.id}:${item.text.value}` : item.id));
    return { chat, timers, texts, channel: () => channel!, close: () => chat.dispose() };
  }
  /** The first tab, its conversation started: it holds the stream. */
  async function firstTab() {
    const first = tab();
    first.chat.start();
    await flush();
    return first;
  }
  const tracked = () => calls.map((c) => `${c.eventType} ${c.agenticProperties.messageId}`);
  return { gateway, hub, tab, firstTab, calls, tracked };
}

describe('tabs of one conversation', () => {
  it('two tabs: one holds the stream, both show each answer, it is tracked once', async () => {
    const { gateway, tab, firstTab, tracked } = world();
    const a = await firstTab();
    gateway.emit(final('welcome', 'Hi'));
    const b = tab();
    await flush();
    gateway.emit(final('r1', 'Answer'));
    await flush();
    expect(gateway.connections).toHaveLength(1);
    expect(a.texts()).toEqual(['welcome:final', 'r1:final']);
    expect(b.texts()).toEqual(['welcome:final', 'r1:final']);
    expect(tracked()).toEqual(['agent_response welcome', 'agent_response r1']);
  });

  it('a tab alone shares nothing: its events go over the channel once another tab has asked', async () => {
    const { gateway, hub, tab, firstTab } = world();
    const a = await firstTab();
    gateway.emit(token('r1', 1, 'Hel'));
    gateway.emit(final('r1', 'Hello'));
    await flush();
    expect(a.texts()).toEqual(['r1:final']);
    expect(hub.posted.filter((type) => type === 'event')).toEqual([]);
    const b = tab();
    await flush();
    gateway.emit(final('r2', 'Again'));
    await flush();
    expect(b.texts()).toEqual(['r1:final', 'r2:final']);
    expect(hub.posted.filter((type) => type === 'event')).toEqual(['event']);
  });

  it('a prompt sent from a tab that does not hold the stream is tracked there, once; the answer by the holder, timed from that prompt', async () => {
    const { gateway, tab, firstTab, calls } = world();
    const a = await firstTab();
    const b = tab();
    await flush();
    b.timers.advance(5000); // b's clock: its prompt leaves later than a's start
    b.chat.send('Question');
    await flush();
    const promptId = b.chat.state.items.value[0]!.id;
    gateway.emit(final(promptId, 'Question', 'EndUser')); // the echo
    a.timers.advance(7000);
    gateway.emit(final('r1', 'Answer'));
    await flush();
    expect(calls.map((c) => [c.eventType, c.agenticProperties.messageId, c.properties['duration']])).toEqual([
      ['prompt', promptId, undefined],
      ['agent_response', 'r1', 2000], // from b's prompt (at 1,005,000) to a's clock (1,007,000)
    ]);
  });

  it('the holder closes mid-reply: the next tab resumes from the last event it has, the reply completes and is tracked once', async () => {
    const { gateway, tab, firstTab, tracked } = world();
    const a = await firstTab();
    const b = tab();
    const c = tab();
    gateway.emit(final('welcome', 'Hi'));
    gateway.emit(token('r1', 1, 'Hel'), false);
    await flush();
    expect(c.texts()).toEqual(['welcome:final', 'r1:Hel']);
    a.close();
    gateway.emit(final('missed', 'Sent while no tab held the stream'));
    await flush();
    expect(gateway.connections.map((x) => [x.lastEventId, x.open])).toEqual([[undefined, false], ['1', true]]); // one of b, c took over
    gateway.emit(token('r1', 2, 'lo'), false);
    gateway.emit(final('r1', 'Hello'));
    await flush();
    for (const t of [b, c]) expect(t.texts()).toEqual(['welcome:final', 'r1:final', 'missed:final']); // the reply keeps the place its stream had
    expect(tracked()).toEqual(['agent_response welcome', 'agent_response missed', 'agent_response r1']);
  });

  it('what the holder tracked but never shared before it went is not tracked again by the next', async () => {
    const { gateway, hub, tab, firstTab, tracked } = world();
    const a = await firstTab();
    const b = tab();
    gateway.emit(final('welcome', 'Hi'));
    await flush();
    hub.mute(a.channel()); // a tracks what comes next, then goes before telling anyone
    gateway.emit(final('r1', 'Answer'));
    await flush();
    expect(b.texts()).toEqual(['welcome:final']);
    a.close();
    await flush();
    expect(b.texts()).toEqual(['welcome:final', 'r1:final']); // replayed to b
    expect(tracked()).toEqual(['agent_response welcome', 'agent_response r1']);
  });

  it('a tab opened mid-reply gets the transcript and the reply so far, in order, then the rest', async () => {
    const { gateway, tab, firstTab, tracked } = world();
    await firstTab();
    gateway.emit(final('welcome', 'Hi'));
    gateway.emit(token('r1', 1, 'Hel'), false);
    await flush();
    const late = tab();
    gateway.emit(token('r1', 2, 'lo'), false); // shared before the history reaches the new tab
    await flush();
    expect(late.texts()).toEqual(['welcome:final', 'r1:Hello']);
    gateway.emit(final('r1', 'Hello'));
    await flush();
    expect(late.texts()).toEqual(['welcome:final', 'r1:final']);
    expect(gateway.connections).toHaveLength(1);
    expect(tracked()).toEqual(['agent_response welcome', 'agent_response r1']);
  });

  it('a leading stream refused after the gateway renewed the token listens again with the renewed one, still for every tab', async () => {
    const { gateway, tab, firstTab, tracked } = world();
    const a = await firstTab();
    const b = tab();
    gateway.emit(final('welcome', 'Hi'));
    await flush();
    gateway.renew('renewed');
    a.chat.send('Still there?');
    await flush();
    gateway.connections[0]!.handlers.onAuthFailed(); // the old token outlived its lifetime
    await flush();
    expect(gateway.connections.map((c) => [c.token, c.open])).toEqual([['tok-id-1', false], ['renewed', true]]);
    gateway.emit(final('r1', 'Answer'));
    await flush();
    for (const t of [a, b]) expect(t.texts().filter((text) => text.endsWith(':final'))).toEqual(['welcome:final', 'r1:final']);
    expect(a.chat.state.items.value.some((item) => item.kind === 'notice')).toBe(false);
    expect(tracked()).toEqual(['agent_response welcome', expect.stringMatching(/^prompt /), 'agent_response r1']);
  });

  it('without Web Locks or a channel each tab keeps its own stream, as before', async () => {
    const { gateway, tab } = world();
    const a = tab(false);
    a.chat.start();
    await flush();
    const b = tab(false);
    await flush();
    gateway.emit(final('r1', 'Answer'));
    expect(gateway.open()).toBe(2);
    expect(b.texts()).toEqual(['r1:final']);
  });
});
