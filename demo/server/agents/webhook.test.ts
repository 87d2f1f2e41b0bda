// The webhook's events (PROTOCOL §3) against a real gateway in upstream mode: what each becomes on
// the SSE stream and in the export, each refusal, idempotency, and the order of question and reply.
import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type SseEvent, type TestGateway, type UpstreamStandIn, chat, payloadOf, readSse, startGateway, upstreamStandIn } from '../testing/test-support';

const SECRET = 'webhook-secret-123';
const EXPORT_KEY = 'export-key';

let upstream: UpstreamStandIn;
let gw: TestGateway;

beforeEach(async () => {
  upstream = await upstreamStandIn();
  gw = await startGateway({
    upstream: { url: upstream.url, apiKey: 'upstream-key', botId: 'bot-42', webhookSecret: Buffer.from(SECRET) },
    agentName: 'Shop helper',
    exportApiKeys: [EXPORT_KEY],
  });
});
afterEach(async () => {
  await gw.close();
  await upstream.close();
});

function webhook(data: Record<string, unknown>) {
  return fetch(`${gw.url}/converse-webhook`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'X-Webhook-Secret': SECRET },
    body: JSON.stringify({ botId: 'bot-42', data }),
  }).then(async (r) => ({ status: r.status, body: (await r.json()) as Record<string, any> }));
}

async function conversation() {
  const id = randomUUID();
  const { body } = await chat(gw, { platformConversationId: id, eventType: 'startSession' });
  const token = body['token'] as string;
  return {
    id,
    token,
    send: (data: Record<string, unknown>) => webhook({ platformConversationId: id, ...data }),
    say: (text: string, messageId: string) => chat(gw, { platformConversationId: id, eventType: 'message', text, messageId }, token),
    /** Every event so far (ephemeral ones from the hub's buffer), read until `count` have come. */
    events: async (count: number) => (await readSse(gw, token, (events) => events.length >= count, undefined, 2000)).events,
  };
}

/** An event as the widget decodes it: name, durable id or none, sender and payload. */
const view = (e: SseEvent) => {
  const entry = JSON.parse(e.data).conversationEntry;
  return { event: e.event, durable: e.id !== undefined, sender: { ...entry.sender, name: entry.senderDisplayName }, payload: payloadOf(e) };
};

async function exportedMessages(conversationId: string) {
  const now = Math.floor(Date.now() / 1000);
  const query = new URLSearchParams({ start_time: String(now - 60), end_time: String(now + 60), bot_name: 'support-bot', conversation_id: conversationId });
  const response = await fetch(`${gw.url}/conversations/export/v1/messages?${query}`, { headers: { 'x-api-key': EXPORT_KEY } });
  return ((await response.json()) as { data: Record<string, any>[] }).data;
}

