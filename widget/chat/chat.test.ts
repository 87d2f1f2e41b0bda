import { describe, expect, it } from 'vitest';
import type { ChatApiRequest, ChatEvent, Participant, PostResult, SseHandlers, Transport, UploadResult } from '../protocol';
import { createFakeTimers } from '../testing/fake-timers';
import { createMemoryStorage } from '../testing/memory-storage';
import { createChat } from './chat';
import type { ChatNotice } from './notices';
import { createConversationStore } from './persist';

const aria: Participant = { role: 'Chatbot', id: 'bot', name: 'Aria' };

/** A transport whose answers the test controls; records every request. */
function fakeTransport(answers: PostResult[] = []) {
  const posts: { body: ChatApiRequest; token: string | null }[] = [];
  /** Uploads wait until the test finishes them. */
  const uploads: { file: File; token: string | null; progress(fraction: number): void; finish(result: UploadResult): void; aborted: boolean }[] = [];
  const connections: { token: string; handlers: SseHandlers; open: boolean }[] = [];
  let release: (() => void) | null = null;
  let hold = false;
  const transport: Transport = {
    async post(body, token) {
      posts.push({ body, token });
      if (hold) await new Promise<void>((resolve) => (release = resolve));
      return answers.shift() ?? { ok: true, ...(token ? {} : { token: `tok-${body.platformConversationId}` }) };
    },
    events(token, handlers) {
      const connection = { token, handlers, open: true };
      connections.push(connection);
      return () => void (connection.open = false);
    },
    upload(file, token, progress) {
      let finish!: (result: UploadResult) => void;
      const done = new Promise<UploadResult>((resolve) => (finish = resolve));
      const upload = { file, token, progress, finish, aborted: false };
      uploads.push(upload);
      return { done, abort: () => { upload.aborted = true; finish({ ok: false, message: 'aborted' }); } };
    },
  };
  return {
    transport, posts, connections, uploads,
    holdPosts: () => void (hold = true),
    releasePost: () => {
      hold = false;
      release?.();
    },
    push(event: ChatEvent, entryId: string) {
      connections.filter((c) => c.open).forEach((c) => c.handlers.onEvent(event, entryId));
    },
  };
}

const flush = () => new Promise((resolve) => setTimeout(resolve, 0));

function setup(storage = createMemoryStorage(), answers: PostResult[] = []) {
  const timers = createFakeTimers();
  const net = fakeTransport(answers);
  let n = 0;
  const chat = createChat({
    transport: net.transport,
    timers,
    store: createConversationStore(storage, 'agent-chat:test'),
    newId: () => `id-${++n}`,
    metadata: { plan: 'pro' },
    files: { maxBytes: 1000, maxFiles: 2, types: ['png', 'csv', 'txt'] },
  });
  const notices: ChatNotice[] = [];
  chat.subscribe((notice) => notices.push(notice));
  return { chat, net, timers, notices, storage };
}

const final = (id: string, text: string): ChatEvent => ({
  kind: 'message', id, from: aria, content: { type: 'text', text }, at: 5, meta: { modelsUsed: ['m'], toolsUsed: [] },
});

