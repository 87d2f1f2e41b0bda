// One suite, two engines: every Store behaviour the gateway relies on, on SQLite and PostgreSQL.
import { afterEach, beforeEach, describe, expect, inject, it } from 'vitest';
import { storeBackends } from '../testing/store-backends';
import type { ConversationRecord, MessageRecord, Store } from './store';

const conversation = (id: string, createdAt: number, botName = 'bot'): ConversationRecord =>
  ({ id, botName, createdAt, lastActionAt: createdAt, status: 'open', metadata: { page_url: 'https://shop.example/' }, welcomed: false });
const message = (conversationId: string, id: string, role: MessageRecord['role'], createdAt: number, text = id): MessageRecord =>
  ({ id, conversationId, role, text, body: JSON.stringify({ text }), createdAt });

describe.each(storeBackends(inject('postgresUrl')))('Store on $name', (backend) => {
  let database: Awaited<ReturnType<typeof backend.create>>;
  let store: Store;
  beforeEach(async () => {
    database = await backend.create();
    store = await database.open();
  });
  afterEach(async () => {
    await store.close();
    database.drop();
  });

  it('creates, reads and patches a conversation', async () => {
    expect(await store.getConversation('c1')).toBeUndefined();
    await store.createConversation(conversation('c1', 1000));
    await store.updateConversation('c1', { lastActionAt: 2000, welcomed: true });
    await store.updateConversation('c1', { lastActionAt: 3000, metadata: { locale: 'de', page_url: 'https://x/' } });
    expect(await store.getConversation('c1')).toEqual({
      ...conversation('c1', 1000), lastActionAt: 3000, welcomed: true, metadata: { locale: 'de', page_url: 'https://x/' },
    });
    expect(await store.closeConversation('c1', 4000)).toBe(true);
    expect(await store.getConversation('c1')).toMatchObject({ status: 'closed', welcomed: true, lastActionAt: 4000 });
  });

  it('numbers events 1, 2, 3… per conversation and refuses a repeated message id', async () => {
    await store.createConversation(conversation('c1', 1000));
    await store.createConversation(conversation('c2', 1000));
    expect(await store.lastEventId('c1')).toBe(0);
    expect(await store.appendEvent('c1', 'A', 'a', 1001, message('c1', 'm1', 'EndUser', 1001))).toEqual({ id: 1, name: 'A', data: 'a' });
    expect(await store.appendEvent('c1', 'B', 'b', 1002)).toEqual({ id: 2, name: 'B', data: 'b' });
    expect(await store.appendEvent('c2', 'C', 'c', 1003)).toEqual({ id: 1, name: 'C', data: 'c' });
    expect(await store.appendEvent('c1', 'A', 'again', 1004, message('c1', 'm1', 'EndUser', 1004))).toBeNull();
    expect(await store.eventsAfter('c1', 0)).toEqual([{ id: 1, name: 'A', data: 'a' }, { id: 2, name: 'B', data: 'b' }]);
    expect(await store.eventsAfter('c1', 1)).toEqual([{ id: 2, name: 'B', data: 'b' }]);
    expect(await store.lastEventId('c1')).toBe(2);
    expect(await store.visitorMessage('c1', 'm1')).toEqual({ forwarded: false });
    expect(await store.visitorMessage('c2', 'm1')).toBeUndefined();
    expect((await store.getConversation('c1'))!.lastActionAt).toBe(1002); // the duplicate touched nothing
  });

  it('keeps ids gap-free when two instances append to one conversation at once, repeats included', async () => {
    const other = await database.open();
    try {
      await store.createConversation(conversation('c1', 1000));
      const appends = Array.from({ length: 40 }, (_, i) =>
        (i % 2 ? other : store).appendEvent('c1', 'M', `${i}`, 1000 + i, message('c1', `m${i % 30}`, 'EndUser', 1000 + i)));
      const results = await Promise.all(appends);
      const stored = results.filter((r) => r !== null);
      expect(stored).toHaveLength(30);
      expect(stored.map((r) => r.id).sort((a, b) => a - b)).toEqual(Array.from({ length: 30 }, (_, i) => i + 1));
      expect((await other.eventsAfter('c1', 0)).map((e) => e.id)).toEqual(Array.from({ length: 30 }, (_, i) => i + 1));
    } finally {
      await other.close();
    }
  });

  it('tells a visitor message from others, and remembers when the agent accepted it', async () => {
    await store.createConversation(conversation('c1', 1000));
    await store.appendEvent('c1', 'M', '', 1001, message('c1', 'u1', 'EndUser', 1001));
    await store.appendEvent('c1', 'M', '', 1002, message('c1', 'b1', 'Chatbot', 1002));
    expect(await store.visitorMessage('c1', 'u1')).toEqual({ forwarded: false });
    expect(await store.visitorMessage('c1', 'b1')).toBeUndefined();
    await store.markForwarded('c1', 'u1', 1003);
    expect(await store.visitorMessage('c1', 'u1')).toEqual({ forwarded: true });
  });

  it('finds the latest event of a name', async () => {
    await store.createConversation(conversation('c1', 1000));
    expect(await store.lastEventNamed('c1', 'P')).toBeUndefined();
    await store.appendEvent('c1', 'P', 'first', 1001);
    await store.appendEvent('c1', 'P', 'second', 1002);
    await store.appendEvent('c1', 'M', 'other', 1003);
    expect(await store.lastEventNamed('c1', 'P')).toEqual({ id: 2, name: 'P', data: 'second' });
  });

  it('closes a conversation once, whoever tries, and finds the idle ones of a bot', async () => {
    await store.createConversation(conversation('quiet', 1000));
    await store.createConversation(conversation('talking', 1000));
    await store.createConversation(conversation('older', 500));
    await store.createConversation(conversation('other-bot', 500, 'other'));
    expect(await store.visitorWrote('talking', 5000)).toBe(true);
    await store.updateConversation('quiet', { lastActionAt: 6000 }); // the bot spoke: the visitor is still silent
    expect(await store.idleConversations('bot', 2000, 10)).toEqual(['older', 'quiet']);
    expect(await store.idleConversations('bot', 2000, 1)).toEqual(['older']);
    expect(await store.idleConversations('bot', 499, 10)).toEqual([]);
    expect(await store.idleConversations('bot', 500, 10)).toEqual(['older']);

    const other = await database.open();
    try {
      const attempts = await Promise.all([store, other, store, other].map((s) => s.closeConversation('quiet', 7000, 2000)));
      expect(attempts.filter(Boolean)).toHaveLength(1);
    } finally {
      await other.close();
    }
    expect(await store.getConversation('quiet')).toMatchObject({ status: 'closed', lastActionAt: 7000 });
    expect(await store.closeConversation('talking', 7000, 2000)).toBe(false); // the visitor wrote since
    expect(await store.getConversation('talking')).toMatchObject({ status: 'open' });
    expect(await store.closeConversation('talking', 7000)).toBe(true);
    expect(await store.closeConversation('talking', 7001)).toBe(false);
    expect(await store.visitorWrote('talking', 7002)).toBe(false); // nothing slips in after a close
    expect(await store.idleConversations('bot', 10_000, 10)).toEqual(['older']);
  });

  it('finds the latest message not from the visitor', async () => {
    await store.createConversation(conversation('c1', 1000));
    expect(await store.lastAgentMessage('c1')).toBeUndefined();
    await store.appendEvent('c1', 'M', '', 1001, message('c1', 'b1', 'Chatbot', 1001));
    await store.appendEvent('c1', 'M', '', 1002, { ...message('c1', 'b2', 'Agent', 1002), action: undefined });
    await store.appendEvent('c1', 'M', '', 1003, { ...message('c1', 'u1', 'EndUser', 1003), action: 'button' });
    expect(await store.lastAgentMessage('c1')).toEqual({ id: 'b2', conversationId: 'c1', role: 'Agent', text: 'b2', body: '{"text":"b2"}', action: null, createdAt: 1002 });
  });

  it("reads a conversation's latest messages, oldest first", async () => {
    await store.createConversation(conversation('c1', 1000));
    await store.createConversation(conversation('c2', 1000));
    expect(await store.recentMessages('c1', 5)).toEqual([]);
    for (const [id, role, at] of [['q1', 'EndUser', 1001], ['a1', 'Chatbot', 1002], ['q2', 'EndUser', 1003], ['a2', 'Agent', 1004]] as const) {
      await store.appendEvent('c1', 'M', '', at, message('c1', id, role, at));
    }
    await store.appendEvent('c2', 'M', '', 1005, message('c2', 'other', 'EndUser', 1005));
    expect((await store.recentMessages('c1', 3)).map((m) => [m.id, m.role, m.text])).toEqual([['a1', 'Chatbot', 'a1'], ['q2', 'EndUser', 'q2'], ['a2', 'Agent', 'a2']]);
    expect((await store.recentMessages('c1', 10)).map((m) => m.id)).toEqual(['q1', 'a1', 'q2', 'a2']);
  });

  it('finds a message only in its own conversation', async () => {
    await store.createConversation(conversation('a', 1000));
    await store.createConversation(conversation('b', 1000));
    await store.appendEvent('a', 'M', '', 1100, message('a', 'm1', 'Chatbot', 1100, 'Hi there'));
    expect(await store.getMessage('a', 'm1')).toEqual({ id: 'm1', conversationId: 'a', role: 'Chatbot', text: 'Hi there', body: '{"text":"Hi there"}', action: null, createdAt: 1100 });
    expect(await store.getMessage('b', 'm1')).toBeUndefined();
    expect(await store.getMessage('a', 'm2')).toBeUndefined();
  });

  it('says whether a reaction changed what was recorded', async () => {
    await store.createConversation(conversation('a', 1000));
    await store.appendEvent('a', 'M', '', 1100, message('a', 'm1', 'Chatbot', 1100));
    const react = (reaction: 'positive' | 'negative' | null, at: number, comment?: string) =>
      store.recordReaction({ conversationId: 'a', messageId: 'm1', reaction, at, ...(comment && { comment }) });
    expect(await react('positive', 1)).toBe(true);
    expect(await react('positive', 2)).toBe(false);
    expect(await react('negative', 3)).toBe(true);
    expect(await react('negative', 4, 'too long')).toBe(true);
    expect(await react('negative', 5, 'too long')).toBe(false);
    expect(await react(null, 6)).toBe(true);
    expect(await react(null, 7)).toBe(false);
  });

  it('pages exports by (time, id), one bot at a time, with tags and counts', async () => {
    for (const [id, at] of [['b', 1000], ['a', 1000], ['c', 2000], ['d', 3000]] as const) await store.createConversation(conversation(id, at));
    await store.createConversation(conversation('x', 1500, 'other-bot'));
    await store.appendEvent('a', 'CONVERSATION_ROUTING_RESULT', '{}', 1100);
    await store.appendEvent('b', 'M', '', 1200, { ...message('b', 'q', 'EndUser', 1200), action: 'text' });
    await store.appendEvent('b', 'M', '', 1200, message('b', 'r', 'Chatbot', 1200));
    await store.recordReaction({ conversationId: 'b', messageId: 'r', reaction: 'negative', at: 1300 });
    const query = { botName: 'bot', from: 1000, until: 3000, limit: 2 };
    const page1 = await store.exportConversations(query);
    expect(page1.map((c) => c.id)).toEqual(['a', 'b']);
    expect(page1[0]).toMatchObject({ escalated: true, positiveFeedback: false, negativeFeedback: false, userMessageCount: 0, metadata: { page_url: 'https://shop.example/' } });
    expect(page1[1]).toMatchObject({ escalated: false, negativeFeedback: true, userMessageCount: 1, lastActionAt: 1200 });
    expect((await store.exportConversations({ ...query, after: { time: 1000, id: 'b' } })).map((c) => c.id)).toEqual(['c']);
    await store.appendEvent('c', 'CONVERSATION_ROUTING_RESULT', '{"entryPayload":"{\\"failureType\\":\\"SubmissionError\\"}"}', 2100);
    expect(await store.exportConversations({ ...query, after: { time: 1000, id: 'b' } })).toMatchObject([{ id: 'c', escalated: false }]);
    const messages = await store.exportMessages({ botName: 'bot', from: 0, until: 5000, limit: 10 });
    expect(messages.map((m) => [m.id, m.action])).toEqual([['q', 'text'], ['r', null]]);
    expect((await store.exportMessages({ botName: 'bot', from: 0, until: 5000, limit: 10, after: { time: 1200, id: 'b/q' } })).map((m) => m.id)).toEqual(['r']);
    expect(await store.exportMessages({ botName: 'bot', from: 0, until: 5000, limit: 10, conversationId: 'a' })).toEqual([]);
    expect((await store.messagesOf(['b', 'a'])).map((m) => m.id)).toEqual(['q', 'r']);
    expect(await store.messagesOf([])).toEqual([]);
  });

  it('counts page views, conversations initialized and engaged (by their first impression), opens and reactions in a window', async () => {
    const hour = 3_600_000;
    const impression = (conversationId: string, pageUrl: string, device: 'mobile' | 'desktop', createdAt: number) => store.recordImpression({
      conversationId, pageUrl, device, source: 'web', language: 'en', environment: 'production', ip: '127.0.0.1', metadata: { widget_loaded: true }, createdAt,
    });
    await store.createConversation({ ...conversation('c1', hour), welcomed: true });
    await store.createConversation(conversation('c2', hour + 10));
    await store.appendEvent('c1', 'M', '', hour + 20, message('c1', 'q', 'EndUser', hour + 20));
    await impression('c1', 'https://a/', 'mobile', hour);
    await impression('c1', 'https://b/', 'mobile', hour + 5);
    await impression('c2', 'https://a/', 'desktop', 2 * hour);
    await impression('c3', 'https://a/', 'desktop', 5 * hour); // outside the window
    await store.recordReaction({ conversationId: 'c1', messageId: 'r1', reaction: 'positive', at: hour });
    await store.recordReaction({ conversationId: 'c1', messageId: 'r2', reaction: 'positive', comment: 'nice', at: hour });
    await store.recordReaction({ conversationId: 'c1', messageId: 'r2', reaction: null, at: hour + 1 }); // taken back
    expect(await store.analytics(0, 3 * hour)).toEqual({
      pageViews: 3, initialized: 2, opens: 1, engaged: 1, reactions: { positive: 1, negative: 0 },
      byPage: [{ page: 'https://a/', pageViews: 2, initialized: 2, engaged: 1 }, { page: 'https://b/', pageViews: 1, initialized: 0, engaged: 0 }],
      byDevice: [{ device: 'mobile', pageViews: 2, initialized: 1, engaged: 1 }, { device: 'desktop', pageViews: 1, initialized: 1, engaged: 0 }],
      byHour: [{ hour, pageViews: 2, initialized: 1, engaged: 1 }, { hour: 2 * hour, pageViews: 1, initialized: 1, engaged: 0 }],
    });
    // Seen again later: a page view in the later window, but initialized in the earlier one.
    await impression('c1', 'https://a/', 'mobile', 4 * hour);
    expect(await store.analytics(4 * hour, 6 * hour)).toMatchObject({
      pageViews: 2, initialized: 1, engaged: 0,
      byPage: [{ page: 'https://a/', pageViews: 2, initialized: 1, engaged: 0 }],
    });
    expect(await store.analytics(10 * hour, 11 * hour)).toEqual({
      pageViews: 0, initialized: 0, opens: 0, engaged: 0, reactions: { positive: 0, negative: 0 }, byPage: [], byDevice: [], byHour: [],
    });
  });

  it('queues each Pendo call once and hands a due call to one instance at a time', async () => {
    const other = await database.open();
    try {
      expect(await store.enqueueTrack('prompt:m1', 'one', 100)).toBe(true);
      expect(await store.enqueueTrack('prompt:m1', 'again', 100)).toBe(false);
      expect(await store.enqueueTrack('prompt:m2', 'two', 100)).toBe(true);
      expect(await store.dueTracks(50, 10)).toEqual([]);
      const claimed = await store.dueTracks(100, 10);
      expect(claimed.map((c) => [c.body, c.attempts])).toEqual([['one', 0], ['two', 0]]);
      expect(await other.dueTracks(100, 10)).toEqual([]); // claimed by the first instance
      await store.markTrackSent(claimed[0]!.id, 110);
      await store.retryTrackAt(claimed[1]!.id, 200);
      expect(await other.dueTracks(150, 10)).toEqual([]);
      expect(await other.dueTracks(200, 10)).toEqual([{ id: claimed[1]!.id, body: 'two', attempts: 1 }]);
    } finally {
      await other.close();
    }
  });
  it('keeps uploaded files per conversation within the quota, served to every instance', async () => {
    const other = await database.open();
    try {
      await store.createConversation(conversation('c1', 1000));
      await store.createConversation(conversation('c2', 1000));
      const file = (id: string, conversationId: string, size: number) =>
        ({ id, conversationId, name: `${id}.png`, type: 'png', mime: 'image/png', size, createdAt: 1000 });
      const bytes = (size: number) => Buffer.from(Array.from({ length: size }, (_, i) => i % 256));
      const quota = { files: 2, bytes: 300 };
      expect(await store.saveFile(file('f1', 'c1', 200), bytes(200), quota)).toBe(true);
      expect(await store.saveFile(file('f2', 'c1', 101), bytes(101), quota)).toBe(false); // 301 bytes
      expect(await store.saveFile(file('f2', 'c1', 100), bytes(100), quota)).toBe(true);
      expect(await store.saveFile(file('f3', 'c1', 1), bytes(1), quota)).toBe(false); // a third file
      expect(await store.saveFile(file('f4', 'c2', 300), bytes(300), quota)).toBe(true); // another conversation's own quota
      expect(await other.fileOf('c1', 'f1')).toEqual(file('f1', 'c1', 200));
      expect(await other.fileOf('c2', 'f1')).toBeUndefined();
      expect(await other.fileOf('c1', 'f3')).toBeUndefined();
      const read = await other.readFile('f2');
      expect(read).toMatchObject(file('f2', 'c1', 100));
      expect(Buffer.compare(read!.data, bytes(100))).toBe(0);
      expect(await other.readFile('nope')).toBeUndefined();
    } finally {
      await other.close();
    }
  });
});
