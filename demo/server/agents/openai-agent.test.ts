// The OpenAI-compatible agent inside a real gateway (SQLite), against the OpenAI-compatible test
// server over HTTP: what the visitor's SSE stream carries, and what the model was sent.
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { OpenAiConfig } from '../config';
import { FAKE_MODEL, type FakeOpenAi, SLOW_ANSWER, startFakeOpenAi } from '../testing/fake-openai';
import { type SseEvent, type TestGateway, chat, payloadOf, readSse, startGateway, uploadFile } from '../testing/test-support';
import { FAILURE_NOTICE } from './openai-agent';

let fake: FakeOpenAi;
let gw: TestGateway;
let dataDir: string;

const agentConfig = (overrides: Partial<OpenAiConfig> = {}): OpenAiConfig => ({
  baseUrl: fake.url, model: 'configured-model', apiKey: 'sk-test', instructions: 'Be brief.',
  historyMessages: 20, historyChars: 16_000, timeoutMs: 2000, ...overrides,
});

beforeEach(async () => {
  fake = await startFakeOpenAi({ apiKey: 'sk-test', tokenMs: 2, slowTokenMs: 40 });
  dataDir = mkdtempSync(join(tmpdir(), 'agent-chat-openai-'));
  gw = await startGateway({ dataDir, agentName: 'Nova', openai: agentConfig() });
});
afterEach(async () => {
  await gw.close();
  await fake.close();
  rmSync(dataDir, { recursive: true, force: true });
});

async function conversation() {
  const id = randomUUID();
  const { body } = await chat(gw, { platformConversationId: id, eventType: 'startSession' });
  return { id, token: body['token'] as string };
}

const ask = (id: string, token: string, text: string, messageId: string = randomUUID()) =>
  chat(gw, { platformConversationId: id, eventType: 'message', text, messageId }, token);

/** One line per event, as the visitor's widget would take it. */
function line(event: SseEvent): string {
  const payload = payloadOf(event);
  const sender = JSON.parse(event.data).conversationEntry.senderDisplayName as string;
  switch (payload.entryType) {
    case 'Message': {
      const message = payload.abstractMessage;
      return `${sender}: ${message.staticContent.text}${message.agentMeta ? ` ${JSON.stringify(message.agentMeta)}` : ''}`;
    }
    case 'StreamingToken': {
      const t = payload.streamingToken;
      return t.tokenType === 'StreamingTokenValidation' ? `withdrawn before ${t.sequenceNumber}: ${t.result.reason}` : `token ${t.sequenceNumber} ${JSON.stringify(t.token.text)}`;
    }
    case 'TypingStartedIndicator':
      return `${sender} typing`;
    case 'TypingStoppedIndicator':
      return `${sender} stopped typing`;
    case 'ProgressIndicator':
      return `progress: ${payload.progressIndicator.progressMessage.text}`;
    case 'DeliveryAcknowledgement':
      return 'delivered';
    case 'ReadAcknowledgement':
      return 'read';
    case 'RoutingResult':
      return `notice: ${payload.failureReason}`;
    default:
      return payload.entryType;
  }
}

/** The conversation's events until `done` says it has them all (replayed from the start). */
async function transcript(token: string, done: (lines: string[]) => boolean) {
  const { events } = await readSse(gw, token, (all) => done(all.map(line)), undefined, 8000);
  return { lines: events.map(line), events };
}
const ended = (lines: string[]) => lines.some((l) => l.startsWith('Nova: ') || l.startsWith('notice: '));
const countOf = (lines: string[], prefix: string) => lines.filter((l) => l.startsWith(prefix)).length;