describe('createChat', () => {
  it('posts a stop through the outbox only while a reply streams', async () => {
    const { chat, net } = setup();
    chat.send('Tell me a story');
    await flush();
    chat.stop(); // nothing streams yet
    net.push({ kind: 'token', target: 'r1', seq: 1, text: 'Once ', from: aria }, 'e1');
    chat.stop();
    await flush();
    net.push(final('r1', 'Once'), 'e2');
    chat.stop(); // the reply is final
    await flush();
    expect(net.posts.map((p) => p.body)).toEqual([
      { platformConversationId: 'id-1', eventType: 'message', text: 'Tell me a story', messageId: 'id-2' },
      { platformConversationId: 'id-1', eventType: 'stop' },
    ]);
    expect(net.posts[1]!.token).toBe('tok-id-1');
  });

  it('starts the session once, keeps the token, then listens with it', async () => {
    const { chat, net } = setup();
    chat.start();
    chat.start();
    await flush();
    expect(net.posts).toEqual([
      { body: { platformConversationId: 'id-1', eventType: 'startSession', metadata: [{ key: 'plan', value: 'pro' }] }, token: null },
    ]);
    expect(net.connections.map((c) => c.token)).toEqual(['tok-id-1']);
  });

  it('setMetadata: before the start it rides with startSession, after it goes out at once, and a new conversation starts with all of it', async () => {
    const { chat, net } = setup();
    chat.setMetadata({ page: 'home' });
    await flush();
    expect(net.posts).toEqual([]); // no conversation yet: nothing to send it to
    chat.start();
    await flush();
    chat.setMetadata({ page: 'pricing', cart: '2' });
    await flush();
    chat.newConversation();
    chat.start();
    await flush();
    expect(net.posts.map((p) => p.body)).toEqual([
      { platformConversationId: 'id-1', eventType: 'startSession', metadata: [{ key: 'plan', value: 'pro' }, { key: 'page', value: 'home' }] },
      { platformConversationId: 'id-1', eventType: 'metadata', metadata: [{ key: 'page', value: 'pricing' }, { key: 'cart', value: '2' }] },
      { platformConversationId: 'id-2', eventType: 'startSession', metadata: [{ key: 'plan', value: 'pro' }, { key: 'page', value: 'pricing' }, { key: 'cart', value: '2' }] },
    ]);
  });

  it('shows a sent message at once, marks it sent on 200 and surfaces one prompt', async () => {
    const { chat, net, notices } = setup();
    chat.send('  Hello there ');
    const item = chat.state.items.value[0]!;
    expect(item).toMatchObject({ kind: 'visitor', id: 'id-2', text: 'Hello there' });
    expect(item.kind === 'visitor' && item.send.value).toBe('pending');
    await flush();
    expect(item.kind === 'visitor' && item.send.value).toBe('sent');
    expect(net.posts[0]!.body).toEqual({ platformConversationId: 'id-1', eventType: 'message', text: 'Hello there', messageId: 'id-2' });
    expect(notices.filter((n) => n.type === 'prompt')).toHaveLength(1);
  });

  it('surfaces the prompt on the echo when the Chat API answer is slow or lost, and not again on the late 200', async () => {
    const { chat, net, notices } = setup();
    net.holdPosts();
    chat.send('hello');
    await flush();
    const item = chat.state.items.value[0]!;
    chat.apply({ kind: 'message', id: item.id, from: { role: 'EndUser', id: 'me', name: 'You' }, content: { type: 'text', text: 'hello' }, at: 1 }, 'echo-1');
    chat.apply(final('answer-1', 'Hi'), 'entry-2');
    expect(notices.filter((n) => n.type === 'prompt' || n.type === 'response').map((n) => n.type)).toEqual(['prompt', 'response']);
    net.releasePost();
    await flush();
    expect(notices.filter((n) => n.type === 'prompt')).toHaveLength(1);
  });

  it('sends in order: a second message waits for the first answer and carries the new token', async () => {
    const { chat, net } = setup();
    net.holdPosts();
    chat.send('one');
    chat.send('two');
    await flush();
    expect(net.posts).toHaveLength(1);
    net.releasePost();
    await flush();
    expect(net.posts.map((p) => [p.body.text, p.token])).toEqual([['one', null], ['two', 'tok-id-1']]);
  });

  it('marks a refused message failed with the gateway message, and retries it with the same messageId', async () => {
    const { chat, net, notices } = setup(createMemoryStorage(), [{ ok: false, status: 400, message: 'text is too long' }]);
    chat.send('hi');
    await flush();
    const item = chat.state.items.value[0]!;
    if (item.kind !== 'visitor') throw new Error('expected a visitor message');
    expect(item.send.value).toBe('failed');
    expect(item.error.value).toBe('text is too long');
    expect(notices.filter((n) => n.type === 'error')).toHaveLength(1);
    chat.retry(item.id);
    await flush();
    expect(item.send.value).toBe('sent');
    expect(net.posts.map((p) => p.body.messageId)).toEqual(['id-2', 'id-2']);
    expect(notices.filter((n) => n.type === 'prompt')).toHaveLength(1);
  });

  it('surfaces each final response once with the time since the prompt, never on replay or reload', async () => {
    const storage = createMemoryStorage();
    const first = setup(storage);
    first.chat.send('question');
    await flush();
    first.timers.advance(1234);
    first.net.push({ kind: 'token', target: 'r1', seq: 1, text: 'Ans', from: aria }, 'e1');
    first.net.push(final('r1', 'Answer'), 'e2');
    first.net.push(final('r1', 'Answer'), 'e2'); // duplicate delivery
    first.net.push(final('r1', 'Answer'), 'e3'); // replay with a new entry id
    const responses = first.notices.filter((n) => n.type === 'response');
    expect(responses).toHaveLength(1);
    expect(responses[0]).toMatchObject({ durationMs: 1234, item: { id: 'r1' } });
    first.chat.dispose();

    // A reload: same storage, the gateway replays the whole history.
    const second = setup(storage);
    expect(second.chat.state.conversationId.value).toBe('id-1');
    expect(second.net.connections.map((c) => c.token)).toEqual(['tok-id-1']);
    second.net.push({ kind: 'message', id: 'id-2', from: { role: 'EndUser', id: 'v', name: '' }, content: { type: 'text', text: 'question' }, at: 1 }, 'x1');
    second.net.push(final('r1', 'Answer'), 'x2');
    expect(second.chat.state.items.value.map((i) => i.id)).toEqual(['id-2', 'r1']);
    expect(second.notices.filter((n) => n.type === 'response' || n.type === 'prompt')).toEqual([]);
    second.chat.start();
    await flush();
    expect(second.net.posts).toEqual([]); // the session exists: no second welcome
  });

  it('reports a reaction once, with its comment, when the comment is sent or skipped; keeps it across a reload', async () => {
    const storage = createMemoryStorage();
    const first = setup(storage);
    first.chat.send('question');
    await flush();
    first.net.push(final('r1', 'Answer'), 'e1');
    first.net.push(final('r2', 'Another'), 'e2');
    const reactions = () => first.notices.flatMap((n) => (n.type === 'reaction' ? [[n.item.id, n.reaction, n.comment]] : []));
    const r1 = first.chat.state.items.value.find((i) => i.id === 'r1');
    if (r1?.kind !== 'agent') throw new Error('r1 is a response');

    first.chat.react('r1', 'positive'); // shown at once, reported once settled
    expect([r1.reaction.value, r1.commentOpen.value, reactions()]).toEqual(['positive', true, []]);
    first.chat.react('r1', 'positive'); // no change
    first.chat.settleReaction('  Spot on  ');
    first.chat.settleReaction('again'); // nothing is waiting
    expect(reactions()).toEqual([['r1', 'positive', 'Spot on']]);
    expect(r1.commentOpen.value).toBe(false);

    first.chat.react('r1', 'negative'); // a change of mind, skipped: one event, no comment
    first.chat.settleReaction();
    first.chat.react('r1', null); // taken back: at once
    first.chat.react('r1', 'positive'); // chosen, then taken back before it settled: nothing to report
    first.chat.react('r1', null);
    first.chat.react('r1', 'negative'); // waiting when the visitor reacts to another answer: settled first
    first.chat.react('r2', 'positive');
    first.chat.react('nope', 'positive'); // not a response
    first.chat.settleReaction('');
    expect(reactions()).toEqual([
      ['r1', 'positive', 'Spot on'], ['r1', 'negative', undefined], ['r1', 'unreact', undefined], ['r1', 'negative', undefined], ['r2', 'positive', undefined],
    ]);
    first.chat.react('r2', 'negative'); // waiting when the page goes: settled, without a comment
    first.chat.dispose();
    expect(reactions().at(-1)).toEqual(['r2', 'negative', undefined]);

    const second = setup(storage);
    second.net.push(final('r1', 'Answer'), 'x1');
    second.net.push(final('r2', 'Another'), 'x2');
    expect(second.chat.state.items.value.map((i) => i.kind === 'agent' && i.reaction.value)).toEqual(['negative', 'negative']);
    expect(second.notices.filter((n) => n.type === 'reaction')).toEqual([]);
  });

  it('settles a waiting reaction in its own conversation before a new one starts', async () => {
    const { chat, net, notices } = setup();
    chat.send('question');
    await flush();
    net.push(final('r1', 'Answer'), 'e1');
    chat.react('r1', 'positive');
    const conversation = chat.state.conversationId.value;
    let reportedIn = '';
    chat.subscribe((n) => void (n.type === 'reaction' && (reportedIn = chat.state.conversationId.value)));
    chat.newConversation();
    expect(notices.filter((n) => n.type === 'reaction').map((n) => n.type === 'reaction' && n.reaction)).toEqual(['positive']);
    expect(reportedIn).toBe(conversation);
  });

  it('times a response that lands after a reload from when its prompt left', async () => {
    const storage = createMemoryStorage();
    const first = setup(storage);
    first.chat.send('question');
    await flush();
    first.chat.dispose();
    const second = setup(storage);
    second.timers.advance(4200);
    second.net.push(final('r1', 'Answer'), 'e1');
    expect(second.notices.find((n) => n.type === 'response')).toMatchObject({ durationMs: 4200 });
  });

  it('hides typing after 30 s and marks a stream silent for 60 s incomplete', () => {
    const { chat, net, timers } = setup(createMemoryStorage());
    chat.start();
    return flush().then(() => {
      net.push({ kind: 'typing', from: aria, on: true }, 't1');
      expect(chat.state.typing.value).toEqual(aria);
      timers.advance(29_999);
      expect(chat.state.typing.value).toEqual(aria);
      timers.advance(1);
      expect(chat.state.typing.value).toBeNull();
      net.push({ kind: 'token', target: 'r1', seq: 1, text: 'partial', from: aria }, 't2');
      timers.advance(59_000);
      net.push({ kind: 'token', target: 'r1', seq: 2, text: ' more', from: aria }, 't3');
      timers.advance(59_000);
      const stream = chat.state.items.value[0]!;
      expect(stream.kind === 'stream' && stream.incomplete.value).toBe(false);
      timers.advance(1000);
      expect(stream.kind === 'stream' && stream.incomplete.value).toBe(true);
      // The final message, however late, still replaces the incomplete text.
      net.push(final('r1', 'partial answer'), 't4');
      expect(chat.state.items.value).toEqual([expect.objectContaining({ kind: 'agent', id: 'r1', content: { type: 'text', text: 'partial answer' } })]);
    });
  });

  it('starts a clean conversation when the token is refused', async () => {
    const { chat, net, notices } = setup();
    chat.start();
    await flush();
    net.connections[0]!.handlers.onAuthFailed();
    expect(chat.state.conversationId.value).toBe('id-2');
    expect(chat.state.items.value).toEqual([{ kind: 'notice', id: 'notice-0', notice: { type: 'restarted' } }]);
    expect(notices.some((n) => n.type === 'error')).toBe(true);
    expect(net.connections[0]!.open).toBe(false);
  });
});

