import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type TestGateway, chat, payloadOf, readSse, startGateway } from './testing/test-support';

let gw: TestGateway;
beforeEach(async () => {
  gw = await startGateway({ pingMs: 100 });
});
afterEach(() => gw.close());

async function newConversation() {
  const id = randomUUID();
  const started = await chat(gw, { platformConversationId: id, eventType: 'startSession' });
  expect(started).toMatchObject({ status: 200, body: { ok: true, token: expect.any(String) } });
  return { id, token: started.body['token'] as string };
}

const messageEvents = <T extends { event?: string }>(events: T[]) => events.filter((e) => e.event === 'CONVERSATION_MESSAGE');

describe('POST /converse/chat', () => {
  it('answers bad input with a JSON error naming the problem, and keeps serving', async () => {
    const cases: [unknown, string, number, RegExp][] = [
      ['{"platformConversationId": ', 'application/json', 400, /not valid JSON/],
      ['hello', 'text/plain', 415, /Content-Type must be application\/json; got "text\/plain"/],
      [{ platformConversationId: 'x', eventType: 'message', text: 'hi' }, 'application/json', 400, /platformConversationId must be a UUID/],
      [{ platformConversationId: randomUUID(), eventType: 'message', text: 'x'.repeat(70_000) }, 'application/json', 413, /over the 65536-byte limit/],
    ];
    for (const [body, type, status, message] of cases) {
      const answer = await chat(gw, body, undefined, type);
      expect(answer.status).toBe(status);
      expect(answer.body['error']['message']).toMatch(message);
      expect(answer.body['error']['code']).toEqual(expect.any(String));
    }
    await newConversation(); // still alive
  });

  it('requires the conversation token after the first request', async () => {
    const { id, token } = await newConversation();
    const other = await newConversation();
    const message = { platformConversationId: id, eventType: 'message', text: 'hi' };
    expect((await chat(gw, message)).status).toBe(401);
    expect((await chat(gw, message, 'garbage')).status).toBe(401);
    expect((await chat(gw, message, `${token}x`)).status).toBe(401);
    const stolen = await chat(gw, message, other.token);
    expect(stolen).toMatchObject({ status: 401, body: { error: { code: 'unauthorized', message: 'The token is not valid for this conversation.' } } });
    expect(await chat(gw, message, token)).toEqual({ status: 200, headers: expect.anything(), body: { ok: true } });
  });

  it('treats a repeated messageId as the same message: one echo, one reply', async () => {
    const { id, token } = await newConversation();
    const body = { platformConversationId: id, eventType: 'message', text: 'hello', messageId: 'retry-me' };
    expect((await chat(gw, body, token)).status).toBe(200);
    expect((await chat(gw, body, token)).status).toBe(200);
    const { events } = await readSse(gw, token, (e) => messageEvents(e).length >= 3);
    await new Promise((r) => setTimeout(r, 300)); // time for a wrongful second reply
    const after = await readSse(gw, token, () => false, undefined, 300);
    const messages = messageEvents(after.events).map((e) => payloadOf(e).abstractMessage.staticContent.text);
    expect(messages).toHaveLength(3); // welcome, the visitor's message once, one answer
    expect(messageEvents(events).filter((e) => payloadOf(e).id === 'retry-me')).toHaveLength(1);
  });

  it('ends a conversation on endSession and refuses messages after it with 409', async () => {
    const { id, token } = await newConversation();
    expect((await chat(gw, { platformConversationId: id, eventType: 'endSession' }, token)).status).toBe(200);
    const { events } = await readSse(gw, token, (e) => e.some((x) => x.event === 'CONVERSATION_CLOSE_CONVERSATION'));
    expect(payloadOf(events.find((e) => e.event === 'CONVERSATION_CLOSE_CONVERSATION')!)).toMatchObject({ entryType: 'CloseConversation', reason: 'EndUser' });
    const late = await chat(gw, { platformConversationId: id, eventType: 'message', text: 'still there?' }, token);
    expect(late).toMatchObject({ status: 409, body: { error: { code: 'conversation_closed' } } });
  });

  it('closes when the demo bot ends the conversation, once, and refuses messages after it with 409', async () => {
    const { id, token } = await newConversation();
    expect((await chat(gw, { platformConversationId: id, eventType: 'message', text: 'bye', messageId: 'm-bye' }, token)).status).toBe(200);
    const { events } = await readSse(gw, token, (e) => e.some((x) => x.event === 'CONVERSATION_CLOSE_CONVERSATION'));
    expect(events.filter((e) => e.event === 'CONVERSATION_CLOSE_CONVERSATION').map((e) => payloadOf(e).reason)).toEqual(['Agent']);
    expect((await gw.store.getConversation(id))?.status).toBe('closed');
    const late = await chat(gw, { platformConversationId: id, eventType: 'message', text: 'one more thing' }, token);
    expect(late).toMatchObject({ status: 409, body: { error: { code: 'conversation_closed' } } });
    // The visitor's own endSession finds it closed and tells the widget nothing twice.
    expect((await chat(gw, { platformConversationId: id, eventType: 'endSession' }, token)).status).toBe(200);
    const after = await readSse(gw, token, () => false, undefined, 300);
    expect(after.events.filter((e) => e.event === 'CONVERSATION_CLOSE_CONVERSATION')).toHaveLength(1);
  });

  it('gives the demo bot the AGENT_NAME when one is set (Aria otherwise)', async () => {
    const senders = async (gateway: TestGateway) => {
      const id = randomUUID();
      const { body } = await chat(gateway, { platformConversationId: id, eventType: 'startSession' });
      const { events } = await readSse(gateway, body['token'] as string, (e) => messageEvents(e).length === 1);
      return messageEvents(events).map((e) => JSON.parse(e.data).conversationEntry.senderDisplayName);
    };
    expect(await senders(gw)).toEqual(['Aria']);
    const named = await startGateway({ agentName: 'Nova' });
    try {
      expect(await senders(named)).toEqual(['Nova']);
    } finally {
      await named.close();
    }
  });

  it('welcomes once however often startSession comes', async () => {
    const { id, token } = await newConversation();
    await chat(gw, { platformConversationId: id, eventType: 'startSession' }, token);
    await new Promise((r) => setTimeout(r, 200));
    const { events } = await readSse(gw, token, () => false, undefined, 300);
    expect(messageEvents(events)).toHaveLength(1);
  });
});