describe('the OpenAI-compatible agent', () => {
  it('streams the answer: receipts, typing, numbered tokens, then one final message naming the model that answered', async () => {
    const { id, token } = await conversation();
    expect((await ask(id, token, 'hello', 'q-1')).status).toBe(200);
    const { lines, events } = await transcript(token, ended);
    expect(lines).toEqual([
      'You: hello',
      'delivered',
      'read',
      'Nova typing',
      'token 1 "You "',
      'token 2 "said "',
      'token 3 "“hello”."',
      'Nova stopped typing',
      `Nova: You said “hello”. {"modelsUsed":["${FAKE_MODEL}"],"toolsUsed":[]}`,
    ]);
    const final = payloadOf(events.at(-1)!);
    const tokens = events.filter((e) => e.event === 'CONVERSATION_STREAMING_TOKEN').map(payloadOf);
    expect(new Set(tokens.map((t) => t.streamingToken.targetMessageIdentifier))).toEqual(new Set([final.id]));
    expect(JSON.parse(events.at(-1)!.data).conversationEntry.sender).toEqual({ role: 'Chatbot', appType: 'chatbot', subject: 'openai-agent' });
    expect(payloadOf(events[1]!).acknowledgedConversationEntryIdentifier).toBe('q-1');
    expect(fake.received).toEqual([{
      authorization: 'Bearer sk-test',
      body: { model: 'configured-model', stream: true, messages: [{ role: 'system', content: 'Be brief.' }, { role: 'user', content: 'hello' }] },
    }]);
  });

  it('shows a tool call as progress naming the tool, and lists the tool on the answer', async () => {
    const { id, token } = await conversation();
    await ask(id, token, 'tool please');
    const { lines } = await transcript(token, ended);
    expect(lines).toEqual([
      'You: tool please', 'delivered', 'read', 'Nova typing', 'progress: Using search_docs…',
      'token 1 "You "', 'token 2 "said "', 'token 3 "“tool "', 'token 4 "please”."', 'Nova stopped typing',
      `Nova: You said “tool please”. {"modelsUsed":["${FAKE_MODEL}"],"toolsUsed":["search_docs"]}`,
    ]);
  });

  it('sends the conversation history from the store, bounded, and still has it after a restart', async () => {
    const { id, token } = await conversation();
    await ask(id, token, 'one');
    await transcript(token, (lines) => countOf(lines, 'Nova: ') === 1);
    await gw.close();
    gw = await startGateway({ dataDir, agentName: 'Nova', openai: agentConfig({ historyMessages: 3 }) });
    await ask(id, token, 'two');
    await transcript(token, (lines) => countOf(lines, 'Nova: ') === 2);
    await ask(id, token, 'three');
    await transcript(token, (lines) => countOf(lines, 'Nova: ') === 3);
    expect(fake.received.map((r) => r.body.messages)).toEqual([
      [{ role: 'system', content: 'Be brief.' }, { role: 'user', content: 'one' }],
      [{ role: 'system', content: 'Be brief.' }, { role: 'user', content: 'one' }, { role: 'assistant', content: 'You said “one”.' }, { role: 'user', content: 'two' }],
      [{ role: 'system', content: 'Be brief.' }, { role: 'user', content: 'two' }, { role: 'assistant', content: 'You said “two”.' }, { role: 'user', content: 'three' }],
    ]);
  });

  it("sends a visitor's image as an image part and a CSV by name and URL in the text, in the question and in later history", async () => {
    const { id, token } = await conversation();
    const png = (await uploadFile(gw, token, Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(16)]), 'chart.png')).body;
    const csv = (await uploadFile(gw, token, Buffer.from('a,b\n1,2\n'), 'data.csv')).body;
    const files = [png, csv].map(({ id: fileId, name, type, size }) => ({ id: fileId, name, type, size }));
    await chat(gw, { platformConversationId: id, eventType: 'message', text: 'Explain', messageId: randomUUID(), attachments: files }, token);
    await transcript(token, (lines) => countOf(lines, 'Nova: ') === 1);
    await ask(id, token, 'and the total?');
    await transcript(token, (lines) => countOf(lines, 'Nova: ') === 2);
    const signed = (name: string) => expect.stringMatching(new RegExp(`^http://localhost:8787/api/files/get\\?f=${files.find((f) => f.name === name)!.id}&e=\\d+&s=`));
    const question = [
      { type: 'text', text: expect.stringMatching(/^Explain\nAttached file: data\.csv \(csv, 8 bytes\) http:\/\/localhost:8787\/api\/files\/get\?f=/) },
      { type: 'image_url', image_url: { url: signed('chart.png') } },
    ];
    expect(fake.received.map((r) => r.body.messages[1])).toEqual([{ role: 'user', content: question }, { role: 'user', content: question }]);
  });

  const HALF = ['delivered', 'read', 'Nova typing', 'token 1 "Half "', 'token 2 "an "'];
  it.each([
    ['fail 401', [], FAILURE_NOTICE.credentials],
    ['fail 429', [], FAILURE_NOTICE.busy],
    ['fail 500', [], FAILURE_NOTICE.serverError],
    ['fail timeout', [], FAILURE_NOTICE.timeout],
    ['fail cut', [...HALF, `withdrawn before 3: ${FAILURE_NOTICE.cut}`, 'Nova stopped typing'], FAILURE_NOTICE.cut],
    ['fail malformed', [...HALF, `withdrawn before 3: ${FAILURE_NOTICE.malformed}`, 'Nova stopped typing'], FAILURE_NOTICE.malformed],
  ])('%s: the visitor is told, their message is kept and not answered twice, and the next one is answered', async (text, middle, notice) => {
    await gw.close();
    gw = await startGateway({ dataDir, agentName: 'Nova', openai: agentConfig({ timeoutMs: 300 }) });
    const { id, token } = await conversation();
    expect((await ask(id, token, text, 'q-fail')).status).toBe(200);
    expect((await transcript(token, ended)).lines).toEqual([`You: ${text}`, ...middle, `notice: ${notice}`]);
    expect(await gw.store.visitorMessage(id, 'q-fail')).toEqual({ forwarded: true });

    // The widget's retry of the same message: accepted again, the model is not asked again.
    expect((await ask(id, token, text, 'q-fail')).status).toBe(200);
    await ask(id, token, 'hello again');
    const { lines } = await transcript(token, (all) => countOf(all, 'Nova: ') === 1);
    expect(lines.slice(-2)).toEqual(['Nova stopped typing', `Nova: You said “hello again”. {"modelsUsed":["${FAKE_MODEL}"],"toolsUsed":[]}`]);
    expect(fake.received.map((r) => r.body.messages.at(-1)!.content)).toEqual([text, 'hello again']);
    expect(countOf(lines, 'You: ')).toBe(2);
    expect(countOf(lines, 'notice: ')).toBe(1);
  });

  it.each([
    ['a wrong key', { apiKey: 'sk-wrong' }, FAILURE_NOTICE.credentials],
    ['a service that cannot be reached', { baseUrl: 'http://127.0.0.1:9/v1' }, FAILURE_NOTICE.unreachable],
  ])('tells the visitor about %s', async (_, overrides, notice) => {
    await gw.close();
    gw = await startGateway({ dataDir, agentName: 'Nova', openai: agentConfig(overrides) });
    const { id, token } = await conversation();
    await ask(id, token, 'hello');
    expect((await transcript(token, ended)).lines).toEqual(['You: hello', `notice: ${notice}`]);
  });

  it('Stop ends the reply with the text streamed so far, marked stopped; a second Stop changes nothing', async () => {
    const { id, token } = await conversation();
    await ask(id, token, 'slow');
    await transcript(token, (lines) => countOf(lines, 'token ') >= 3);
    expect(await chat(gw, { platformConversationId: id, eventType: 'stop' }, token)).toMatchObject({ status: 200, body: { ok: true } });
    const { lines, events } = await transcript(token, ended);
    const streamed = events.filter((e) => e.event === 'CONVERSATION_STREAMING_TOKEN').map((e) => payloadOf(e).streamingToken.token.text as string).join('');
    expect(streamed.length).toBeGreaterThan(0);
    expect(streamed.length).toBeLessThan(SLOW_ANSWER.length);
    expect(lines.slice(-2)).toEqual(['Nova stopped typing', `Nova: ${streamed} {"modelsUsed":["${FAKE_MODEL}"],"toolsUsed":[],"stopped":true}`]);

    expect((await chat(gw, { platformConversationId: id, eventType: 'stop' }, token)).status).toBe(200);
    await ask(id, token, 'after');
    const after = await transcript(token, (all) => countOf(all, 'Nova: ') === 2);
    expect(after.lines.slice(lines.length)).toEqual([
      'You: after', 'delivered', 'read', 'Nova typing', 'token 1 "You "', 'token 2 "said "', 'token 3 "“after”."', 'Nova stopped typing',
      `Nova: You said “after”. {"modelsUsed":["${FAKE_MODEL}"],"toolsUsed":[]}`,
    ]);
  });

  it('takes a stop only from the conversation, and one for a conversation that does not exist creates nothing', async () => {
    const { id, token } = await conversation();
    expect((await chat(gw, { platformConversationId: id, eventType: 'stop' })).status).toBe(401);
    expect((await chat(gw, { platformConversationId: id, eventType: 'stop', metadata: [{ key: 'a', value: 'b' }] }, token)).body).toEqual({
      error: { code: 'invalid_request', message: 'stop takes no metadata.' },
    });
    const stranger = randomUUID();
    expect(await chat(gw, { platformConversationId: stranger, eventType: 'stop' })).toMatchObject({ status: 200, body: { ok: true } });
    expect(await gw.store.getConversation(stranger)).toBeUndefined();
  });
});