describe('a refused conversation', () => {
  it('moves the message to a new conversation once when the Chat API answers 401, and never loops', async () => {
    const { chat, net } = setup(createMemoryStorage(), [
      { ok: false, status: 401, message: 'This conversation exists: send its token.' },
      { ok: false, status: 401, message: 'still refused' },
      { ok: false, status: 401, message: 'and again' },
    ]);
    chat.send('hello');
    await flush();
    await flush();
    // First attempt in conversation id-1, then once more in a new conversation, then it stops.
    expect(net.posts.map((p) => [p.body.platformConversationId, p.body.text])).toEqual([['id-1', 'hello'], ['id-3', 'hello']]);
    expect(chat.state.conversationId.value).toBe('id-3');
    const [notice, item] = chat.state.items.value;
    expect(notice).toEqual({ kind: 'notice', id: 'notice-0', notice: { type: 'restarted' } });
    expect(item?.kind === 'visitor' && [item.text, item.send.value, item.error.value]).toEqual(['hello', 'failed', 'still refused']);
  });

  it('drops calls queued for a conversation the visitor replaced, without an error', async () => {
    const { chat, net, notices } = setup();
    net.holdPosts();
    chat.send('first');
    chat.send('second');
    await flush(); // "first" is in flight, "second" waits its turn
    chat.newConversation();
    net.releasePost();
    await flush();
    await flush();
    expect(net.posts.map((p) => p.body.text)).toEqual(['first']);
    expect(notices.filter((n) => n.type === 'error')).toEqual([]);
  });
});

