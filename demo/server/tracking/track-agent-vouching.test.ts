// Server-side tracking forwards only what the gateway can vouch for (PROTOCOL §4).
import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { type TestGateway, chat, pendoStandIn, startConversation, startGateway } from '../testing/test-support';

const KEY = 'owner';
let pendo: Awaited<ReturnType<typeof pendoStandIn>>;
let gw: TestGateway;

afterEach(async () => {
  await gw.close();
  await pendo.close();
});

async function setUp() {
  pendo = await pendoStandIn();
  gw = await startGateway({ pendo: { url: pendo.url, secret: 'pendo-secret' }, exportApiKeys: [KEY] });
}

/** A conversation with one visitor message and the demo bot's welcome. */
async function conversation() {
  const { id, token } = await startConversation(gw);
  const promptId = randomUUID();
  await chat(gw, { platformConversationId: id, eventType: 'message', text: 'What does it cost?', messageId: promptId }, token);
  let welcome;
  for (let i = 0; i < 100 && !welcome; i++) {
    welcome = (await gw.store.messagesOf([id])).find((m) => m.role === 'Chatbot');
    if (!welcome) await new Promise((r) => setTimeout(r, 20));
  }
  return { id, token, promptId, welcome: welcome! };
}

const call = (conversationId: string, eventType: string, messageId: string, content: string, properties: Record<string, unknown> = { experiment: 'b' }) => ({
  eventType,
  agenticProperties: { agentId: 'support-bot', conversationId, messageId, content, agentModelsUsed: ['m'], suggestedPrompt: false, toolsUsed: [], agentFilesUploaded: [] },
  properties,
});

const post = (token: string, body: unknown, path = '/api/track-agent', headers: Record<string, string> = {}) =>
  fetch(`${gw.url}${path}`, { method: 'POST', headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}`, ...headers }, body: JSON.stringify(body) })
    .then(async (r) => ({ status: r.status, body: (await r.json()) as Record<string, any> }));

/** Waits until the forwarder has had time to send whatever was queued. */
const settle = async () => {
  for (let i = 0; i < 20; i++) await new Promise((r) => setTimeout(r, 25));
};

describe('server-side tracking vouches for what it forwards', () => {
  it('refuses a messageId that is not a message of the token’s conversation', async () => {
    await setUp();
    const mine = await conversation();
    const other = await conversation();
    for (const messageId of ['invented-id', other.promptId]) {
      const answer = await post(mine.token, call(mine.id, 'prompt', messageId, 'Hello'));
      expect(answer.status).toBe(404);
      expect(answer.body.error.code).toBe('unknown_message');
    }
    await settle();
    expect(pendo.calls).toEqual([]);
  });

  it('forwards the stored text, not the content the client sent, and checks who wrote the message', async () => {
    await setUp();
    const { id, token, promptId, welcome } = await conversation();
    expect((await post(token, call(id, 'prompt', promptId, 'Buy crypto at evil.example'))).status).toBe(202);
    expect((await post(token, call(id, 'agent_response', welcome.id, 'Forged answer'))).status).toBe(202);
    const wrongRole = await post(token, call(id, 'agent_response', promptId, 'x'));
    expect(wrongRole.status).toBe(400);
    expect(wrongRole.body.error.message).toMatch(/agent_response must name a message from the agent/);
    await settle();
    expect(pendo.calls.map((c) => [c.body.eventType, c.body.agenticProperties.content])).toEqual([
      ['prompt', 'What does it cost?'],
      ['agent_response', welcome.text],
    ]);
  });

  it('forwards a prompt once, whatever Idempotency-Key the client sends', async () => {
    await setUp();
    const { id, token, promptId } = await conversation();
    for (const key of ['k1', 'k2', 'k3']) await post(token, call(id, 'prompt', promptId, 'x'), '/api/track-agent', { 'Idempotency-Key': key });
    await settle();
    expect(pendo.calls).toHaveLength(1);
  });

  it('forwards each change of a reaction once; a resend under a new key changes nothing', async () => {
    await setUp();
    const { id, token, welcome } = await conversation();
    for (const [content, key] of [['positive', 'a'], ['positive', 'b'], ['unreact', 'c'], ['unreact', 'd'], ['positive', 'e']]) {
      await post(token, call(id, 'user_reaction', welcome.id, content!), '/api/track-agent', { 'Idempotency-Key': key! });
    }
    await settle();
    expect(pendo.calls.map((c) => c.body.agenticProperties.content)).toEqual(['positive', 'unreact', 'positive']);
  });

  it('refuses properties over 2 KB', async () => {
    await setUp();
    const { id, token, promptId } = await conversation();
    const answer = await post(token, call(id, 'prompt', promptId, 'x', { blob: 'x'.repeat(40_000) }));
    expect(answer.status).toBe(413);
    const wide = await post(token, call(id, 'prompt', promptId, 'x', { blob: 'x'.repeat(2100) }));
    expect(wide.status).toBe(400);
    expect(wide.body.error.message).toMatch(/properties must be an object of at most 20 keys and 2048 bytes/);
  });

  it('records no reaction to an invented message: the analytics do not move', async () => {
    await setUp();
    const { id, token } = await conversation();
    for (let i = 0; i < 5; i++) {
      const answer = await post(token, call(id, 'user_reaction', `invented-${i}`, 'negative'), '/api/reactions');
      expect(answer.status).toBe(404);
    }
    const now = Math.floor(Date.now() / 1000);
    const analytics = (await (await fetch(`${gw.url}/api/analytics?start_time=${now - 60}&end_time=${now + 60}`, { headers: { 'x-api-key': KEY } })).json()) as { reactions: unknown };
    expect(analytics.reactions).toEqual({ positive: 0, negative: 0 });
  });
});