describe('GET /eventrouter/v1/sse', () => {
  it('refuses a missing or wrong token with 401 JSON', async () => {
    const response = await fetch(`${gw.url}/eventrouter/v1/sse`, { headers: { Authorization: 'Bearer nope' } });
    expect(response.status).toBe(401);
    expect(await response.json()).toMatchObject({ error: { code: 'unauthorized' } });
  });

  it('streams the welcome, then typing, tokens that add up to the final message, with durable ids only', async () => {
    const { id, token } = await newConversation();
    await chat(gw, { platformConversationId: id, eventType: 'message', text: 'How much does it cost?', messageId: 'q1' }, token);
    const { events } = await readSse(gw, token, (e) => messageEvents(e).length >= 3);
    const names = events.map((e) => e.event);
    expect(names.slice(0, 5)).toEqual([
      'CONVERSATION_MESSAGE', 'CONVERSATION_MESSAGE', 'CONVERSATION_DELIVERY_ACKNOWLEDGEMENT', 'CONVERSATION_READ_ACKNOWLEDGEMENT', 'CONVERSATION_TYPING_STARTED_INDICATOR',
    ]);
    const tokens = events.filter((e) => e.event === 'CONVERSATION_STREAMING_TOKEN').map(payloadOf);
    const final = payloadOf(messageEvents(events)[2]!);
    expect(tokens.map((t) => t.streamingToken.sequenceNumber)).toEqual(tokens.map((_, i) => i + 1));
    expect(tokens.map((t) => t.streamingToken.token.text).join('')).toBe(final.abstractMessage.staticContent.text);
    expect(tokens.every((t) => t.streamingToken.targetMessageIdentifier === final.id)).toBe(true);
    expect(final.abstractMessage.agentMeta).toEqual({ modelsUsed: ['aria-demo-1'], toolsUsed: ['knowledge_base'] });
    // Only durable events carry ids, and they increase by one.
    const durable = events.filter((e) => e.id !== undefined);
    expect(durable.map((e) => Number(e.id))).toEqual(durable.map((_, i) => i + 1));
    expect(events.filter((e) => e.id === undefined).every((e) => /TYPING|TOKEN/.test(e.event!))).toBe(true);
    // The envelope: entryPayload is a JSON string, the visitor's echo carries the messageId.
    const echoEvent = messageEvents(events).find((e) => JSON.parse(e.data).conversationEntry.sender.role === 'EndUser')!;
    const echo = JSON.parse(echoEvent.data);
    expect(echo).toMatchObject({ channelType: 'embedded_messaging', conversationId: id, conversationEntry: { entryType: 'Message', senderDisplayName: 'You' } });
    expect(typeof echo.conversationEntry.entryPayload).toBe('string');
    expect(payloadOf(echoEvent)).toEqual({
      entryType: 'Message', id: 'q1',
      abstractMessage: { messageType: 'StaticContentMessage', id: 'q1', staticContent: { formatType: 'Text', text: 'How much does it cost?' } },
    });
  });

  it('ends the demo bot\'s streaming reply on stop, with the text so far, marked stopped', async () => {
    const { id, token } = await newConversation();
    await chat(gw, { platformConversationId: id, eventType: 'message', text: 'long answer', messageId: 'q1' }, token);
    await readSse(gw, token, (e) => e.filter((x) => x.event === 'CONVERSATION_STREAMING_TOKEN').length >= 3);
    expect(await chat(gw, { platformConversationId: id, eventType: 'stop' }, token)).toMatchObject({ status: 200, body: { ok: true } });
    const { events } = await readSse(gw, token, (e) => messageEvents(e).length >= 3);
    const streamed = events.filter((e) => e.event === 'CONVERSATION_STREAMING_TOKEN').map((e) => payloadOf(e).streamingToken.token.text).join('');
    const final = payloadOf(messageEvents(events)[2]!);
    expect(final.abstractMessage.staticContent.text).toBe(streamed);
    expect(streamed.length).toBeLessThan(500);
    expect(final.abstractMessage.agentMeta).toEqual({ modelsUsed: ['aria-demo-1'], toolsUsed: ['knowledge_base'], stopped: true });
  });

  it('replays only what came after Last-Event-ID', async () => {
    const { id, token } = await newConversation();
    await chat(gw, { platformConversationId: id, eventType: 'message', text: 'hi' }, token);
    const all = await readSse(gw, token, (e) => messageEvents(e).length >= 3);
    const durable = all.events.filter((e) => e.id !== undefined);
    const resumed = await readSse(gw, token, () => false, durable[1]!.id, 300);
    expect(resumed.events.filter((e) => e.id !== undefined).map((e) => e.id)).toEqual(durable.slice(2).map((e) => e.id));
  });

  it('sends a ping comment on the interval', async () => {
    const { token } = await newConversation();
    const { comments } = await readSse(gw, token, (_, c) => c.includes('ping'));
    expect(comments).toContain('ping');
  });
});

describe('the SQLite store', () => {
  it('runs in WAL mode and keeps conversations across a restart on the same data directory', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'agent-chat-restart-'));
    await gw.close();
    gw = await startGateway({ dataDir });
    const { id, token } = await newConversation();
    await readSse(gw, token, (e) => messageEvents(e).length >= 1);
    const db = new Database(join(dataDir, 'agent-chat.db'), { readonly: true });
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    db.close();
    await gw.close();
    gw = await startGateway({ dataDir });
    const { events } = await readSse(gw, token, (e) => messageEvents(e).length >= 1);
    expect(JSON.parse(messageEvents(events)[0]!.data).conversationId).toBe(id);
    rmSync(dataDir, { recursive: true, force: true });
  });
});