describe('the persisted outbox', () => {
  it('leaves a failed message behind with its conversation when the visitor starts a new one', async () => {
    const storage = createMemoryStorage();
    const { chat } = setup(storage, [{ ok: true, token: 'tok' }, { ok: false, status: 400, message: 'Too long.' }]);
    chat.send('one');
    chat.send('two');
    await flush();
    await flush();
    chat.newConversation();
    expect(JSON.parse(storage.getItem('agent-chat:test')!).unsent).toEqual([]);
  });

  it('sends messages a reload interrupted again, in order, with the same ids, after the history', async () => {
    const storage = createMemoryStorage();
    const first = setup(storage);
    first.chat.send('one');
    await flush();
    first.net.holdPosts();
    first.chat.send('two');
    first.chat.send('three');
    first.chat.dispose(); // the page goes away while "two" is in flight

    const second = setup(storage);
    await flush();
    await flush();
    await flush();
    // Conversation id-1; "one", "two" and "three" are id-2, id-3 and id-4.
    expect(second.net.posts.map((p) => [p.body.messageId, p.body.text])).toEqual([['id-3', 'two'], ['id-4', 'three']]);
    // The replayed history lands before them; the echo of "two" finds its message.
    second.net.push({ kind: 'message', id: 'id-2', from: { role: 'EndUser', id: 'v', name: '' }, content: { type: 'text', text: 'one' }, at: 1 }, 'e1');
    second.net.push(final('r1', 'Answer to one'), 'e2');
    second.net.push({ kind: 'message', id: 'id-3', from: { role: 'EndUser', id: 'v', name: '' }, content: { type: 'text', text: 'two' }, at: 2 }, 'e3');
    second.net.push({ kind: 'message', id: 'id-4', from: { role: 'EndUser', id: 'v', name: '' }, content: { type: 'text', text: 'three' }, at: 3 }, 'e4');
    second.net.push({ kind: 'message', id: 'id-3', from: { role: 'EndUser', id: 'v', name: '' }, content: { type: 'text', text: 'two' }, at: 2 }, 'e5'); // replayed again
    expect(second.chat.state.items.value.map((i) => i.id)).toEqual(['id-2', 'r1', 'id-3', 'id-4']);
    const sends = second.chat.state.items.value.map((i) => (i.kind === 'visitor' ? i.send.value : i.kind));
    expect(sends).toEqual(['sent', 'agent', 'sent', 'sent']);
    expect(JSON.parse(storage.getItem('agent-chat:test')!).unsent).toEqual([]);
  });

  it('keeps a message that failed for good, failed, across a reload, and retries it by hand', async () => {
    const storage = createMemoryStorage();
    const first = setup(storage, [{ ok: true, token: 'tok' }, { ok: false, status: 400, message: 'Too long.' }]);
    first.chat.send('one');
    first.chat.send('x'.repeat(10), { suggested: true, cardIndex: 2 });
    await flush();
    await flush();
    first.chat.dispose();

    const second = setup(storage);
    await flush();
    expect(second.net.posts).toEqual([]);
    const item = second.chat.state.items.value[0]!;
    expect(item.kind === 'visitor' && [item.send.value, item.error.value, item.suggested, item.cardIndex]).toEqual(['failed', 'Too long.', true, 2]);
    second.chat.retry(item.id);
    await flush();
    expect(second.net.posts.map((p) => p.body)).toEqual([{ platformConversationId: 'id-1', eventType: 'message', messageId: 'id-3', text: 'xxxxxxxxxx', cardIndex: 2 }]);
  });
});