describe('sendMessage', () => {
  it('takes replyId as the question answered: two replies to one question both arrive; a repeated messageId is a duplicate', async () => {
    const c = await conversation();
    await c.say('Two things?', 'q1');
    expect(await c.send({ eventType: 'sendMessage', type: 'text', text: 'First.', replyId: 'q1' })).toEqual({ status: 200, body: { ok: true } });
    expect(await c.send({ eventType: 'sendMessage', type: 'text', text: 'Second.', replyId: 'q1', messageId: 'a2' })).toEqual({ status: 200, body: { ok: true } });
    expect(await c.send({ eventType: 'sendMessage', type: 'text', text: 'Second.', replyId: 'q1', messageId: 'a2' })).toEqual({ status: 200, body: { ok: true, duplicate: true } });

    const messages = (await c.events(3)).map(view).filter((e) => e.event === 'CONVERSATION_MESSAGE');
    expect(messages.map((m) => [m.payload.id === 'q1' || m.payload.id === 'a2' ? m.payload.id : 'fresh', m.payload.abstractMessage.staticContent.text])).toEqual([
      ['q1', 'Two things?'], ['fresh', 'First.'], ['a2', 'Second.'],
    ]);
    expect(messages[1]!.payload.id).toMatch(/^[0-9a-f-]{36}$/);
    // The configured agent name, not the demo bot's.
    expect(messages[1]!.sender).toEqual({ role: 'Chatbot', appType: 'chatbot', subject: 'bot:Shop helper', name: 'Shop helper' });
  });

  it('labels a message with senderName and senderRole, and the export tells an Agent from a bot', async () => {
    const c = await conversation();
    await c.say('Hello?', 'q1');
    await c.send({ eventType: 'sendMessage', type: 'text', text: 'Bot here.', messageId: 'b1' });
    await c.send({ eventType: 'sendMessage', type: 'text', text: 'Sam here, a person.', messageId: 'h1', senderName: 'Sam', senderRole: 'Agent' });
    const messages = (await c.events(3)).map(view).filter((e) => e.event === 'CONVERSATION_MESSAGE');
    expect(messages.map((m) => m.sender)).toEqual([
      { role: 'EndUser', appType: 'iamessage', subject: 'visitor', name: 'You' },
      { role: 'Chatbot', appType: 'chatbot', subject: 'bot:Shop helper', name: 'Shop helper' },
      { role: 'Agent', appType: 'agent', subject: 'agent:Sam', name: 'Sam' },
    ]);
    expect((await exportedMessages(c.id)).map((m) => [m['_id'], m['type']])).toEqual([['q1', 'UserInput'], ['b1', 'BotMessage'], ['h1', 'AgentMessage']]);
  });
});