describe('a renewed conversation token', () => {
  it('is kept, and a stream refused with the old token reconnects with the new one instead of starting over', async () => {
    const { chat, net, storage } = setup(createMemoryStorage(), [{ ok: true, token: 'first' }, { ok: true, token: 'renewed' }]);
    chat.start();
    await flush();
    chat.send('Still there?');
    await flush();
    expect(chat.token()).toBe('renewed');
    expect(net.connections.map((c) => c.token)).toEqual(['first']);

    net.connections[0]!.handlers.onAuthFailed(); // the old token outlived its lifetime
    expect(net.connections.map((c) => [c.token, c.open])).toEqual([['first', false], ['renewed', true]]);
    expect(chat.state.items.value.some((item) => item.kind === 'notice')).toBe(false);
    expect(JSON.parse(storage.getItem('agent-chat:test')!).token).toBe('renewed');
  });

  it('a stream refused with the latest token still starts a new conversation', async () => {
    const { chat, net } = setup(createMemoryStorage(), [{ ok: true, token: 'only' }]);
    chat.start();
    await flush();
    net.connections[0]!.handlers.onAuthFailed();
    expect(chat.state.items.value).toEqual([{ kind: 'notice', id: 'notice-0', notice: { type: 'restarted' } }]);
  });
});

describe('attachments', () => {
  const csv = new File(['region,total\nnorth,12\n'], 'data.csv', { type: 'text/csv' });
  const png = new File([new Uint8Array([0x89, 0x50, 0x4e, 0x47])], 'chart.png', { type: 'image/png' });
  const uploaded = (file: File, id: string, type: string): UploadResult => ({ ok: true, file: { id, name: file.name, type, size: file.size, url: `https://gw/f/${id}` } });

  async function started() {
    const t = setup();
    t.chat.start();
    await flush();
    return t;
  }

  it('refuses a file over the size, of another type, or past the count, naming it, and uploads nothing of it', async () => {
    const { chat, net } = await started();
    chat.attach([new File([new Uint8Array(1001)], 'big.csv')]);
    expect(chat.state.refusal.value).toEqual({ reason: 'size', name: 'big.csv', limit: 1000 });
    chat.attach([new File(['MZ'], 'setup.exe')]);
    expect(chat.state.refusal.value).toEqual({ reason: 'type', name: 'setup.exe', limit: 1000 });
    chat.attach([csv, png, new File(['x'], 'third.txt')]);
    expect(chat.state.refusal.value).toEqual({ reason: 'count', name: 'third.txt', limit: 2 });
    await flush();
    expect(chat.state.drafts.value.map((f) => [f.name, f.type])).toEqual([['data.csv', 'csv'], ['chart.png', 'png']]);
    expect(net.uploads.map((u) => [u.file.name, u.token])).toEqual([['data.csv', 'tok-id-1'], ['chart.png', 'tok-id-1']]);
    expect(chat.state.drafts.value[1]!.url).toMatch(/^blob:/); // an image shows from the local file
  });

  it('sends a message once its files are uploaded, with them, and surfaces the prompt with its files', async () => {
    const { chat, net, notices } = await started();
    chat.attach([csv, png]);
    await flush();
    net.uploads[0]!.progress(0.5);
    expect(chat.state.drafts.value[0]!.progress.value).toBe(0.5);
    chat.send('  What do these show? ');
    expect(chat.state.drafts.value).toEqual([]);
    await flush();
    expect(net.posts.filter((p) => p.body.eventType === 'message')).toEqual([]); // waiting for its files
    net.uploads[0]!.finish(uploaded(csv, 'f-csv', 'csv'));
    net.uploads[1]!.finish(uploaded(png, 'f-png', 'png'));
    await flush();
    expect(net.posts.at(-1)!.body).toEqual({
      platformConversationId: 'id-1', eventType: 'message', text: 'What do these show?', messageId: 'id-2',
      attachments: [{ id: 'f-csv', name: 'data.csv', type: 'csv', size: csv.size }, { id: 'f-png', name: 'chart.png', type: 'png', size: png.size }],
    });
    const prompt = notices.find((n) => n.type === 'prompt');
    expect(prompt?.type === 'prompt' && prompt.item.files!.map((f) => [f.type, f.name])).toEqual([['csv', 'data.csv'], ['png', 'chart.png']]);
  });

  it('fails a message whose upload failed and, on retry, uploads again and sends it with the same id; a message may be files alone', async () => {
    const { chat, net } = await started();
    chat.attach([csv]);
    await flush();
    chat.send('');
    net.uploads[0]!.finish({ ok: false, message: 'The upload did not complete.' });
    await flush();
    const item = chat.state.items.value.at(-1)!;
    expect(item.kind === 'visitor' && [item.send.value, item.error.value]).toEqual(['failed', 'The upload did not complete.']);
    chat.retry(item.id);
    await flush();
    expect(net.uploads).toHaveLength(2);
    net.uploads[1]!.finish(uploaded(csv, 'f-csv', 'csv'));
    await flush();
    expect(net.posts.filter((p) => p.body.eventType === 'message').map((p) => [p.body.messageId, p.body.text, p.body.attachments?.length])).toEqual([[item.id, '', 1]]);
  });

  it('cancels the upload of a file taken out of the composer, and retries a failed one in place', async () => {
    const { chat, net } = await started();
    chat.attach([csv, png]);
    await flush();
    chat.detach(chat.state.drafts.value[0]!);
    expect(net.uploads[0]!.aborted).toBe(true);
    expect(chat.state.drafts.value.map((f) => f.name)).toEqual(['chart.png']);
    net.uploads[1]!.finish({ ok: false, message: 'chart.png is not a file type the chat accepts' });
    await flush();
    const [draft] = chat.state.drafts.value;
    expect(draft!.error.value).toBe('chart.png is not a file type the chat accepts');
    chat.retryFile(draft!);
    await flush();
    expect(draft!.error.value).toBeNull();
    expect(net.uploads.map((u) => u.file.name)).toEqual(['data.csv', 'chart.png', 'chart.png']);
    chat.newConversation(); // the composer's files stay with the conversation they were uploaded to
    expect(net.uploads[2]!.aborted).toBe(true);
    expect(chat.state.drafts.value).toEqual([]);
  });

  it('keeps an unsent message with its uploaded files across a reload', async () => {
    const storage = createMemoryStorage();
    const first = setup(storage);
    first.chat.start();
    await flush();
    first.chat.attach([csv]);
    await flush();
    first.net.holdPosts(); // the page goes before the gateway answers
    first.chat.send('see file');
    first.net.uploads[0]!.finish(uploaded(csv, 'f-csv', 'csv'));
    await flush();
    first.chat.dispose();
    const second = setup(storage);
    await flush();
    const resent = second.net.posts.find((p) => p.body.eventType === 'message')!;
    expect(resent.body).toMatchObject({ text: 'see file', attachments: [{ id: 'f-csv', name: 'data.csv', type: 'csv', size: csv.size }] });
  });
});