describe('the live events', () => {
  it('turns typing, progress, stream tokens and a withdrawn stream into ephemeral events, and the closing sendMessage into the message', async () => {
    const c = await conversation();
    await c.say('Tell me', 'q1');
    for (const data of [
      { eventType: 'typing', on: true },
      { eventType: 'progress', text: 'Searching the knowledge base…' },
      { eventType: 'streamToken', messageId: 'draft', sequence: 1, text: 'Wrong' },
      { eventType: 'streamInvalid', messageId: 'draft' },
      { eventType: 'streamToken', messageId: 'a1', sequence: 1, text: 'Hello' },
      { eventType: 'streamToken', messageId: 'a1', sequence: 2, text: ' there' },
      { eventType: 'typing', on: false },
      { eventType: 'sendMessage', type: 'text', text: 'Hello there', messageId: 'a1', replyId: 'q1' },
    ]) expect(await c.send(data)).toEqual({ status: 200, body: { ok: true } });

    const events = (await c.events(10)).map(view).slice(1);
    const bot = { role: 'Chatbot', appType: 'chatbot', subject: 'bot:Shop helper', name: 'Shop helper' };
    expect(events.map((e) => [e.event, e.durable])).toEqual([
      ['CONVERSATION_TYPING_STARTED_INDICATOR', false],
      ['CONVERSATION_PROGRESS_INDICATOR', false],
      ['CONVERSATION_STREAMING_TOKEN', false],
      ['CONVERSATION_STREAMING_TOKEN', false],
      ['CONVERSATION_STREAMING_TOKEN', false],
      ['CONVERSATION_STREAMING_TOKEN', false],
      ['CONVERSATION_TYPING_STOPPED_INDICATOR', false],
      ['CONVERSATION_MESSAGE', true],
    ]);
    expect(events.every((e) => JSON.stringify(e.sender) === JSON.stringify(bot))).toBe(true);
    expect(events[1]!.payload.progressIndicator).toEqual({ indicatorType: 'ProgressUpdateIndicator', progressMessage: { formatType: 'Text', text: 'Searching the knowledge base…' } });
    expect(events[2]!.payload.streamingToken).toEqual({
      tokenType: 'MessageStreamingToken', sequenceNumber: 1, timestamp: expect.any(Number), targetMessageIdentifier: 'draft', token: { formatType: 'Text', text: 'Wrong' },
    });
    expect(events[3]!.payload.streamingToken).toEqual({
      tokenType: 'StreamingTokenValidation', sequenceNumber: 0, targetMessageIdentifier: 'draft', result: { valid: false, reason: 'The agent withdrew this reply.' },
    });
    expect(events.slice(4, 6).map((e) => [e.payload.streamingToken.targetMessageIdentifier, e.payload.streamingToken.sequenceNumber, e.payload.streamingToken.token.text])).toEqual([
      ['a1', 1, 'Hello'], ['a1', 2, ' there'],
    ]);
    expect(events[7]!.payload).toMatchObject({ entryType: 'Message', id: 'a1', abstractMessage: { id: 'a1', staticContent: { text: 'Hello there' } } });
  });

  it('acknowledges visitor messages, and refuses a receipt for an id that is not one, sending none', async () => {
    const c = await conversation();
    await c.say('One', 'q1');
    await c.say('Two', 'q2');
    await c.send({ eventType: 'sendMessage', type: 'text', text: 'Bot line', messageId: 'b1' });
    const refused = await c.send({ eventType: 'read', messageIds: ['q1', 'nope', 'b1'] });
    expect(refused).toEqual({ status: 422, body: { error: { code: 'unknown_message', message: 'data.messageIds: "nope", "b1" are not visitor messages of this conversation; no receipt was sent.' } } });
    expect(await c.send({ eventType: 'delivered', messageIds: ['q1', 'q2'] })).toEqual({ status: 200, body: { ok: true } });
    expect(await c.send({ eventType: 'read', messageIds: ['q2'] })).toEqual({ status: 200, body: { ok: true } });
    const receipts = (await c.events(6)).map(view).filter((e) => e.event !== 'CONVERSATION_MESSAGE');
    expect(receipts.map((e) => [e.event, e.durable, e.payload.acknowledgedConversationEntryIdentifier])).toEqual([
      ['CONVERSATION_DELIVERY_ACKNOWLEDGEMENT', true, 'q1'],
      ['CONVERSATION_DELIVERY_ACKNOWLEDGEMENT', true, 'q2'],
      ['CONVERSATION_READ_ACKNOWLEDGEMENT', true, 'q2'],
    ]);
  });

  it('hands off: after a participant joins as Agent, unlabelled messages are theirs (and exported as AgentMessage); after they leave, the agent speaks again', async () => {
    const c = await conversation();
    await c.say('A person, please', 'q1');
    expect(await c.send({ eventType: 'escalate' })).toEqual({ status: 200, body: { ok: true } });
    expect(await c.send({ eventType: 'participant', operation: 'add', displayName: 'Alex', role: 'Agent' })).toEqual({ status: 200, body: { ok: true } });
    await c.send({ eventType: 'typing', on: true });
    await c.send({ eventType: 'sendMessage', type: 'text', text: 'Hi, Alex here.', messageId: 'h1' });
    await c.send({ eventType: 'participant', operation: 'remove', displayName: 'Alex', role: 'Agent' });
    await c.send({ eventType: 'sendMessage', type: 'text', text: 'Back to the bot.', messageId: 'b1' });

    const events = (await c.events(7)).map(view);
    expect(events.map((e) => e.event)).toEqual([
      'CONVERSATION_MESSAGE', 'CONVERSATION_ROUTING_RESULT', 'CONVERSATION_PARTICIPANT_CHANGED', 'CONVERSATION_TYPING_STARTED_INDICATOR',
      'CONVERSATION_MESSAGE', 'CONVERSATION_PARTICIPANT_CHANGED', 'CONVERSATION_MESSAGE',
    ]);
    expect(events[2]!.payload.entries).toEqual([{ operation: 'add', displayName: 'Alex', participant: { role: 'Agent', appType: 'agent', subject: 'agent:Alex' } }]);
    expect(events[3]!.sender).toEqual({ role: 'Agent', appType: 'agent', subject: 'agent:Alex', name: 'Alex' });
    expect(events[4]!.sender).toEqual({ role: 'Agent', appType: 'agent', subject: 'agent:Alex', name: 'Alex' });
    expect(events[5]!.payload.entries[0].operation).toBe('remove');
    expect(events[6]!.sender).toEqual({ role: 'Chatbot', appType: 'chatbot', subject: 'bot:Shop helper', name: 'Shop helper' });
    expect((await exportedMessages(c.id)).map((m) => [m['_id'], m['type']])).toEqual([['q1', 'UserInput'], ['h1', 'AgentMessage'], ['b1', 'BotMessage']]);
  });

  it('ends the conversation: a close with the reason, then 409 for the visitor and for the agent', async () => {
    const c = await conversation();
    await c.say('Bye?', 'q1');
    expect(await c.send({ eventType: 'endConversation', reason: 'Agent' })).toEqual({ status: 200, body: { ok: true } });
    const close = (await c.events(2)).map(view)[1]!;
    expect([close.event, close.durable, close.payload.reason]).toEqual(['CONVERSATION_CLOSE_CONVERSATION', true, 'Agent']);
    expect(await c.say('Still there?', 'q2')).toMatchObject({ status: 409, body: { error: { code: 'conversation_closed' } } });
    for (const data of [{ eventType: 'endConversation', reason: 'Agent' }, { eventType: 'typing', on: true }, { eventType: 'sendMessage', type: 'text', text: 'late' }, { eventType: 'escalate' }]) {
      expect(await c.send(data), JSON.stringify(data)).toMatchObject({ status: 409, body: { error: { code: 'conversation_closed' } } });
    }
    // The visitor's own end comes after: accepted, and the conversation still closes once.
    expect((await chat(gw, { platformConversationId: c.id, eventType: 'endSession' }, c.token)).status).toBe(200);
    const all = (await readSse(gw, c.token, () => false, undefined, 300)).events;
    expect(all.filter((e) => e.event === 'CONVERSATION_CLOSE_CONVERSATION').map((e) => payloadOf(e).reason)).toEqual(['Agent']);
    expect(upstream.received.map((r) => r.body['messageId']).filter(Boolean)).toEqual(['q1']);
  });

  it('refuses an unknown event type, a bad field and an unknown conversation with clear errors', async () => {
    const c = await conversation();
    expect(await c.send({ eventType: 'wave' })).toMatchObject({ status: 400, body: { error: { message: expect.stringMatching(/^data.eventType "wave" is not one the gateway knows/) } } });
    expect(await c.send({ eventType: 'streamToken', messageId: 'a1', sequence: -1, text: 'x' })).toEqual({
      status: 400, body: { error: { code: 'invalid_request', message: 'data.sequence must be a whole number from 1 to 1000000; got -1.' } },
    });
    expect(await webhook({ eventType: 'typing', on: true, platformConversationId: randomUUID() })).toMatchObject({ status: 404, body: { error: { code: 'unknown_conversation' } } });
    expect((await readSse(gw, c.token, () => false, undefined, 300)).events).toEqual([]); // nothing was emitted
  });
});

describe('forwarding order', () => {
  it('stores and echoes the visitor message before forwarding it, so an agent answering at once comes after its question', async () => {
    const c = await conversation();
    upstream.beforeAnswer(async (body) => {
      if (body['eventType'] !== 'message') return;
      // Answers inside the forwarding call, before the gateway hears back.
      const answer = await webhook({ eventType: 'sendMessage', platformConversationId: body['platformConversationId'], type: 'text', text: `Instant: ${String(body['text'])}`, replyId: body['messageId'] });
      expect(answer.status).toBe(200);
    });
    for (const [i, text] of ['one', 'two', 'three'].entries()) expect((await c.say(text, `q${i}`)).status).toBe(200);
    const messages = (await c.events(6)).map(view).map((e) => e.payload.abstractMessage.staticContent.text);
    expect(messages).toEqual(['one', 'Instant: one', 'two', 'Instant: two', 'three', 'Instant: three']);
    expect((await exportedMessages(c.id)).map((m) => m['userInput'] ?? m['outMsg'].steps[0].text)).toEqual(messages);
  });
});
